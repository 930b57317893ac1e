#pragma once

// AccessTokenSource: where the engine asks for an OAuth 2.0 access token, for a listener whose login is "oauth2"
// (Microsoft 365, Google: mailboxes that refuse passwords). The engine only presents the token (AUTH XOAUTH2 or
// OAUTHBEARER); getting, caching and refreshing it is the source's job (forwarder/oauth). Access tokens live in
// memory only; the refresh token behind them lives in the keychain or the service's own store.
// Lookups are asynchronous because a refresh is an HTTPS request.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

namespace mailshim {

// Where and how a listener's account signs in: a built-in provider's name, or "custom" with its endpoints (or an
// issuer to discover them from). Plain data, as the config file writes it.
struct OAuthSettings
{
    QString provider;         // "microsoft", "google" or "custom"
    QString tenant;           // microsoft: "common" (empty), "organizations", or the directory's id or domain
    QString issuer;           // custom: endpoints discovered from <issuer>/.well-known/openid-configuration
    QString authorizationUrl; // custom without discovery
    QString tokenUrl;         // custom without discovery
    QString clientId;         // the application registered with the provider
    QString clientSecret;     // only where a provider demands one even for desktop applications
    QStringList scopes;       // empty: the provider's scopes for the listener's protocol

    bool operator==(const OAuthSettings &o) const
    {
        return provider == o.provider && tenant == o.tenant && issuer == o.issuer &&
               authorizationUrl == o.authorizationUrl && tokenUrl == o.tokenUrl && clientId == o.clientId &&
               clientSecret == o.clientSecret && scopes == o.scopes;
    }
};

// One signed-in account: the settings plus the user (the mailbox's address, as the server knows it).
struct OAuthAccount
{
    OAuthSettings settings;
    QString user;
};

struct AccessTokenAnswer
{
    enum class Status {
        Found,        // token holds a current access token
        SignInNeeded, // no refresh token, or the provider refused it (revoked, expired, password changed):
                      // only a new sign-in in the browser helps; never retried on its own
        Unavailable,  // the provider could not be reached or answered with a temporary error: try again later
    };
    Status status = Status::Unavailable;
    QByteArray token; // only with Found; never logged
    QString detail;   // why, for the log and the UI; never contains a token
};

class AccessTokenSource
{
public:
    virtual ~AccessTokenSource() = default;

    // Calls done exactly once, later or at once. If context is destroyed first, done is never called.
    virtual void accessToken(const OAuthAccount &account, QObject *context,
                             std::function<void(const AccessTokenAnswer &)> done) = 0;

    // The server refused this token although the source thought it current: forget it, so the next accessToken()
    // refreshes instead of handing it out again.
    virtual void tokenRejected(const OAuthAccount &account, const QByteArray &token) = 0;
};

} // namespace mailshim
