#pragma once

// ConsoleRunner: runs the Engine in the foreground for `mailshim-service --console`. Loads the config
// file, writes log records to stderr at the chosen level, reloads on SIGHUP (a bad file is reported field
// by field and the running config stays) and stops cleanly on SIGINT / SIGTERM.

#include "config.h"
#include "engine.h"

#include <QObject>
#include <QSocketNotifier>
#include <QTextStream>
#include <memory>
#include <optional>

namespace mailshim {

class ConsoleRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleRunner)

public:
    // levelOverride: from --log-level; wins over the file's logLevel.
    ConsoleRunner(QString configPath, std::optional<LogLevel> levelOverride, QObject *parent = nullptr);
    ~ConsoleRunner() override;

    // Loads the config and starts the engine; false (errors already printed) if the config is bad.
    bool start();
    bool reload();
    Engine &engine() { return m_engine; }

private:
    void installSignalHandlers();
    void onSignal();
    void print(const QString &line);

    QString m_configPath;
    std::optional<LogLevel> m_levelOverride;
    Engine m_engine;
    bool m_running = false; // a config was applied: a bad reload keeps it
    std::unique_ptr<QSocketNotifier> m_signalNotifier;
};

} // namespace mailshim
