#include "core/listener.h"

#include "core/clientsession.h"
#include "core/health.h"
#include "core/sessionfactory.h"
#include "core/upstreamwatch.h"
#include "net/backoff.h"

#include <QTcpSocket>

namespace mailshim {

QString listenerStateName(ListenerStatus::State state)
{
    switch (state) {
    case ListenerStatus::State::Stopped:
        return QStringLiteral("stopped");
    case ListenerStatus::State::Listening:
        return QStringLiteral("listening");
    case ListenerStatus::State::Waiting:
        return QStringLiteral("waiting");
    }
    return {};
}

Listener::Listener(ListenerConfig config, const Config &global, const SessionFactory *factory, Health *health,
                   std::shared_ptr<SessionBudget> budget, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_timeouts(global.timeouts), m_retry(global.retry),
      m_limits(global.limits), m_factory(factory), m_health(health), m_budget(std::move(budget))
{
    m_bindRetry.setSingleShot(true);
    connect(&m_bindRetry, &QTimer::timeout, this, &Listener::tryBind);
    connect(&m_server, &QTcpServer::newConnection, this, &Listener::onNewConnection);
    if (m_config.upstream) {
        m_upstreamWatch =
            new UpstreamWatch(m_config.upstream->host, m_retry.bindRetryInitialMs, m_retry.bindRetryMaxMs, this);
        connect(m_upstreamWatch, &UpstreamWatch::changed, this, &Listener::onUpstreamWatch);
    }
}

Listener::~Listener()
{
    abortSessions();
    m_budget->active -= int(m_sessions.size()); // their destroyed() no longer reaches us
}

void Listener::start()
{
    m_stopped = false;
    m_bindAttempt = 0;
    tryBind();
}

void Listener::tryBind()
{
    if (m_stopped)
        return;
    if (m_server.listen(m_config.address, m_config.port)) {
        m_bindAttempt = 0;
        Message to = Message(QT_TRANSLATE_NOOP("Engine", "user-name routing"), {});
        if (m_config.upstream)
            to = QStringLiteral("%1:%2 (%3)")
                     .arg(m_config.upstream->host)
                     .arg(m_config.upstream->effectivePort())
                     .arg(securityName(m_config.upstream->security, m_config.protocol));
        emitLog(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "listening on %1 port %2 for %3"),
                                         {m_config.address.toString(), m_config.port, to}));
        showListening();
        if (m_upstreamWatch)
            m_upstreamWatch->check();
        return;
    }
    const int delay = backoffMs(m_bindAttempt, m_retry.bindRetryInitialMs, m_retry.bindRetryMaxMs);
    const Message why = Message(
        QT_TRANSLATE_NOOP("Engine", "cannot listen on %1 port %2: %3; retrying in %4 s"),
        {m_config.address.toString(), m_config.port, m_server.errorString(), QString::number(delay / 1000.0, 'f', 1)});
    // The first failure is a problem worth seeing; the retries that follow are routine.
    emitLog(m_bindAttempt == 0 ? LogLevel::Problems : LogLevel::LowLevel, why);
    ++m_bindAttempt;
    setState(ListenerStatus::State::Waiting, why);
    m_bindRetry.start(delay);
}

void Listener::showListening()
{
    if (m_upstreamWatch && m_upstreamWatch->networkDown())
        setState(ListenerStatus::State::Waiting,
                 Message(QT_TRANSLATE_NOOP("Engine", "waiting for network: %1"), {m_upstreamWatch->detail()}));
    else
        setState(ListenerStatus::State::Listening, {});
}

void Listener::onUpstreamWatch(bool recovered)
{
    if (recovered) {
        // The failed-host mark came from the network being down, not from the server: let the next client in.
        m_health->clearHost(Health::hostKey(m_config.upstream->host, m_config.upstream->effectivePort()));
        emitLog(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "%1 resolves again: the network is up"),
                                         {m_config.upstream->host}));
    } else {
        // The first failed lookup is worth seeing; the retries that follow are routine.
        const bool alreadyWaiting = m_status.detail.source() == QByteArrayLiteral("waiting for network: %1");
        emitLog(alreadyWaiting ? LogLevel::LowLevel : LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "waiting for network: %1"), {m_upstreamWatch->detail()}));
    }
    if (!m_stopped && m_server.isListening())
        showListening();
}

void Listener::stopListening(const Message &why)
{
    m_stopped = true;
    m_bindRetry.stop();
    if (m_upstreamWatch)
        m_upstreamWatch->stop();
    if (m_server.isListening()) {
        m_server.close();
        emitLog(LogLevel::Major,
                Message(QT_TRANSLATE_NOOP("Engine", "stopped listening on port %1: %2"), {m_config.port, why}));
    }
    setState(ListenerStatus::State::Stopped, why);
    if (m_sessions.isEmpty())
        Q_EMIT drained();
}

void Listener::abortSessions()
{
    const QSet<ClientSession *> sessions = m_sessions;
    for (ClientSession *session : sessions)
        session->abort();
}

void Listener::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        // A relay writes whatever arrived from the server at once; Nagle would hold a small write back until the
        // client acknowledges the previous one, and clients delay that ACK by up to 40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (int(m_sessions.size()) >= m_config.maxSessions) {
            refuse(socket, Message(QT_TRANSLATE_NOOP("Engine", "this listener already has %1 sessions (maxSessions)"),
                                   {m_config.maxSessions}));
            continue;
        }
        if (m_budget->active >= m_budget->maxTotal) {
            refuse(socket, Message(QT_TRANSLATE_NOOP("Engine", "MailShim already has %1 sessions (maxSessionsTotal)"),
                                   {m_budget->maxTotal}));
            continue;
        }
        SessionContext context{m_config,      m_timeouts,     m_retry,     m_limits,
                               m_health,      m_ownPorts,     m_passwords, m_budget->nextId++,
                               m_tlsSessions, m_logThreshold, m_popLogins, m_popBeforeSmtpListener,
                               m_tokens};
        ClientSession *session = m_factory->create(socket, std::move(context), this);
        const quint64 id = session->id();
        m_sessions.insert(session);
        ++m_budget->active;
        ++m_status.totalSessions;
        m_status.activeSessions = int(m_sessions.size());
        connect(session, &ClientSession::log, this,
                [this, id](LogLevel level, const QString &category, const Message &text) {
                    Q_EMIT log(level, category, text, id);
                });
        connect(session, &ClientSession::finished, this,
                [this](bool ok, const Message &summary, ServerError::Kind failure) {
                    m_status.lastConnection = QDateTime::currentDateTime();
                    m_status.lastOk = ok;
                    m_status.lastResult = summary;
                    m_status.lastFailure = failure;
                    // Could not reach the server: is it the server, or is our network (DNS) gone?
                    if (failure == ServerError::Kind::Unreachable && m_upstreamWatch)
                        m_upstreamWatch->check();
                    Q_EMIT statusChanged();
                });
        connect(session, &QObject::destroyed, this, [this, session] {
            if (m_sessions.remove(session)) {
                --m_budget->active;
                m_status.activeSessions = int(m_sessions.size());
                Q_EMIT statusChanged();
                if (m_stopped && m_sessions.isEmpty())
                    Q_EMIT drained();
            }
        });
        Q_EMIT statusChanged();
        session->start();
    }
}

void Listener::refuse(QTcpSocket *socket, const Message &why)
{
    ++m_status.rejectedSessions;
    emitLog(LogLevel::Problems, Message(QT_TRANSLATE_NOOP("Engine", "connection refused: %1"), {why}));
    socket->setParent(this);
    socket->write(m_factory->busyReply());
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
    QTimer::singleShot(5000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    Q_EMIT statusChanged();
}

void Listener::setState(ListenerStatus::State state, const Message &detail)
{
    m_status.state = state;
    m_status.detail = detail;
    Q_EMIT statusChanged();
}

void Listener::emitLog(LogLevel level, const Message &text)
{
    Q_EMIT log(level, QString::fromLatin1(lcListener().categoryName()), text, 0);
}

} // namespace mailshim
