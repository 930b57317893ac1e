#pragma once

// OAuthProvider: the built-in providers as data (Microsoft 365, Google) plus "custom", and resolveOAuth(), which
// turns a listener's OAuthSettings into the endpoints, scopes and client a sign-in or a refresh uses. A custom
// provider with an issuer still needs its endpoints discovered (OAuthDiscovery); EndpointResolver does both.
//
// MailShim ships no client id of its own: every provider needs an application registered by the user or their
// administrator (docs/oauth.md says how), and a missing client id is an error, not a silent default.

#include "core/accesstokensource.h"
#include "core/config.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace mailshim {

struct OAuthProvider
{
    QString name;                   // "microsoft", "google", "custom": OAuthSettings::provider
    QString displayName;            // "Microsoft 365"
    QString authorizationUrl;       // "{tenant}" is replaced by the settings' tenant (Microsoft)
    QString tokenUrl;               // likewise
    QString defaultTenant;          // Microsoft: "common"; empty where there are no tenants
    QStringList popScopes;          // what reading mail over POP3 needs
    QStringList smtpScopes;         // what sending over SMTP needs
    QStringList commonScopes;       // always asked for, e.g. offline_access (a refresh token)
    bool needsClientSecret = false; // Google: even desktop applications have a (not secret) client secret
    // Extra authorization-request parameters, e.g. Google's access_type=offline for a refresh token.
    QList<QPair<QString, QString>> authorizationParameters;
};

// The endpoints and client of one account, ready for a request.
struct OAuthEndpoints
{
    QUrl authorizationUrl;
    QUrl tokenUrl;
    QString clientId;
    QString clientSecret; // empty for public clients
    QStringList scopes;
    QList<QPair<QString, QString>> authorizationParameters;
    // "microsoft/common", "google", "custom/<issuer or token URL without scheme>": names the refresh token's
    // store entry, so two tenants or two custom servers never share one.
    QString identity;

    bool operator==(const OAuthEndpoints &o) const
    {
        return authorizationUrl == o.authorizationUrl && tokenUrl == o.tokenUrl && clientId == o.clientId &&
               clientSecret == o.clientSecret && scopes == o.scopes &&
               authorizationParameters == o.authorizationParameters && identity == o.identity;
    }
};

struct OAuthResolution
{
    OAuthEndpoints endpoints;
    QUrl discoverFrom; // non-empty: a custom issuer; the endpoints' URLs come from its discovery document
    QString error;     // non-empty: the settings cannot work; says which field to fix
    bool ok() const { return error.isEmpty(); }
};

// Which mail protocols one sign-in covers. One refresh token serves an account's POP3 and SMTP listeners, so by
// default a sign-in asks for both.
enum class OAuthUse { Pop3, Smtp, Pop3AndSmtp };

// The built-in table, custom included (with empty endpoints).
const QList<OAuthProvider> &oauthProviders();
// The table's entry by name (case-insensitive), or nullptr.
const OAuthProvider *findOAuthProvider(const QString &name);

// "microsoft/<tenant>", "google", "custom/<issuer, or token URL, without scheme>": whose refresh token it is.
// Computed from the settings alone (no discovery), so the stored token is found before any network request.
QString oauthIdentity(const OAuthSettings &settings);

OAuthResolution resolveOAuth(const OAuthSettings &settings, OAuthUse use = OAuthUse::Pop3AndSmtp);
OAuthUse oauthUseFor(Protocol protocol);

// RFC 8252 and the OAuth security BCP: endpoints are https, except on a loopback address (tests, a local proxy).
bool isAcceptableOAuthUrl(const QUrl &url);
bool isLoopbackHost(const QString &host);

} // namespace mailshim
