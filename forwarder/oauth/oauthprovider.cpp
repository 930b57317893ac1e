#include "oauth/oauthprovider.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace mailshim {

namespace {

QString withoutScheme(const QUrl &url)
{
    return url
        .adjusted(QUrl::RemoveScheme | QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment |
                  QUrl::StripTrailingSlash)
        .toString()
        .mid(2); // "//host/path"
}

bool validTenant(const QString &tenant)
{
    // A GUID, a verified domain, "common", "organizations" or "consumers": never a path or a query.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$"));
    return pattern.match(tenant).hasMatch();
}

QStringList scopesFor(const OAuthProvider &provider, OAuthUse use)
{
    QStringList scopes;
    if (use != OAuthUse::Smtp)
        scopes += provider.popScopes;
    if (use != OAuthUse::Pop3)
        scopes += provider.smtpScopes;
    scopes += provider.commonScopes;
    scopes.removeDuplicates();
    return scopes;
}

} // namespace

const QList<OAuthProvider> &oauthProviders()
{
    static const QList<OAuthProvider> table = {
        {QStringLiteral("microsoft"),
         QStringLiteral("Microsoft 365"),
         QStringLiteral("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize"),
         QStringLiteral("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"),
         QStringLiteral("common"),
         {QStringLiteral("https://outlook.office.com/POP.AccessAsUser.All")},
         {QStringLiteral("https://outlook.office.com/SMTP.Send")},
         {QStringLiteral("offline_access")},
         false,
         {}},
        {QStringLiteral("google"),
         QStringLiteral("Google"),
         QStringLiteral("https://accounts.google.com/o/oauth2/v2/auth"),
         QStringLiteral("https://oauth2.googleapis.com/token"),
         QString(),
         {QStringLiteral("https://mail.google.com/")},
         {QStringLiteral("https://mail.google.com/")},
         {},
         true,
         // Google gives a refresh token only for offline access, and again only on a consent screen.
         {{QStringLiteral("access_type"), QStringLiteral("offline")},
          {QStringLiteral("prompt"), QStringLiteral("consent")}}},
        {QStringLiteral("custom"),
         QStringLiteral("Custom"),
         QString(),
         QString(),
         QString(),
         {},
         {},
         // OpenID Connect: offline_access asks for a refresh token, and is honoured only with prompt=consent.
         {QStringLiteral("offline_access")},
         false,
         {{QStringLiteral("prompt"), QStringLiteral("consent")}}},
    };
    return table;
}

const OAuthProvider *findOAuthProvider(const QString &name)
{
    for (const OAuthProvider &provider : oauthProviders()) {
        if (provider.name.compare(name, Qt::CaseInsensitive) == 0)
            return &provider;
    }
    return nullptr;
}

OAuthUse oauthUseFor(Protocol protocol)
{
    return protocol == Protocol::Smtp ? OAuthUse::Smtp : OAuthUse::Pop3;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isAcceptableOAuthUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasFragment())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    return url.scheme() == QLatin1String("http") && isLoopbackHost(url.host());
}

QString oauthIdentity(const OAuthSettings &settings)
{
    const QString providerName = settings.provider.isEmpty() ? QStringLiteral("custom") : settings.provider;
    const OAuthProvider *provider = findOAuthProvider(providerName);
    if (!provider)
        return QStringLiteral("unknown/") + settings.provider.toLower();
    if (provider->name == QLatin1String("custom")) {
        const QUrl where(settings.issuer.isEmpty() ? settings.tokenUrl : settings.issuer);
        return QStringLiteral("custom/") + withoutScheme(where);
    }
    if (provider->defaultTenant.isEmpty())
        return provider->name;
    const QString tenant = settings.tenant.trimmed().isEmpty() ? provider->defaultTenant : settings.tenant.trimmed();
    return provider->name + QLatin1Char('/') + tenant.toLower();
}

OAuthResolution resolveOAuth(const OAuthSettings &settings, OAuthUse use)
{
    OAuthResolution result;
    const QString providerName = settings.provider.isEmpty() ? QStringLiteral("custom") : settings.provider;
    const OAuthProvider *provider = findOAuthProvider(providerName);
    if (!provider) {
        result.error = QStringLiteral("oauth.provider \"%1\" is not known; use \"microsoft\", \"google\" or "
                                      "\"custom\"")
                           .arg(settings.provider);
        return result;
    }
    OAuthEndpoints &endpoints = result.endpoints;
    endpoints.identity = oauthIdentity(settings);
    endpoints.clientId = settings.clientId.trimmed();
    endpoints.clientSecret = settings.clientSecret;
    endpoints.scopes = settings.scopes.isEmpty() ? scopesFor(*provider, use) : settings.scopes;
    endpoints.authorizationParameters = provider->authorizationParameters;

    if (endpoints.clientId.isEmpty()) {
        result.error = QStringLiteral("oauth.clientId is missing: MailShim has no client id of its own; register "
                                      "an application with %1 and enter its client id (docs/oauth.md)")
                           .arg(provider->displayName);
        return result;
    }
    if (provider->needsClientSecret && endpoints.clientSecret.isEmpty()) {
        result.error = QStringLiteral("oauth.clientSecret is missing: %1 requires the client secret of the "
                                      "desktop application you registered (docs/oauth.md)")
                           .arg(provider->displayName);
        return result;
    }
    if (endpoints.scopes.isEmpty()) {
        result.error = QStringLiteral("oauth.scopes is empty");
        return result;
    }

    if (provider->name != QLatin1String("custom")) {
        QString tenant = settings.tenant.trimmed();
        if (!provider->defaultTenant.isEmpty()) {
            if (tenant.isEmpty())
                tenant = provider->defaultTenant;
            if (!validTenant(tenant)) {
                result.error = QStringLiteral("oauth.tenant \"%1\" is not a tenant name, domain or id").arg(tenant);
                return result;
            }
        }
        QString authorization = provider->authorizationUrl;
        QString token = provider->tokenUrl;
        endpoints.authorizationUrl = QUrl(authorization.replace(QLatin1String("{tenant}"), tenant));
        endpoints.tokenUrl = QUrl(token.replace(QLatin1String("{tenant}"), tenant));
        return result;
    }

    if (!settings.issuer.isEmpty()) {
        const QUrl issuer(settings.issuer);
        if (!isAcceptableOAuthUrl(issuer) || issuer.hasQuery()) {
            result.error = QStringLiteral("oauth.issuer \"%1\" must be an https URL (http only on a loopback "
                                          "address), without query or fragment")
                               .arg(settings.issuer);
            return result;
        }
        result.discoverFrom = issuer;
        return result;
    }
    endpoints.authorizationUrl = QUrl(settings.authorizationUrl);
    endpoints.tokenUrl = QUrl(settings.tokenUrl);
    if (settings.authorizationUrl.isEmpty() || settings.tokenUrl.isEmpty()) {
        result.error = QStringLiteral("a custom provider needs oauth.issuer, or both oauth.authorizationUrl and "
                                      "oauth.tokenUrl");
        return result;
    }
    for (const auto &[field, url] : {std::pair{QStringLiteral("oauth.authorizationUrl"), endpoints.authorizationUrl},
                                     std::pair{QStringLiteral("oauth.tokenUrl"), endpoints.tokenUrl}}) {
        if (!isAcceptableOAuthUrl(url)) {
            result.error = QStringLiteral("%1 \"%2\" must be an https URL (http only on a loopback address)")
                               .arg(field, url.toString());
            return result;
        }
    }
    return result;
}

} // namespace mailshim
