#include "engine/engine.h"

namespace mailshim {

Engine::Engine(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<LogRecord>();
    qRegisterMetaType<ListenerStatus>();
}

Engine::~Engine()
{
    stop();
}

void Engine::apply(const Config &config)
{
    const bool sharedChanged = !(config.timeouts == m_config.timeouts) || !(config.retry == m_config.retry) ||
                               !(config.limits == m_config.limits);
    m_config = config;
    m_budget->maxTotal = config.limits.maxSessionsTotal;

    QSet<quint16> ownPorts;
    for (const ListenerConfig &l : config.listeners) {
        if (l.enabled)
            ownPorts.insert(l.port);
    }

    QSet<QString> wanted;
    for (const ListenerConfig &l : config.listeners)
        wanted.insert(l.name);
    // Removed or changed listeners go first, so their ports are free for the new ones.
    const QHash<QString, Listener *> current = m_listeners;
    for (auto it = current.begin(); it != current.end(); ++it) {
        if (!wanted.contains(it.key())) {
            m_listeners.remove(it.key());
            retire(it.value(), Message(QT_TRANSLATE_NOOP("Engine", "removed from the configuration"), {}));
        }
    }
    for (const ListenerConfig &l : config.listeners) {
        Listener *existing = m_listeners.value(l.name);
        if (existing && existing->config() == l && !sharedChanged) {
            existing->setOwnPorts(ownPorts);
            existing->setPopBeforeSmtpListener(popBeforeSmtpListener(l)); // the POP3 listener may have changed
            continue;
        }
        if (existing) {
            m_listeners.remove(l.name);
            retire(existing, Message(QT_TRANSLATE_NOOP("Engine", "configuration changed"), {}));
        }
        Listener *listener = createListener(l);
        listener->setOwnPorts(ownPorts);
        m_listeners.insert(l.name, listener);
        if (l.enabled)
            listener->start();
        else
            listener->stopListening(QStringLiteral("disabled"));
    }
    emitLog(LogLevel::Major, QString::fromLatin1(lcEngine().categoryName()), {}, 0,
            Message(QT_TRANSLATE_NOOP("Engine", "configuration applied: %1 listener(s)"), {config.listeners.size()}));
}

Listener *Engine::createListener(const ListenerConfig &config)
{
    auto *listener = new Listener(config, m_config, factoryFor(config.protocol), &m_health, m_budget, this);
    listener->setPasswordSource(m_passwords);
    listener->setAccessTokenSource(m_tokens);
    listener->setTlsSessionCache(&m_tlsSessions);
    listener->setLogThreshold(&m_config.logLevel); // apply() assigns m_config in place: the pointer stays valid
    listener->setPopLoginRegistry(&m_popLogins);
    listener->setPopBeforeSmtpListener(popBeforeSmtpListener(config));
    const QString name = config.name;
    connect(listener, &Listener::log, this,
            [this, name](LogLevel level, const QString &category, const Message &text, quint64 session) {
                emitLog(level, category, name, session, text);
            });
    connect(listener, &Listener::statusChanged, this, [this, listener, name] {
        if (m_listeners.value(name) == listener)
            Q_EMIT statusChanged(name, listener->status());
    });
    return listener;
}

const SessionFactory *Engine::factoryFor(Protocol protocol) const
{
    switch (protocol) {
    case Protocol::Smtp:
        return &m_smtp;
    case Protocol::Pop3:
        break;
    }
    return &m_pop3;
}

std::optional<ListenerConfig> Engine::popBeforeSmtpListener(const ListenerConfig &smtp) const
{
    if (!smtp.popBeforeSmtp)
        return std::nullopt;
    for (const ListenerConfig &l : m_config.listeners) {
        if (l.name == smtp.popBeforeSmtp->listener && l.protocol == Protocol::Pop3)
            return l;
    }
    return std::nullopt; // ConfigLoader refuses such a file; the session says it cannot log in
}

void Engine::retire(Listener *listener, const Message &why)
{
    // Its port closes now; its sessions finish on their own, then it goes.
    listener->disconnect(this);
    const QString name = listener->config().name;
    connect(listener, &Listener::log, this,
            [this, name](LogLevel level, const QString &category, const Message &text, quint64 session) {
                emitLog(level, category, name, session, text);
            });
    connect(listener, &Listener::drained, listener, &QObject::deleteLater);
    listener->stopListening(why);
}

void Engine::stop()
{
    const QList<Listener *> listeners = findChildren<Listener *>(QString(), Qt::FindDirectChildrenOnly);
    for (Listener *listener : listeners) {
        listener->stopListening(Message(QT_TRANSLATE_NOOP("Engine", "MailShim stopped"), {}));
        listener->abortSessions();
    }
    qDeleteAll(listeners);
    m_listeners.clear();
}

QStringList Engine::listenerNames() const
{
    QStringList names;
    for (const ListenerConfig &l : m_config.listeners)
        names << l.name;
    return names;
}

ListenerStatus Engine::status(const QString &listenerName) const
{
    const Listener *listener = m_listeners.value(listenerName);
    return listener ? listener->status() : ListenerStatus{};
}

void Engine::emitLog(LogLevel level, const QString &category, const QString &listener, quint64 session,
                     const Message &text)
{
    if (!logLevelKeeps(m_config.logLevel, level))
        return;
    Q_EMIT logRecord(LogRecord{QDateTime::currentDateTime(), level, category, listener, session, text.english(), text});
}

} // namespace mailshim
