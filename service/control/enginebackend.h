#pragma once

// EngineBackend: the one interface the tray, the main window and the wizards use to see and steer the
// engine, wherever it runs: in this process (LocalEngineBackend) or in the background service (over the
// control channel). Widgets never hold an Engine; they hold one of these.

#include "core/configloader.h"
#include "core/listener.h"
#include "core/logging.h"

#include <QContiguousCache>
#include <QList>
#include <QObject>
#include <QString>

namespace mailshim {

class EngineBackend : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineBackend)

public:
    using QObject::QObject;
    ~EngineBackend() override = default;

    // Where the engine runs, in words for the window title: "in this program", "background service".
    virtual QString location() const = 0;
    virtual Config config() const = 0;
    // Validates, saves and applies config. On any error nothing changes and the errors name the fields.
    virtual QList<ConfigIssue> setConfig(const Config &config) = 0;
    virtual ListenerStatus status(const QString &listenerName) const = 0;
    // The records kept since start (bounded), oldest first, so a log view opened late is not empty.
    virtual QList<LogRecord> recentLog() const = 0;
    // Pause closes every port without changing the saved config; resume opens the enabled ones again.
    virtual bool isPaused() const = 0;
    virtual void setPaused(bool paused) = 0;

    // The engine's own validation of a Config struct, as if it were read from a file: the normalized config,
    // or the errors naming the fields (those setConfig() would give). Nothing is saved or applied.
    static ConfigLoadResult validate(const Config &config);

    // The records of a bounded log tail, oldest first: what recentLog() returns.
    static QList<LogRecord> toList(const QContiguousCache<LogRecord> &tail);

    // Turns one listener on or off and saves that, like an edit of its "enabled" field.
    QList<ConfigIssue> setListenerEnabled(const QString &listenerName, bool enabled);

Q_SIGNALS:
    void configChanged();
    void pausedChanged(bool paused);
    void statusChanged(const QString &listenerName, const mailshim::ListenerStatus &status);
    void logRecord(const mailshim::LogRecord &record);
};

} // namespace mailshim
