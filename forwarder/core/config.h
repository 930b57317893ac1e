#pragma once

// Config: the engine's settings as plain structs, with every default in one place. The engine takes these
// structs; it never reads a settings file itself (ConfigLoader turns JSON into them, with validation).

#include "core/accesstokensource.h"
#include "net/tlspolicy.h"
#include "net/transport.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <optional>

namespace mailshim {

// How MailShim talks to the real server.
enum class Security {
    Plain,   // pass-through, no protection: only when written explicitly
    Apop,    // USER/PASS from the client becomes APOP (the password never crosses the wire)
    Tls,     // implicit TLS (POP3S, port 995)
    Stls,    // STARTTLS on port 110; never continues in clear text
    ApopTls, // APOP inside implicit TLS
};

// A security mode is two independent choices: how the bytes reach the server (the transport, shared with every
// protocol) and how the password is presented (the login). The config file names the pair; the code uses the halves.
enum class LoginMethod {
    PassThrough, // the client's USER/PASS, sent as they are (inside TLS unless the mode is plain)
    Apop,        // APOP user md5(timestamp + password): the password never crosses the wire
};
Transport transportFor(Security security);
LoginMethod loginFor(Security security);

// What a listener's account presents to the server, beside the security mode: a password (the client's or the
// stored one, as the mode says: USER/PASS, APOP, AUTH PLAIN/LOGIN), or an OAuth 2.0 access token (AUTH XOAUTH2 or
// OAUTHBEARER) for mailboxes that refuse passwords. Written "password" (the default, left out) or "oauth2".
enum class UpstreamLogin { Password, OAuth2 };
QString upstreamLoginName(UpstreamLogin login);
std::optional<UpstreamLogin> upstreamLoginFromName(const QString &name);
// The OAuth providers the config file may name; their endpoints are the oauth library's business.
QStringList oauthProviderNames();

// The protocol a listener speaks to its clients and to its server.
enum class Protocol { Pop3, Smtp };
QString protocolName(Protocol protocol);
std::optional<Protocol> protocolFromName(const QString &name);
// The modes a protocol's listener may use: POP3 all five, SMTP tls, stls (written "starttls") and plain.
bool securityAllowedFor(Security security, Protocol protocol);

// "starttls" is SMTP's name for STLS and is accepted for POP3 too; POP3's "stls" is written back for POP3 listeners,
// "starttls" for SMTP ones.
QString securityName(Security security, Protocol protocol = Protocol::Pop3);
std::optional<Security> securityFromName(const QString &name);
// POP3: 995 with implicit TLS, else 110. SMTP: 465 with implicit TLS, 587 for STARTTLS (submission), 25 plain.
quint16 defaultPort(Security security, Protocol protocol = Protocol::Pop3);
bool usesTls(Security security);
bool usesApop(Security security);

// Log levels, named after CommuniGate Pro's: each level includes the ones above it.
enum class LogLevel { Major = 0, Problems = 1, LowLevel = 2, All = 3 };
QString logLevelName(LogLevel level);
std::optional<LogLevel> logLevelFromName(const QString &name);
// Whether a record of this level is kept when the configured level is threshold.
constexpr bool logLevelKeeps(LogLevel threshold, LogLevel level)
{
    return level <= threshold;
}

struct UpstreamConfig
{
    QString host;
    quint16 port = 0; // 0 means the default port of the security mode
    Security security = Security::Tls;
    TlsPolicy tls;
    Protocol protocol = Protocol::Pop3; // the listener's; decides the default port

    quint16 effectivePort() const { return port ? port : defaultPort(security, protocol); }
};

// The characters a routing separator may be: POPFile's ':' and the usual chaining choices.
QString routingSeparatorChoices();

struct RoutingConfig
{
    bool enabled = false;
    char separator = ':';
    QList<UpstreamConfig> allow; // exact (host, port) matches; security and TLS settings come from here
};

// Seconds for each step; a step that takes longer fails with -ERR [SYS/TEMP] or a close.
struct Timeouts
{
    int connectSeconds = 15;  // TCP connect, per attempt
    int tlsSeconds = 15;      // TLS handshake
    int responseSeconds = 30; // each server response during login, and the start of each reply after it
    int loginSeconds = 60;    // from client connect until the login is done (slow-client deadline)
    int idleSeconds = 600;    // no traffic at all after login (RFC 1939's autologout minimum)
};

struct RetryPolicy
{
    int connectAttempts = 3;        // per session, within the client's patience
    int connectRetryDelayMs = 1000; // doubled after each failed attempt
    int bindRetryInitialMs = 1000;  // a busy port is tried again after this, doubling...
    int bindRetryMaxMs = 60000;     // ...up to this
};

struct Limits
{
    int maxCommandLength = 255;        // octets including CRLF (RFC 2449)
    int maxBadCommands = 3;            // before login
    int maxSessionsTotal = 200;        // across all listeners
    int maxPendingClientBytes = 65536; // pipelined client input buffered while the upstream is busy
};

// SMTP: whether a client must authenticate before it may send.
enum class ClientAuth {
    Required, // the client's AUTH LOGIN/PLAIN is carried to the server (the usual case)
    Optional, // a client that never authenticates (a scanner) sends as the listener's user with the stored password
};

// SMTP: a server that lets this computer send only for a while after a POP3 login from it.
struct PopBeforeSmtpConfig
{
    QString listener;        // the POP3 listener whose server and password make the login
    int windowSeconds = 900; // a login this recent counts (Cobalt's default was 15 minutes)
    int delaySeconds = 5;    // the server needs a moment before a login takes effect (drac)

    bool operator==(const PopBeforeSmtpConfig &o) const
    {
        return listener == o.listener && windowSeconds == o.windowSeconds && delaySeconds == o.delaySeconds;
    }
};

struct ListenerConfig
{
    QString name;
    Protocol protocol = Protocol::Pop3;
    bool enabled = true;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 3999;                    // SMTP listeners default to 3587
    bool allowNonLoopback = false;          // listening beyond loopback must be asked for
    std::optional<UpstreamConfig> upstream; // may be absent only when routing is enabled
    RoutingConfig routing;
    QString user;                // the account at the server: the keychain key, and what the UI tells the client
    bool storedPassword = false; // use the keychain's password for (server, user) instead of the client's
    int maxSessions = 20;
    int failedHostRetrySeconds = 60;
    int failedAccountRetrySeconds = 600;
    ClientAuth clientAuth = ClientAuth::Required;     // SMTP only
    std::optional<PopBeforeSmtpConfig> popBeforeSmtp; // SMTP only
    UpstreamLogin login = UpstreamLogin::Password;
    OAuthSettings oauth; // login oauth2 only: where the listener's user signs in

    // The account whose access token a login oauth2 listener presents.
    OAuthAccount oauthAccount() const { return OAuthAccount{oauth, user}; }

    bool operator==(const ListenerConfig &other) const;
    bool operator!=(const ListenerConfig &other) const { return !(*this == other); }
};

struct Config
{
    QList<ListenerConfig> listeners;
    LogLevel logLevel = LogLevel::Problems;
    Timeouts timeouts;
    RetryPolicy retry;
    Limits limits;
};

bool operator==(const UpstreamConfig &a, const UpstreamConfig &b);
bool operator==(const RoutingConfig &a, const RoutingConfig &b);
bool operator==(const Timeouts &a, const Timeouts &b);
bool operator==(const RetryPolicy &a, const RetryPolicy &b);
bool operator==(const Limits &a, const Limits &b);

} // namespace mailshim
