#pragma once

// SessionContext: what a Listener hands each new session, whatever its protocol: the listener's settings, the
// engine-wide limits and the shared services (health marks, stored passwords, the TLS session cache), all owned by
// the Engine and outliving every session.

#include "core/config.h"

#include <QSet>

namespace mailshim {

class AccessTokenSource;
class Health;
class PasswordSource;
class PopLoginRegistry;
class TlsSessionCache;

struct SessionContext
{
    ListenerConfig listener;
    Timeouts timeouts;
    RetryPolicy retry;
    Limits limits;
    Health *health = nullptr;            // owned by the Engine, outlives every session
    QSet<quint16> ownPorts;              // ports of all of MailShim's listeners
    PasswordSource *passwords = nullptr; // the keychain, when the listener asks for stored passwords
    quint64 id = 0;
    TlsSessionCache *tlsSessions = nullptr; // owned by the Engine; lets upstream TLS connections resume
    const LogLevel *logThreshold = nullptr; // the Engine's log level (records above it are dropped); nullptr: none
    PopLoginRegistry *popLogins = nullptr;  // owned by the Engine: recent POP3 logins, for POP-before-SMTP
    // SMTP with popBeforeSmtp: the POP3 listener it names, as configured now (the Engine resolves the name).
    std::optional<ListenerConfig> popBeforeSmtpListener;
    AccessTokenSource *tokens = nullptr; // login oauth2: where access tokens come from; not owned, outlives sessions
};

} // namespace mailshim
