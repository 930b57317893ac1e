#include "service/control/remoteenginebackend.h"

#include <QJsonArray>

namespace mailshim {

RemoteEngineBackend::RemoteEngineBackend(QString controlName, QObject *parent)
    : EngineBackend(parent), m_controlName(std::move(controlName))
{
    connect(&m_client, &ControlClient::event, this, &RemoteEngineBackend::onEvent);
    connect(&m_client, &ControlClient::disconnected, this, &RemoteEngineBackend::onDisconnected);
    m_reconnect.setInterval(kReconnectMs);
    connect(&m_reconnect, &QTimer::timeout, this, &RemoteEngineBackend::tryReconnect);
}

RemoteEngineBackend::~RemoteEngineBackend()
{
    m_client.disconnect(this);
}

bool RemoteEngineBackend::attach(int timeoutMs, QString *error)
{
    if (!m_client.connectTo(m_controlName, timeoutMs, error))
        return false;
    const QJsonObject subscribed = m_client.call(QStringLiteral("subscribe"));
    if (!subscribed.value(QStringLiteral("ok")).toBool()) {
        *error = subscribed.value(QStringLiteral("error")).toString();
        m_client.disconnectFromService();
        return false;
    }
    if (!readState(error)) {
        m_client.disconnectFromService();
        return false;
    }
    m_reconnect.stop();
    Q_EMIT attachedChanged(true);
    return true;
}

bool RemoteEngineBackend::readState(QString *error)
{
    const QJsonObject config = m_client.call(QStringLiteral("config"));
    const QJsonObject status = m_client.call(QStringLiteral("status"));
    const QJsonObject log = m_client.call(QStringLiteral("recentLog"), {{QStringLiteral("limit"), kLogTail}});
    for (const QJsonObject &reply : {config, status, log}) {
        if (!reply.value(QStringLiteral("ok")).toBool()) {
            *error = reply.value(QStringLiteral("error")).toString();
            return false;
        }
    }
    const ConfigLoadResult loaded = ControlProtocol::configFromJson(config.value(QStringLiteral("config")).toObject());
    if (!loaded.ok()) {
        *error = QStringLiteral("the service sent a config this program cannot read: %1")
                     .arg(loaded.errors.first().toString());
        return false;
    }
    m_config = loaded.config;
    m_paused = status.value(QStringLiteral("paused")).toBool();
    m_statuses.clear();
    for (const QJsonValue &value : status.value(QStringLiteral("listeners")).toArray()) {
        const QJsonObject listener = value.toObject();
        m_statuses.insert(listener.value(QStringLiteral("name")).toString(),
                          ControlProtocol::statusFromJson(listener.value(QStringLiteral("status")).toObject()));
    }
    m_log.clear();
    for (const QJsonValue &value : log.value(QStringLiteral("records")).toArray())
        m_log.append(ControlProtocol::logRecordFromJson(value.toObject()));

    Q_EMIT configChanged();
    Q_EMIT pausedChanged(m_paused);
    for (auto it = m_statuses.cbegin(); it != m_statuses.cend(); ++it)
        Q_EMIT statusChanged(it.key(), it.value());
    return true;
}

QString RemoteEngineBackend::location() const
{
    return m_client.isConnected() ? tr("background service") : tr("background service (not running)");
}

QList<ConfigIssue> RemoteEngineBackend::setConfig(const Config &config)
{
    const ConfigLoadResult checked = validate(config);
    if (!checked.ok())
        return checked.errors;
    const QJsonObject reply = m_client.call(
        QStringLiteral("setConfig"), {{QStringLiteral("config"), ControlProtocol::configToJson(checked.config)}});
    if (!reply.value(QStringLiteral("ok")).toBool()) {
        const QList<ConfigIssue> issues =
            ControlProtocol::issuesFromJson(reply.value(QStringLiteral("issues")).toArray());
        if (!issues.isEmpty())
            return issues;
        return {ConfigIssue{QString(), tr("The background service did not take the change: %1")
                                           .arg(reply.value(QStringLiteral("error")).toString())}};
    }
    // The "config" event follows; until then the window already shows what was saved.
    m_config = checked.config;
    Q_EMIT configChanged();
    return {};
}

ListenerStatus RemoteEngineBackend::status(const QString &listenerName) const
{
    return m_statuses.value(listenerName);
}

QList<LogRecord> RemoteEngineBackend::recentLog() const
{
    return toList(m_log);
}

void RemoteEngineBackend::setPaused(bool paused)
{
    const QJsonObject reply = m_client.call(QStringLiteral("setPaused"), {{QStringLiteral("paused"), paused}});
    if (reply.value(QStringLiteral("ok")).toBool() && m_paused != paused) {
        m_paused = paused;
        Q_EMIT pausedChanged(paused);
    }
}

void RemoteEngineBackend::onEvent(const QJsonObject &message)
{
    const QString event = message.value(QStringLiteral("event")).toString();
    if (event == QLatin1String("status")) {
        const QString name = message.value(QStringLiteral("listener")).toString();
        const ListenerStatus status =
            ControlProtocol::statusFromJson(message.value(QStringLiteral("status")).toObject());
        m_statuses.insert(name, status);
        Q_EMIT statusChanged(name, status);
    } else if (event == QLatin1String("log")) {
        const LogRecord record = ControlProtocol::logRecordFromJson(message.value(QStringLiteral("record")).toObject());
        m_log.append(record);
        Q_EMIT logRecord(record);
    } else if (event == QLatin1String("config")) {
        const ConfigLoadResult loaded =
            ControlProtocol::configFromJson(message.value(QStringLiteral("config")).toObject());
        // Always the whole config: a later edit here sends all of it back, timeouts and limits included.
        if (loaded.ok()) {
            m_config = loaded.config;
            Q_EMIT configChanged();
        }
    } else if (event == QLatin1String("paused")) {
        const bool paused = message.value(QStringLiteral("paused")).toBool();
        if (paused != m_paused) {
            m_paused = paused;
            Q_EMIT pausedChanged(paused);
        }
    }
}

void RemoteEngineBackend::onDisconnected()
{
    for (auto it = m_statuses.begin(); it != m_statuses.end(); ++it) {
        ListenerStatus stopped = it.value();
        stopped.state = ListenerStatus::State::Stopped;
        stopped.detail = tr("the background service is not running");
        stopped.activeSessions = 0;
        it.value() = stopped;
        Q_EMIT statusChanged(it.key(), stopped);
    }
    Q_EMIT attachedChanged(false);
    m_reconnect.start();
}

void RemoteEngineBackend::tryReconnect()
{
    QString error;
    attach(500, &error);
}

} // namespace mailshim
