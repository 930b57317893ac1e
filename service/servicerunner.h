#pragma once

// ServiceRunner: the headless MailShim, as `mailshim-service --console` (foreground, log to stderr) and
// `--service` (under systemd or the Windows SCM). Loads the config file, runs the engine through a
// LocalEngineBackend that saves changes back to that file, writes the log to stderr and/or rotating log
// files, opens the control channel for the tray program, reloads on SIGHUP (or the "reload" command: a bad
// file is reported field by field and the running config stays) and stops cleanly on SIGINT / SIGTERM.

#include "core/config.h"
#include "core/configloader.h"
#include "service/control/peeridentity.h"

#include <QObject>
#include <QSocketNotifier>
#include <memory>
#include <optional>

namespace mailshim {

class ControlServer;
class CredentialStore;
class LocalEngineBackend;
class RotatingLogFile;
class ServiceTokens;

class ServiceRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceRunner)

public:
    struct Options
    {
        QString configPath;
        QString logDirectory;                  // empty: no log files
        QString controlName;                   // empty: no control channel
        bool controlRequired = false;          // --service: no channel (another service has it) is fatal
        std::optional<LogLevel> levelOverride; // --log-level: wins over the file's logLevel for this run
        // The store of this process's account: the engine reads it for listeners with storedPassword, and the
        // control channel's setPassword / forgetPassword write it. Not owned.
        CredentialStore *passwords = nullptr;
        bool echoToStderr = true;
        // --service: a missing file means "no listeners yet" (the tray program will write one), and a
        // broken one is reported in the status instead of ending the service, so the user can repair it.
        bool tolerateBadConfig = false;
        // --service rather than --console: reported on the control channel ("runMode"), so `--status` can tell
        // the background service from a MailShim started by hand in a terminal.
        bool asService = false;
        // Users the control channel serves besides its defaults (ControlServer::authorizedUsers): on Windows the
        // installed service's list (ControlPipe::servedUsers).
        QList<UserId> controlUsers;
    };

    explicit ServiceRunner(Options options, QObject *parent = nullptr);
    ~ServiceRunner() override;

    // Loads the config, opens the log file and the control channel, starts the engine. False (the reason
    // already printed and logged) when the service cannot run.
    bool start();
    // Reads the file again; on errors nothing changes and the errors are returned (and logged).
    QList<ConfigIssue> reload();
    LocalEngineBackend *backend() const { return m_backend.get(); }
    QString configProblem() const { return m_configProblem; }

Q_SIGNALS:
    // SIGINT / SIGTERM / the "shutdown" command: the engine is already stopped; the caller quits.
    void stopRequested();

private:
    void installSignalHandlers();
    void onSignal();
    void requestStop(const QString &why);
    void print(const QString &line);
    void note(LogLevel level, const Message &text);
    bool save(const Config &config, QString *error);

    Options m_options;
    // oauth2 listeners' access tokens, over the store in options.passwords; outlives the engine (declared first).
    std::unique_ptr<ServiceTokens> m_tokens;
    std::unique_ptr<LocalEngineBackend> m_backend;
    std::unique_ptr<RotatingLogFile> m_logFile;
    std::unique_ptr<ControlServer> m_control;
    std::unique_ptr<QSocketNotifier> m_signalNotifier;
    QString m_configProblem; // the file at start did not validate (tolerateBadConfig)
    bool m_stopping = false;
};

} // namespace mailshim
