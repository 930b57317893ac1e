#include "core/config.h"

namespace mailshim {

namespace {
struct SecurityName
{
    Security security;
    const char *name;
};
constexpr SecurityName securityNames[] = {
    {Security::Plain, "plain"}, {Security::Apop, "apop"},        {Security::Tls, "tls"},
    {Security::Stls, "stls"},   {Security::ApopTls, "apop+tls"},
};
struct LevelName
{
    LogLevel level;
    const char *name;
};
constexpr LevelName levelNames[] = {
    {LogLevel::Major, "major"}, {LogLevel::Problems, "problems"}, {LogLevel::LowLevel, "low"}, {LogLevel::All, "all"}};
} // namespace

QString upstreamLoginName(UpstreamLogin login)
{
    return login == UpstreamLogin::OAuth2 ? QStringLiteral("oauth2") : QStringLiteral("password");
}

std::optional<UpstreamLogin> upstreamLoginFromName(const QString &name)
{
    if (name == QLatin1String("password"))
        return UpstreamLogin::Password;
    if (name == QLatin1String("oauth2"))
        return UpstreamLogin::OAuth2;
    return std::nullopt;
}

QStringList oauthProviderNames()
{
    return {QStringLiteral("microsoft"), QStringLiteral("google"), QStringLiteral("custom")};
}

QString protocolName(Protocol protocol)
{
    return protocol == Protocol::Smtp ? QStringLiteral("smtp") : QStringLiteral("pop3");
}

std::optional<Protocol> protocolFromName(const QString &name)
{
    if (name == QLatin1String("pop3"))
        return Protocol::Pop3;
    if (name == QLatin1String("smtp"))
        return Protocol::Smtp;
    return std::nullopt;
}

bool securityAllowedFor(Security security, Protocol protocol)
{
    return protocol == Protocol::Pop3 || loginFor(security) == LoginMethod::PassThrough;
}

QString securityName(Security security, Protocol protocol)
{
    if (security == Security::Stls && protocol == Protocol::Smtp)
        return QStringLiteral("starttls");
    for (const auto &entry : securityNames) {
        if (entry.security == security)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<Security> securityFromName(const QString &name)
{
    if (name == QLatin1String("starttls"))
        return Security::Stls;
    for (const auto &entry : securityNames) {
        if (name == QLatin1String(entry.name))
            return entry.security;
    }
    return std::nullopt;
}

quint16 defaultPort(Security security, Protocol protocol)
{
    const Transport transport = transportFor(security);
    if (protocol == Protocol::Smtp)
        return transport == Transport::ImplicitTls ? 465 : transport == Transport::StartTls ? 587 : 25;
    return transport == Transport::ImplicitTls ? 995 : 110;
}

Transport transportFor(Security security)
{
    switch (security) {
    case Security::Tls:
    case Security::ApopTls:
        return Transport::ImplicitTls;
    case Security::Stls:
        return Transport::StartTls;
    case Security::Plain:
    case Security::Apop:
        break;
    }
    return Transport::Plain;
}

LoginMethod loginFor(Security security)
{
    return security == Security::Apop || security == Security::ApopTls ? LoginMethod::Apop : LoginMethod::PassThrough;
}

bool usesTls(Security security)
{
    return transportFor(security) != Transport::Plain;
}

bool usesApop(Security security)
{
    return loginFor(security) == LoginMethod::Apop;
}

QString logLevelName(LogLevel level)
{
    for (const auto &entry : levelNames) {
        if (entry.level == level)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<LogLevel> logLevelFromName(const QString &name)
{
    for (const auto &entry : levelNames) {
        if (name == QLatin1String(entry.name))
            return entry.level;
    }
    return std::nullopt;
}

bool operator==(const UpstreamConfig &a, const UpstreamConfig &b)
{
    return a.host == b.host && a.port == b.port && a.security == b.security && a.tls == b.tls &&
           a.protocol == b.protocol;
}

bool operator==(const RoutingConfig &a, const RoutingConfig &b)
{
    return a.enabled == b.enabled && a.separator == b.separator && a.allow == b.allow;
}

bool operator==(const Timeouts &a, const Timeouts &b)
{
    return a.connectSeconds == b.connectSeconds && a.tlsSeconds == b.tlsSeconds &&
           a.responseSeconds == b.responseSeconds && a.loginSeconds == b.loginSeconds && a.idleSeconds == b.idleSeconds;
}

bool operator==(const RetryPolicy &a, const RetryPolicy &b)
{
    return a.connectAttempts == b.connectAttempts && a.connectRetryDelayMs == b.connectRetryDelayMs &&
           a.bindRetryInitialMs == b.bindRetryInitialMs && a.bindRetryMaxMs == b.bindRetryMaxMs;
}

bool operator==(const Limits &a, const Limits &b)
{
    return a.maxCommandLength == b.maxCommandLength && a.maxBadCommands == b.maxBadCommands &&
           a.maxSessionsTotal == b.maxSessionsTotal && a.maxPendingClientBytes == b.maxPendingClientBytes;
}

QString routingSeparatorChoices()
{
    return QStringLiteral(":%#!$&/+*=^~|;,");
}

bool ListenerConfig::operator==(const ListenerConfig &o) const
{
    return name == o.name && protocol == o.protocol && enabled == o.enabled && address == o.address && port == o.port &&
           allowNonLoopback == o.allowNonLoopback && upstream == o.upstream && routing == o.routing && user == o.user &&
           storedPassword == o.storedPassword && maxSessions == o.maxSessions &&
           failedHostRetrySeconds == o.failedHostRetrySeconds &&
           failedAccountRetrySeconds == o.failedAccountRetrySeconds && clientAuth == o.clientAuth &&
           popBeforeSmtp == o.popBeforeSmtp && login == o.login && oauth == o.oauth;
}

} // namespace mailshim
