#include "oauth/signinflow.h"

#include "net/wiretext.h"
#include "oauth/endpointresolver.h"
#include "oauth/oauthlog.h"
#include "oauth/pkce.h"
#include "oauth/refreshtokenstore.h"
#include "oauth/tokenclient.h"

#include <QHostAddress>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>

namespace mailshim {

namespace {

// A value of the redirect's query, for words: "+" is a space there (form encoding), control bytes go.
QString text(const QVariantMap &values, const char *key, qsizetype max = 300)
{
    return WireText::sanitizeForDisplay(
        values.value(QLatin1String(key)).toString().replace(QLatin1Char('+'), QLatin1Char(' ')).toUtf8(), max);
}

} // namespace

SignInFlow::SignInFlow(RefreshTokenStore &store, QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_store(store), m_resolver(new EndpointResolver(manager, this)),
      m_client(new TokenClient(manager, this))
{
    qRegisterMetaType<mailshim::SignInResult>();
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(SignInResult::Status::TimedOut,
               QStringLiteral("no answer came from the browser in time (%1 s); start the sign-in again")
                   .arg(m_timeoutMs / 1000));
    });
}

SignInFlow::~SignInFlow() = default;

void SignInFlow::start(const OAuthAccount &account)
{
    if (m_running)
        cancel();
    m_running = true;
    const quint64 attempt = ++m_attempt;
    m_account = account;
    m_authorizationUrl.clear();
    m_redirectUri.clear();
    m_timeout.start(m_timeoutMs);
    m_resolver->resolve(account.settings, OAuthUse::Pop3AndSmtp, this, [this, attempt](const EndpointAnswer &answer) {
        if (attempt != m_attempt || !m_running)
            return;
        switch (answer.status) {
        case EndpointAnswer::Status::Ok:
            begin(answer.endpoints);
            return;
        case EndpointAnswer::Status::Invalid:
            finish(SignInResult::Status::InvalidSettings, answer.error);
            return;
        case EndpointAnswer::Status::Temporary:
            finish(SignInResult::Status::Unavailable, answer.error);
            return;
        }
    });
}

void SignInFlow::cancel()
{
    if (m_running)
        finish(SignInResult::Status::Cancelled, QStringLiteral("the sign-in was cancelled"));
}

void SignInFlow::begin(const OAuthEndpoints &endpoints)
{
    m_endpoints = endpoints;
    m_verifier = Pkce::newVerifier();
    m_state = QString::fromLatin1(Pkce::newState());

    // RFC 8252 section 7.3: the loopback IP literal, any free port.
    auto *handler = new QOAuthHttpServerReplyHandler(QHostAddress(QHostAddress::LocalHost), 0, this);
    if (!handler->isListening()) {
        delete handler;
        finish(SignInResult::Status::NoListener,
               QStringLiteral("no port on 127.0.0.1 could be opened for the browser's answer"));
        return;
    }
    handler->setCallbackText(QStringLiteral("MailShim has the answer. You can close this page."));
    m_handler = handler;
    m_redirectUri = handler->callback();

    auto *flow = new QOAuth2AuthorizationCodeFlow(this);
    m_flow = flow;
    flow->setAuthorizationUrl(endpoints.authorizationUrl);
    flow->setAccessTokenUrl(endpoints.tokenUrl);
    flow->setClientIdentifier(endpoints.clientId);
    flow->setScope(endpoints.scopes.join(QLatin1Char(' ')));
    flow->setState(m_state);
    flow->setReplyHandler(handler);
    const QByteArray challenge = Pkce::challengeS256(m_verifier);
    const QString user = m_account.user;
    const auto extra = endpoints.authorizationParameters;
    flow->setModifyParametersFunction(
        [challenge, user, extra](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *parameters) {
            if (stage != QAbstractOAuth::Stage::RequestingAuthorization)
                return;
            parameters->replace(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
            parameters->replace(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
            if (!user.isEmpty())
                parameters->replace(QStringLiteral("login_hint"), user);
            for (const auto &[name, value] : extra)
                parameters->replace(name, value);
        });
    connect(flow, &QAbstractOAuth::authorizeWithBrowser, this, [this](const QUrl &url) { m_authorizationUrl = url; });
    flow->grant();

    // QtNetworkAuth would redeem the code itself, and 6.4 only logs what goes wrong: the browser's answer comes here
    // instead. grant() has made its connections by now, and no answer can arrive before the event loop runs.
    disconnect(handler, &QAbstractOAuthReplyHandler::callbackReceived, flow, nullptr);
    disconnect(flow, &QAbstractOAuth2::authorizationCallbackReceived, nullptr, nullptr);
    connect(handler, &QAbstractOAuthReplyHandler::callbackReceived, this, &SignInFlow::callbackReceived);

    if (m_authorizationUrl.isEmpty()) {
        finish(
            SignInResult::Status::InvalidSettings,
            QStringLiteral("no authorization URL could be built from %1").arg(endpoints.authorizationUrl.toString()));
        return;
    }
    qCInfo(lcOAuth).noquote() << "sign-in for" << m_account.user << "started at" << endpoints.authorizationUrl.host()
                              << "- waiting for the browser on" << m_redirectUri;
    Q_EMIT authorizationUrlReady(m_authorizationUrl);
    if (m_openUrl) {
        // From the event loop, so a browser that answers at once finds every connection in place.
        const quint64 attempt = m_attempt;
        QTimer::singleShot(0, this, [this, attempt] {
            if (attempt == m_attempt && m_running && m_openUrl)
                m_openUrl(m_authorizationUrl);
        });
    }
}

void SignInFlow::callbackReceived(const QVariantMap &values)
{
    if (!m_running || m_handler.isNull())
        return;
    const QString error = text(values, "error", 80);
    const QString code = values.value(QStringLiteral("code")).toString();
    if (error.isEmpty() && code.isEmpty())
        return; // not the redirect (a favicon request, a stray visit): keep waiting
    if (values.value(QStringLiteral("state")).toString() != m_state) {
        finish(SignInResult::Status::StateMismatch,
               QStringLiteral("the browser's answer did not belong to this sign-in (state mismatch); start the "
                              "sign-in again"));
        return;
    }
    // RFC 9207: a provider that names itself in the answer must be the issuer this sign-in went to (mix-up defence).
    const QString iss = QUrl::fromPercentEncoding(values.value(QStringLiteral("iss")).toString().toUtf8());
    if (!iss.isEmpty() && !m_account.settings.issuer.isEmpty() &&
        QUrl(iss).adjusted(QUrl::StripTrailingSlash) !=
            QUrl(m_account.settings.issuer).adjusted(QUrl::StripTrailingSlash)) {
        finish(SignInResult::Status::StateMismatch,
               QStringLiteral("the browser's answer came from another issuer (%1); start the sign-in again")
                   .arg(WireText::sanitizeForDisplay(iss.toUtf8(), 120)));
        return;
    }
    stopListening();
    if (!error.isEmpty()) {
        const QString description = text(values, "error_description");
        const QString said = description.isEmpty() ? error : error + QStringLiteral(": ") + description;
        finish(error == QLatin1String("access_denied") ? SignInResult::Status::AccessDenied
                                                       : SignInResult::Status::Refused,
               error == QLatin1String("access_denied")
                   ? QStringLiteral("access was denied in the browser (%1)").arg(said)
                   : QStringLiteral("the provider refused the sign-in (%1)").arg(said));
        return;
    }
    const quint64 attempt = m_attempt;
    m_client->redeemCode(m_endpoints, code, m_redirectUri, m_verifier, this,
                         [this, attempt](const TokenResponse &response) {
                             if (attempt == m_attempt && m_running)
                                 codeRedeemed(response);
                         });
}

void SignInFlow::codeRedeemed(const TokenResponse &response)
{
    switch (response.status) {
    case TokenResponse::Status::SignInNeeded:
        finish(SignInResult::Status::Refused, response.detail);
        return;
    case TokenResponse::Status::Temporary:
        finish(SignInResult::Status::Unavailable, response.detail);
        return;
    case TokenResponse::Status::Ok:
        break;
    }
    if (response.refreshToken.isEmpty()) {
        finish(SignInResult::Status::NoRefreshToken,
               QStringLiteral("the provider signed you in but gave no refresh token, so MailShim could not stay "
                              "signed in; check that the application may ask for offline access"));
        return;
    }
    const quint64 attempt = m_attempt;
    m_store.storeSignIn(m_account, response.refreshToken, this, [this, attempt](bool ok, const QString &error) {
        if (attempt != m_attempt || !m_running)
            return;
        if (ok)
            finish(SignInResult::Status::SignedIn, QStringLiteral("signed in as %1").arg(m_account.user));
        else
            finish(SignInResult::Status::StoreFailed,
                   QStringLiteral("signed in, but the refresh token could not be stored: %1").arg(error));
    });
}

void SignInFlow::stopListening()
{
    // The port closes now; the handler itself goes a little later, as it may still be answering the browser.
    if (m_handler) {
        m_handler->close();
        QTimer::singleShot(5000, m_handler.data(), &QObject::deleteLater);
    }
    if (m_flow)
        m_flow->deleteLater();
    m_handler.clear();
    m_flow.clear();
}

void SignInFlow::finish(SignInResult::Status status, const QString &detail)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_attempt;
    m_timeout.stop();
    stopListening();
    m_verifier.clear();
    if (status == SignInResult::Status::SignedIn)
        qCInfo(lcOAuth).noquote() << "sign-in for" << m_account.user << "done: refresh token stored";
    else
        qCWarning(lcOAuth).noquote() << "sign-in for" << m_account.user << "failed:" << detail;
    Q_EMIT finished({status, detail});
}

} // namespace mailshim
