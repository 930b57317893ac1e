#include "oauth/tokenclient.h"

#include "net/wiretext.h"
#include "oauth/oauthhttp.h"
#include "oauth/oauthlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrlQuery>

namespace mailshim {

namespace {

// RFC 6749 appendix B: application/x-www-form-urlencoded, every reserved byte escaped.
void addField(QByteArray &form, const char *name, const QByteArray &value)
{
    if (!form.isEmpty())
        form += '&';
    form += name;
    form += '=';
    form += value.toPercentEncoding();
}

void addClient(QByteArray &form, const OAuthEndpoints &endpoints)
{
    addField(form, "client_id", endpoints.clientId.toUtf8());
    if (!endpoints.clientSecret.isEmpty())
        addField(form, "client_secret", endpoints.clientSecret.toUtf8());
}

bool refusesTheGrant(const QString &error)
{
    // The grant or the client is no good: retrying the same request can never succeed.
    return error == QLatin1String("invalid_grant") || error == QLatin1String("invalid_client") ||
           error == QLatin1String("unauthorized_client") || error == QLatin1String("invalid_scope") ||
           error == QLatin1String("unsupported_grant_type") || error == QLatin1String("invalid_request") ||
           error == QLatin1String("access_denied");
}

} // namespace

TokenClient::TokenClient(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_manager(manager ? manager : new QNetworkAccessManager(this))
{
}

TokenResponse TokenClient::interpret(int httpStatus, const QByteArray &body, const QString &networkError)
{
    TokenResponse response;
    if (httpStatus == 0) {
        response.status = TokenResponse::Status::Temporary;
        response.detail = QStringLiteral("the token endpoint could not be reached: %1").arg(networkError);
        return response;
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QString error = WireText::sanitizeForDisplay(json.value(QLatin1String("error")).toString().toUtf8(), 80);
    const QString description =
        WireText::sanitizeForDisplay(json.value(QLatin1String("error_description")).toString().toUtf8(), 300);
    response.error = error;

    if (httpStatus == 200 && error.isEmpty()) {
        const QString accessToken = json.value(QLatin1String("access_token")).toString();
        if (accessToken.isEmpty()) {
            response.status = TokenResponse::Status::Temporary;
            response.detail = QStringLiteral("the token endpoint answered without an access token");
            return response;
        }
        response.status = TokenResponse::Status::Ok;
        response.accessToken = accessToken.toUtf8();
        response.refreshToken = json.value(QLatin1String("refresh_token")).toString().toUtf8();
        const QJsonValue expires = json.value(QLatin1String("expires_in"));
        // RFC 6749 says a number; some providers send a string. Anything not a sane lifetime (at most a year; a
        // double out of qint64's range would be undefined to convert) counts as not said.
        constexpr double maxLifetimeSecs = 366.0 * 24 * 3600;
        bool ok = false;
        const double seconds = expires.isDouble() ? expires.toDouble() : expires.toString().toDouble(&ok);
        ok = ok || expires.isDouble();
        response.expiresInSecs = ok && seconds >= 1 && seconds <= maxLifetimeSecs ? qint64(seconds) : -1;
        response.scope = json.value(QLatin1String("scope")).toString();
        return response;
    }

    const QString said = error.isEmpty() ? QStringLiteral("HTTP %1").arg(httpStatus)
                                         : (description.isEmpty() ? error : error + QStringLiteral(": ") + description);
    if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408 ||
        error == QLatin1String("temporarily_unavailable") || error == QLatin1String("server_error") ||
        (httpStatus >= 300 && httpStatus < 400)) {
        response.status = TokenResponse::Status::Temporary;
        response.detail = QStringLiteral("the token endpoint cannot answer now (%1)").arg(said);
        return response;
    }
    if (httpStatus >= 400) {
        response.status = TokenResponse::Status::SignInNeeded;
        response.detail = refusesTheGrant(error)
                              ? QStringLiteral("the provider refused the sign-in (%1); sign in again").arg(said)
                              : QStringLiteral("the provider refused the request (%1)").arg(said);
        return response;
    }
    response.status = TokenResponse::Status::Temporary;
    response.detail = QStringLiteral("the token endpoint gave an unexpected answer (%1)").arg(said);
    return response;
}

void TokenClient::redeemCode(const OAuthEndpoints &endpoints, const QString &code, const QString &redirectUri,
                             const QByteArray &codeVerifier, QObject *context, Done done)
{
    QByteArray form;
    addField(form, "grant_type", "authorization_code");
    addField(form, "code", code.toUtf8());
    addField(form, "redirect_uri", redirectUri.toUtf8());
    addField(form, "code_verifier", codeVerifier);
    addClient(form, endpoints);
    post(endpoints, form, "code exchange", context, std::move(done));
}

void TokenClient::refresh(const OAuthEndpoints &endpoints, const QByteArray &refreshToken, QObject *context, Done done)
{
    QByteArray form;
    addField(form, "grant_type", "refresh_token");
    addField(form, "refresh_token", refreshToken);
    addClient(form, endpoints);
    if (!endpoints.scopes.isEmpty())
        addField(form, "scope", endpoints.scopes.join(QLatin1Char(' ')).toUtf8());
    post(endpoints, form, "refresh", context, std::move(done));
}

void TokenClient::post(const OAuthEndpoints &endpoints, const QByteArray &form, const char *what, QObject *context,
                       Done done)
{
    const QUrl url = endpoints.tokenUrl;
    if (!isAcceptableOAuthUrl(url)) {
        TokenResponse response;
        response.status = TokenResponse::Status::SignInNeeded;
        response.detail = QStringLiteral("the token endpoint %1 is not an https URL").arg(url.toString());
        QMetaObject::invokeMethod(
            context ? context : this, [done = std::move(done), response] { done(response); }, Qt::QueuedConnection);
        return;
    }
    const QString host = url.host();
    OAuthHttp::send(
        m_manager, url, form, m_timeoutMs, context, [done = std::move(done), what, host](const OAuthHttpReply &reply) {
            TokenResponse response = interpret(reply.httpStatus, reply.body, reply.networkError);
            if (response.status != TokenResponse::Status::Ok)
                qCInfo(lcOAuth).noquote() << "token" << what << "at" << host << "failed:" << response.detail;
            done(response);
        });
}

} // namespace mailshim
