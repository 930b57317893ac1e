#include "service/control/localenginebackend.h"

#include "engine/engine.h"

namespace mailshim {

LocalEngineBackend::LocalEngineBackend(const Config &initial, Saver saver, PasswordSource *passwords, QObject *parent,
                                       std::optional<LogLevel> levelOverride, AccessTokenSource *tokens)
    : EngineBackend(parent), m_engine(new Engine(this)), m_config(initial), m_saver(std::move(saver)),
      m_levelOverride(levelOverride)
{
    m_engine->setPasswordSource(passwords);
    m_engine->setAccessTokenSource(tokens);
    connect(m_engine, &Engine::statusChanged, this, &EngineBackend::statusChanged);
    connect(m_engine, &Engine::logRecord, this, [this](const LogRecord &record) {
        m_log.append(record);
        Q_EMIT logRecord(record);
    });
    applyToEngine();
}

LocalEngineBackend::~LocalEngineBackend()
{
    m_engine->stop();
}

QString LocalEngineBackend::location() const
{
    return tr("in this program");
}

QList<ConfigIssue> LocalEngineBackend::setConfig(const Config &config)
{
    const ConfigLoadResult checked = validate(config);
    if (!checked.ok())
        return checked.errors;
    QString error;
    if (!m_saver(checked.config, &error))
        return {ConfigIssue{QString(), tr("The settings could not be saved: %1").arg(error)}};
    m_config = checked.config;
    applyToEngine();
    Q_EMIT configChanged();
    return {};
}

ListenerStatus LocalEngineBackend::status(const QString &listenerName) const
{
    return m_engine->status(listenerName);
}

QList<LogRecord> LocalEngineBackend::recentLog() const
{
    return toList(m_log);
}

void LocalEngineBackend::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    applyToEngine();
    Q_EMIT pausedChanged(paused);
}

void LocalEngineBackend::replaceConfig(const Config &config)
{
    m_config = config;
    applyToEngine();
    Q_EMIT configChanged();
}

void LocalEngineBackend::setLogLevelOverride(std::optional<LogLevel> level)
{
    m_levelOverride = level;
    applyToEngine();
}

void LocalEngineBackend::note(LogLevel level, const QString &category, const Message &text)
{
    const LogLevel threshold = m_levelOverride.value_or(m_config.logLevel);
    if (level > threshold)
        return;
    const LogRecord record{QDateTime::currentDateTime(), level, category, {}, 0, text.english(), text};
    m_log.append(record);
    Q_EMIT logRecord(record);
}

void LocalEngineBackend::applyToEngine()
{
    Config running = m_config;
    if (m_levelOverride)
        running.logLevel = *m_levelOverride;
    if (m_paused) {
        for (ListenerConfig &listener : running.listeners)
            listener.enabled = false;
    }
    m_engine->apply(running);
}

} // namespace mailshim
