#pragma once

// LocalEngineBackend: the engine running in this process: inside the tray program, or inside the service
// (which serves it to the tray over the control channel). Holds the saved Config, applies it to an Engine,
// saves every change through a saver (the config file) before it takes effect, and keeps a bounded tail of
// the log so a log view opened late still shows what happened.

#include "service/control/enginebackend.h"

#include <QContiguousCache>
#include <functional>
#include <optional>

namespace mailshim {

class AccessTokenSource;
class Engine;
class PasswordSource;

class LocalEngineBackend final : public EngineBackend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalEngineBackend)

public:
    // Writes config somewhere durable; false with a reason when it could not.
    using Saver = std::function<bool(const Config &config, QString *error)>;

    // initial must have passed validation (SettingsStore::load gives such a Config). passwords may be null.
    // levelOverride: see setLogLevelOverride(); given here, it holds from the engine's first line.
    // tokens: where login oauth2 listeners get their access tokens; may be null.
    LocalEngineBackend(const Config &initial, Saver saver, PasswordSource *passwords, QObject *parent = nullptr,
                       std::optional<LogLevel> levelOverride = std::nullopt, AccessTokenSource *tokens = nullptr);
    ~LocalEngineBackend() override;

    QString location() const override;
    Config config() const override { return m_config; }
    QList<ConfigIssue> setConfig(const Config &config) override;
    ListenerStatus status(const QString &listenerName) const override;
    QList<LogRecord> recentLog() const override;
    bool isPaused() const override { return m_paused; }
    void setPaused(bool paused) override;

    // Applies a config that is already saved (read back from the file on a reload): no save.
    void replaceConfig(const Config &config);
    // --log-level: the level the engine logs at, whatever the config says, for this process's life.
    void setLogLevelOverride(std::optional<LogLevel> level);
    // A record from the process around the engine (the service's own events), subject to the log level.
    void note(LogLevel level, const QString &category, const Message &text);

    static constexpr int kLogTail = 5000;

private:
    void applyToEngine();

    Engine *m_engine;
    Config m_config;
    Saver m_saver;
    bool m_paused = false;
    std::optional<LogLevel> m_levelOverride;
    QContiguousCache<LogRecord> m_log{kLogTail};
};

} // namespace mailshim
