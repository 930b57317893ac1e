#pragma once

#include "dovecotfixture.h"
#include "testpki.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtGlobal>
#include <functional>
#include <memory>

class QProcess;

// Runs a real OAuth 2.0 / OpenID provider (npm's oidc-provider, tests/support/oidc/provider.mjs, with Node) on a free
// loopback port over HTTPS, with its own TestPki, so sign-in and token tests talk to a real authorization server:
// - a public native client (clientId(), no secret, loopback redirects http://127.0.0.1:<any port>/, PKCE S256
//   required, a refresh token with every code, rotated on every use; reusing an old one revokes the whole grant);
// - an introspection client for Dovecot (client_secret_post), which sees access tokens only;
// - the users of DovecotFixture (alice, bob) with their passwords, on the provider's own login and consent pages
//   (driven by tests/support/oidcbrowser.py, see startBrowser());
// - the scope mailScope(), which Dovecot's passdb oauth2 demands (dovecotIntrospection()).
// What it issues survives stop() and start() (provider down, then up again: same port, same grants and tokens).
// Needs `node` and the modules installed by tests/support/oidc/install-modules.sh (scripts/setup-debian.sh runs it).
class OidcFixture
{
public:
    struct Tokens
    {
        QString accessToken;
        QString refreshToken;
        int expiresIn = 0;
        QString scope;
    };
    // RFC 7636: the verifier stays with the client; the challenge goes into the authorization URL.
    struct Pkce
    {
        QString verifier;
        QString challenge;
    };
    struct HttpReply
    {
        int status = 0;           // 0: no HTTP answer (connection refused, TLS error, timeout)
        QJsonObject json;         // the body, if it was a JSON object
        QString transport;        // the network error when status is 0
        QString describe() const; // for QVERIFY2; never prints a token (only the names of the fields)
    };

    OidcFixture();
    ~OidcFixture();
    Q_DISABLE_COPY_MOVE(OidcFixture)

    // Before start(), or while running (then it applies to the tokens issued from then on). Default 60 s.
    bool setAccessTokenLifetime(int seconds, QString *error = nullptr);
    // Before the first start(): refresh tokens and grants (default one day).
    void setRefreshTokenLifetime(int seconds) { m_refreshTokenTtl = seconds; }

    // The first call makes the directory, certificates and config and picks a free port; later calls start the
    // provider again on the same port with the same state (after stop()). Waits until it listens and serves its
    // discovery document. On failure *error says why, with the tail of the provider's log.
    bool start(QString *error);
    // Stops Node (the provider is down: connections refused); the state stays for the next start().
    void stop();
    bool isRunning() const;

    QString host() const { return QStringLiteral("127.0.0.1"); }
    // The issuer's host name (in the certificate, with IP:127.0.0.1; /etc/hosts maps it to 127.0.0.1).
    QString tlsHostName() const { return QStringLiteral("localhost"); }
    quint16 port() const { return m_port; }
    QString issuer() const;
    QString discoveryUrl() const;
    QString authorizationEndpoint() const;
    QString tokenEndpoint() const;
    QString introspectionEndpoint() const;
    QString revocationEndpoint() const;
    QString caFile() const;

    static QString clientId() { return QStringLiteral("mailshim-test"); }
    // The redirect URI of the native client for a loopback listener on port (RFC 8252: any port, this path).
    static QString redirectUri(quint16 port) { return QStringLiteral("http://127.0.0.1:%1/").arg(port); }
    static QString mailScope() { return QStringLiteral("mail"); }
    // What a mail client asks for: a refresh token and access to the mailbox.
    static QString defaultScope() { return QStringLiteral("openid offline_access mail"); }
    static QString introspectionClientId() { return QStringLiteral("dovecot"); }
    QString introspectionClientSecret() const { return m_introspectionSecret; }
    // Everything DovecotFixture::enableOAuth() needs to validate this provider's access tokens.
    DovecotFixture::OAuth dovecotIntrospection() const;

    // Revokes every grant of account and every token issued under them (as "remove app access" at a provider):
    // the next refresh gets invalid_grant. *revoked: how many grants there were.
    bool revokeGrants(const QString &account, int *revoked, QString *error);
    // How many grants account has (-1 on error).
    int grantCount(const QString &account);

    // PKCE and the authorization URL a client opens in the browser.
    static Pkce makePkce();
    QString authorizationUrl(const QString &redirectUri, const QString &state, const QString &codeChallenge,
                             const QString &scope = defaultScope()) const;
    // The test browser (oidcbrowser.py) as a started process (not waited for: the caller's loopback listener must keep
    // running its event loop while the browser delivers the redirect). Its one JSON line: browserResult().
    std::unique_ptr<QProcess> startBrowser(const QString &url, const QString &user, const QString &password) const;
    static QString browserScript();
    static QJsonObject browserResult(QProcess &browser);

    // The token endpoint, as a client without the engine's token client: code exchange, refresh, introspection.
    HttpReply get(const QString &url, int timeoutMs = 10000) const;
    HttpReply post(const QString &url, const QList<QPair<QString, QString>> &form, int timeoutMs = 10000) const;
    HttpReply exchangeCode(const QString &code, const QString &verifier, const QString &redirectUri) const;
    HttpReply refresh(const QString &refreshToken) const;
    HttpReply introspect(const QString &token) const;
    static Tokens tokensFrom(const HttpReply &reply);

    // What a loopback listener run by browse() received.
    struct Redirect
    {
        QJsonObject browser;      // the browser's JSON line (ok, stage, error, ...) plus its exitCode
        QString redirectUri;      // http://127.0.0.1:<listener port>/
        bool arrived = false;     // the listener got a GET
        QUrlQuery query;          // its query (code, state, iss; or error)
        QString describe() const; // for QVERIFY2 (no codes)
    };
    // Runs a loopback listener, as the application does, and the test browser on the URL that makeUrl builds for the
    // listener's redirect URI; returns when the browser has finished (at most 30 s).
    Redirect browse(const std::function<QString(const QString &redirectUri)> &makeUrl, const QString &user,
                    const QString &password) const;

    // The whole sign-in for a user in one call: PKCE, a loopback listener, the browser, the state check and the code
    // exchange. For tests that need tokens, not the sign-in itself.
    bool signIn(const QString &user, const QString &password, Tokens *tokens, QString *error,
                const QString &scope = defaultScope());

    // The provider's stderr (its log: requests that failed, logins, grants; never tokens or passwords).
    QString logFile() const;
    QByteArray log() const;
    QString workDir() const;

private:
    bool prepare(QString *error);
    bool writeConfig(QString *error) const;
    bool launch(bool *hung, QString *error);
    bool command(const QByteArray &line, QByteArray *reply, QString *error);
    QString failureReport(const QString &what) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TestPki> m_pki;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    int m_accessTokenTtl = 60;
    int m_refreshTokenTtl = 86400;
    QString m_introspectionSecret;
};
