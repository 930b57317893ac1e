#include "oauth/oauthdiscovery.h"

#include "oauth/oauthhttp.h"
#include "oauth/oauthlog.h"
#include "oauth/oauthprovider.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace mailshim {

namespace {

// The issuer as the user may type it, with or without one trailing slash.
QString comparable(const QUrl &url)
{
    return url.adjusted(QUrl::StripTrailingSlash).toString(QUrl::FullyEncoded);
}

} // namespace

OAuthDiscovery::OAuthDiscovery(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_manager(manager ? manager : new QNetworkAccessManager(this))
{
}

QUrl OAuthDiscovery::documentUrl(const QUrl &issuer)
{
    QUrl url = issuer;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    return url;
}

DiscoveryResult OAuthDiscovery::parse(const QUrl &issuer, const QByteArray &document)
{
    DiscoveryResult result;
    result.status = DiscoveryResult::Status::Invalid;
    QJsonParseError parseError{};
    const QJsonDocument json = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError || !json.isObject()) {
        result.error = QStringLiteral("the discovery document of %1 is not a JSON object").arg(issuer.toString());
        return result;
    }
    const QJsonObject object = json.object();
    const QUrl named(object.value(QLatin1String("issuer")).toString());
    if (comparable(named) != comparable(issuer)) {
        result.error = QStringLiteral("the discovery document at %1 names another issuer (%2)")
                           .arg(issuer.toString(), named.toString());
        return result;
    }
    result.authorizationUrl = QUrl(object.value(QLatin1String("authorization_endpoint")).toString());
    result.tokenUrl = QUrl(object.value(QLatin1String("token_endpoint")).toString());
    for (const auto &[name, url] :
         {std::pair{"authorization_endpoint", result.authorizationUrl}, std::pair{"token_endpoint", result.tokenUrl}}) {
        if (!isAcceptableOAuthUrl(url)) {
            result.error = QStringLiteral("the discovery document of %1 has no usable %2 (https, or http on a "
                                          "loopback address): \"%3\"")
                               .arg(issuer.toString(), QLatin1String(name), url.toString());
            return result;
        }
    }
    result.status = DiscoveryResult::Status::Ok;
    return result;
}

void OAuthDiscovery::discover(const QUrl &issuer, QObject *context, std::function<void(const DiscoveryResult &)> done)
{
    if (!isAcceptableOAuthUrl(issuer)) {
        DiscoveryResult result;
        result.status = DiscoveryResult::Status::Invalid;
        result.error = QStringLiteral("the issuer %1 is not an https URL").arg(issuer.toString());
        QMetaObject::invokeMethod(
            context ? context : this, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
        return;
    }
    const QUrl url = documentUrl(issuer);
    OAuthHttp::send(
        m_manager, url, {}, m_timeoutMs, context, [issuer, url, done = std::move(done)](const OAuthHttpReply &reply) {
            DiscoveryResult result;
            if (reply.httpStatus == 200) {
                result = parse(issuer, reply.body);
            } else if (reply.httpStatus == 0 || reply.httpStatus >= 500 || reply.httpStatus == 429) {
                result.status = DiscoveryResult::Status::Temporary;
                result.error =
                    reply.httpStatus == 0
                        ? QStringLiteral("%1 could not be reached: %2").arg(url.toString(), reply.networkError)
                        : QStringLiteral("%1 answered HTTP %2").arg(url.toString()).arg(reply.httpStatus);
            } else {
                result.status = DiscoveryResult::Status::Invalid;
                result.error = QStringLiteral("%1 answered HTTP %2").arg(url.toString()).arg(reply.httpStatus);
            }
            if (result.status != DiscoveryResult::Status::Ok)
                qCInfo(lcOAuth).noquote() << "discovery failed:" << result.error;
            done(result);
        });
}

} // namespace mailshim
