#pragma once

// TokenClient: the token endpoint (RFC 6749 section 4.1.3 and 6): an authorization code (with its PKCE verifier and
// the exact redirect_uri of the authorization request) or a refresh token in, an access token out, and every
// failure typed: the provider refused the grant or the client (sign in again) or it could not answer now (try
// later). It logs at most the provider's error code and description, never a token, code or verifier.

#include "oauth/oauthprovider.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

class QNetworkAccessManager;

namespace mailshim {

struct TokenResponse
{
    enum class Status {
        Ok,           // accessToken holds the new token
        SignInNeeded, // invalid_grant, invalid_client, unauthorized_client, any other refusal: only a new
                      // sign-in (or fixed settings) helps; never retried on its own
        Temporary,    // network error, timeout, 5xx, 429, temporarily_unavailable, an unreadable answer
    };
    Status status = Status::Temporary;
    QByteArray accessToken;    // Ok only
    QByteArray refreshToken;   // Ok only, and only when the provider issued one (rotation, or a first sign-in)
    qint64 expiresInSecs = -1; // Ok only; -1 when the provider did not say
    QString scope;             // as granted, when the provider said
    QString error;             // the OAuth error code ("invalid_grant"), or empty
    QString detail;            // for the log and the UI; never contains a token
};

class TokenClient : public QObject
{
    Q_OBJECT
public:
    // manager: the QNetworkAccessManager to use; nullptr makes one of its own.
    explicit TokenClient(QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    using Done = std::function<void(const TokenResponse &)>;
    // Both call done exactly once, unless context is destroyed first.
    void redeemCode(const OAuthEndpoints &endpoints, const QString &code, const QString &redirectUri,
                    const QByteArray &codeVerifier, QObject *context, Done done);
    void refresh(const OAuthEndpoints &endpoints, const QByteArray &refreshToken, QObject *context, Done done);

    // The classification, public for tests: an HTTP answer (or none) to a TokenResponse.
    static TokenResponse interpret(int httpStatus, const QByteArray &body, const QString &networkError);

private:
    void post(const OAuthEndpoints &endpoints, const QByteArray &form, const char *what, QObject *context, Done done);

    QNetworkAccessManager *m_manager = nullptr;
    int m_timeoutMs = 30000;
};

} // namespace mailshim
