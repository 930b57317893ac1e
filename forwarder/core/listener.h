#pragma once

// Listener: one local POP3 port. Binds (and keeps retrying with back-off while the port is busy or the
// network is not up yet, reporting "waiting"; likewise while its server's name does not resolve), enforces the
// per-listener and global session caps, and hands each accepted connection to a session made by its protocol's
// SessionFactory. Keeps the counters and the "last connection" result.

#include "core/config.h"
#include "core/logging.h"
#include "net/servererror.h"

#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <memory>

namespace mailshim {

class AccessTokenSource;
class Health;
class PasswordSource;
class PopLoginRegistry;
class ClientSession;
class SessionFactory;
class TlsSessionCache;
class UpstreamWatch;

struct ListenerStatus
{
    enum class State { Stopped, Listening, Waiting };
    State state = State::Stopped;
    Message detail; // why it is waiting or stopped
    int activeSessions = 0;
    quint64 totalSessions = 0;
    quint64 rejectedSessions = 0; // refused by a session cap
    QDateTime lastConnection;
    bool lastOk = true;
    Message lastResult; // "logged in to ..." or the error, as in CommuniGate's "last connection" column
    // The kind of server-side trouble behind a failed last session (a failed-host or failed-account mark
    // counts as Unreachable or Auth), so a UI can word it without reading the text; None otherwise.
    ServerError::Kind lastFailure = ServerError::Kind::None;
};
QString listenerStateName(ListenerStatus::State state);

// Shared by all listeners of one engine: the global session cap and session numbering.
struct SessionBudget
{
    int active = 0;
    int maxTotal = 200;
    quint64 nextId = 1;
};

class Listener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    // factory: makes the sessions of this listener's protocol; owned by the Engine, outlives the listener.
    Listener(ListenerConfig config, const Config &global, const SessionFactory *factory, Health *health,
             std::shared_ptr<SessionBudget> budget, QObject *parent = nullptr);
    ~Listener() override;

    void start();
    // Closes the port; running sessions go on until they end.
    void stopListening(const Message &why);
    void abortSessions();
    void setOwnPorts(const QSet<quint16> &ports) { m_ownPorts = ports; }
    void setPasswordSource(PasswordSource *passwords) { m_passwords = passwords; }
    void setAccessTokenSource(AccessTokenSource *tokens) { m_tokens = tokens; }
    void setTlsSessionCache(TlsSessionCache *cache) { m_tlsSessions = cache; }
    void setLogThreshold(const LogLevel *threshold) { m_logThreshold = threshold; } // handed to every session
    void setPopLoginRegistry(PopLoginRegistry *registry) { m_popLogins = registry; }
    // SMTP with popBeforeSmtp: the POP3 listener it names; set again whenever the configuration is applied.
    void setPopBeforeSmtpListener(std::optional<ListenerConfig> pop) { m_popBeforeSmtpListener = std::move(pop); }

    const ListenerConfig &config() const { return m_config; }
    const ListenerStatus &status() const { return m_status; }

Q_SIGNALS:
    void statusChanged();
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text, quint64 session);
    void drained(); // stopped and no session left

private:
    void tryBind();
    void onNewConnection();
    void refuse(QTcpSocket *socket, const Message &why);
    void setState(ListenerStatus::State state, const Message &detail);
    void showListening();
    void onUpstreamWatch(bool recovered);
    void emitLog(LogLevel level, const Message &text);

    ListenerConfig m_config;
    Timeouts m_timeouts;
    RetryPolicy m_retry;
    Limits m_limits;
    const SessionFactory *m_factory;
    Health *m_health;
    PasswordSource *m_passwords = nullptr;
    AccessTokenSource *m_tokens = nullptr;
    TlsSessionCache *m_tlsSessions = nullptr;
    const LogLevel *m_logThreshold = nullptr;
    PopLoginRegistry *m_popLogins = nullptr;
    std::optional<ListenerConfig> m_popBeforeSmtpListener;
    std::shared_ptr<SessionBudget> m_budget;
    QSet<quint16> m_ownPorts;
    QTcpServer m_server;
    QTimer m_bindRetry;
    UpstreamWatch *m_upstreamWatch = nullptr; // fixed upstream only: routed names are the client's choice
    int m_bindAttempt = 0;
    bool m_stopped = true;
    QSet<ClientSession *> m_sessions;
    ListenerStatus m_status;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::ListenerStatus)
