#pragma once

// Engine: owns the listeners built from a Config and everything they share (Health marks, the global
// session budget, the TLS session cache), and gives each listener the session factory of its protocol: the one
// place that knows every protocol, which is why it sits above core/ and pop3/. apply() reloads a new Config without
// dropping the sessions of unchanged listeners. Reports through signals only; never reads settings, never touches
// widgets.

#include "core/accesstokensource.h"
#include "core/config.h"
#include "core/health.h"
#include "core/listener.h"
#include "core/logging.h"
#include "core/passwordsource.h"
#include "core/poploginregistry.h"
#include "net/tlssessioncache.h"
#include "pop3/pop3sessionfactory.h"
#include "smtp/smtpsessionfactory.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <memory>

namespace mailshim {

class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Starts, restarts and stops listeners so that the running set matches config. The Config must have
    // passed ConfigLoader's validation.
    void apply(const Config &config);
    // Closes every port and drops every session (servers closed without QUIT).
    void stop();
    // Where listeners with storedPassword find passwords (the keychain); not owned, must outlive the engine.
    // Takes effect for listeners started afterwards, so set it before the first apply().
    void setPasswordSource(PasswordSource *passwords) { m_passwords = passwords; }
    // Where listeners with login oauth2 get access tokens (forwarder/oauth's cache); not owned, must outlive the
    // engine. Like the password source, set it before the first apply(). Without one such a listener answers every
    // login with a temporary failure.
    void setAccessTokenSource(AccessTokenSource *tokens) { m_tokens = tokens; }

    const Config &config() const { return m_config; }
    QStringList listenerNames() const;
    ListenerStatus status(const QString &listenerName) const;
    int activeSessions() const { return m_budget->active; }

Q_SIGNALS:
    void statusChanged(const QString &listenerName, const mailshim::ListenerStatus &status);
    void logRecord(const mailshim::LogRecord &record);

private:
    Listener *createListener(const ListenerConfig &config);
    const SessionFactory *factoryFor(Protocol protocol) const;
    void retire(Listener *listener, const Message &why);
    void emitLog(LogLevel level, const QString &category, const QString &listener, quint64 session,
                 const Message &text);

    Config m_config;
    std::optional<ListenerConfig> popBeforeSmtpListener(const ListenerConfig &smtp) const;

    Pop3SessionFactory m_pop3; // one per protocol; each listener uses its protocol's
    SmtpSessionFactory m_smtp;
    PopLoginRegistry m_popLogins; // kept across reloads
    Health m_health;
    TlsSessionCache m_tlsSessions; // shared by every listener's sessions, kept across reloads
    PasswordSource *m_passwords = nullptr;
    AccessTokenSource *m_tokens = nullptr;
    std::shared_ptr<SessionBudget> m_budget = std::make_shared<SessionBudget>();
    QHash<QString, Listener *> m_listeners; // by name, the ones in the current config
};

} // namespace mailshim
