#pragma once

// ServiceControl: the tray program's hands on the background service. It runs mailshim-service's own verbs
// (--status, --install, --start, --stop, --uninstall) as a child process, so the GUI and a terminal do
// exactly the same thing and the window never blocks on systemctl or the service manager. On Windows the
// changing verbs run elevated (the UAC prompt); --status never needs to.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace mailshim {

class ServiceControl final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceControl)

public:
    enum class State { Unknown, NotInstalled, Stopped, Running };

    // serviceExecutable: mailshim-service beside this program; configPath: what --install registers;
    // controlName: the service's control channel, for --status and --stop.
    ServiceControl(QString serviceExecutable, QString configPath, QString controlName, QObject *parent = nullptr);
    ~ServiceControl() override;

    static QString defaultExecutable();

    State state() const { return m_state; }
    // The service manager in use ("systemd user unit mailshim.service"), or why the state is unknown.
    QString stateText() const { return m_stateText; }
    bool busy() const { return !m_running.isEmpty() || !m_queue.isEmpty(); }

    // Each runs one verb; finished() follows, then a fresh refresh().
    void refresh();
    void install();
    void uninstall();
    void start();
    void stop();

Q_SIGNALS:
    void stateChanged(mailshim::ServiceControl::State state, const QString &text);
    void busyChanged(bool busy);
    // Just before a verb runs: the tray frees its ports before the service starts.
    void aboutToRun(const QString &verb);
    // verb: "install", "start", ...; ok with the command's output, or its error.
    void finished(const QString &verb, bool ok, const QString &message);

private:
    void run(const QString &verb, const QStringList &arguments, bool elevated);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    // Reports a finished verb, then starts the next one waiting.
    void complete(const QString &verb, bool ok, int exitCode, QProcess::ExitStatus status, const QString &output,
                  const QString &errors);
    void report(const QString &verb, bool ok, int exitCode, QProcess::ExitStatus status, const QString &output,
                const QString &errors);
#ifdef Q_OS_WIN
    void runElevated(const QString &verb, const QStringList &arguments);
#endif

    QString m_executable;
    QString m_configPath;
    QString m_controlName;
    QProcess m_process;
    QString m_running; // the verb in progress, empty when idle
    struct Pending
    {
        QString verb;
        QStringList arguments;
        bool elevated;
    };
    QList<Pending> m_queue; // verbs asked for while another ran
    State m_state = State::Unknown;
    QString m_stateText;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::ServiceControl::State)
