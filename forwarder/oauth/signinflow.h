#pragma once

// SignInFlow: the one browser sign-in of an account (RFC 6749 authorization code, RFC 7636 PKCE with S256, RFC 8252
// loopback redirect). QtNetworkAuth's QOAuth2AuthorizationCodeFlow builds the authorization URL (PKCE and the
// provider's extra parameters added through its parameter hook) and its QOAuthHttpServerReplyHandler listens on
// http://127.0.0.1:<free port>/ for the browser's redirect. The answer is checked here (state, error) and the code
// is redeemed with TokenClient, because QtNetworkAuth 6.4 only logs a state mismatch or a token endpoint error.
// The result: the refresh token stored for the account (RefreshTokenStore::storeSignIn), or a clear reason.
//
// The browser is opened through an injectable function: the GUI passes QDesktopServices::openUrl, the command line
// prints the URL, the tests drive a test browser.

#include "core/accesstokensource.h"
#include "oauth/oauthprovider.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>
#include <functional>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;
class QOAuthHttpServerReplyHandler;

namespace mailshim {

class EndpointResolver;
class RefreshTokenStore;
class TokenClient;
struct TokenResponse;

struct SignInResult
{
    enum class Status {
        SignedIn,        // the refresh token is stored
        AccessDenied,    // the user (or an administrator's policy) said no in the browser
        StateMismatch,   // the redirect did not carry this sign-in's state: not ours, or forged
        TimedOut,        // no redirect came in time
        Refused,         // the provider refused the code or the client (error says which)
        NoRefreshToken,  // signed in, but the provider gave no refresh token (offline access not granted)
        InvalidSettings, // the account's OAuth settings cannot work (no client id, a bad issuer, ...)
        Unavailable,     // the provider could not be reached: try again
        StoreFailed,     // the keychain refused the refresh token
        NoListener,      // no loopback port could be opened for the redirect
        Cancelled,
    };
    Status status = Status::Cancelled;
    QString detail; // plain words for the user and the log; never a token or a code
};

class SignInFlow : public QObject
{
    Q_OBJECT
public:
    using OpenUrl = std::function<void(const QUrl &)>;

    explicit SignInFlow(RefreshTokenStore &store, QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);
    ~SignInFlow() override;

    // How the authorization URL reaches a browser. Without one, only authorizationUrlReady() is emitted.
    void setOpenUrl(OpenUrl openUrl) { m_openUrl = std::move(openUrl); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    TokenClient *tokenClient() { return m_client; }

    // Starts one sign-in; finished() follows exactly once (unless the flow is destroyed first).
    void start(const OAuthAccount &account);
    void cancel();

    QUrl authorizationUrl() const { return m_authorizationUrl; }
    QString redirectUri() const { return m_redirectUri; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void authorizationUrlReady(const QUrl &url);
    void finished(const mailshim::SignInResult &result);

private:
    void begin(const OAuthEndpoints &endpoints);
    void callbackReceived(const QVariantMap &values);
    void codeRedeemed(const TokenResponse &response);
    void finish(SignInResult::Status status, const QString &detail);
    void stopListening();

    RefreshTokenStore &m_store;
    EndpointResolver *m_resolver = nullptr;
    TokenClient *m_client = nullptr;
    OpenUrl m_openUrl;
    int m_timeoutMs = 10 * 60 * 1000;

    bool m_running = false;
    quint64 m_attempt = 0; // answers of an earlier start() are ignored
    OAuthAccount m_account;
    OAuthEndpoints m_endpoints;
    QByteArray m_verifier;
    QString m_state;
    QString m_redirectUri;
    QUrl m_authorizationUrl;
    QTimer m_timeout;
    QPointer<QOAuth2AuthorizationCodeFlow> m_flow;
    QPointer<QOAuthHttpServerReplyHandler> m_handler;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::SignInResult)
