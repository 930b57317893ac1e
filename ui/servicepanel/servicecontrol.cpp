#include "ui/servicepanel/servicecontrol.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_WIN
#include "service/control/controlpipe_win.h"

#include <QWinEventNotifier>
// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on
#endif

namespace mailshim {

namespace {
// The service prints its kind in English ("background process (no systemd)", "systemd user unit mailshim.service",
// "Windows service"); these are its sentences (QT_TRANSLATE_NOOP("Engine", ...) in the service managers).
QString kindInUserLanguage(const QString &kind)
{
    static const QString systemdPrefix = QStringLiteral("systemd user unit ");
    if (kind.startsWith(systemdPrefix))
        return QCoreApplication::translate("Engine", "systemd user unit %1").arg(kind.mid(systemdPrefix.size()));
    const QByteArray source = kind.toUtf8();
    return QCoreApplication::translate("Engine", source.constData());
}
} // namespace

ServiceControl::ServiceControl(QString serviceExecutable, QString configPath, QString controlName, QObject *parent)
    : QObject(parent), m_executable(std::move(serviceExecutable)), m_configPath(std::move(configPath)),
      m_controlName(std::move(controlName))
{
    qRegisterMetaType<ServiceControl::State>();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::finished, this, &ServiceControl::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        // The program is missing: every verb waiting would fail the same way.
        const QString verb = m_running;
        m_running.clear();
        m_queue.clear();
        Q_EMIT busyChanged(false);
        m_state = State::Unknown;
        m_stateText = tr("%1 cannot be run: %2").arg(QDir::toNativeSeparators(m_executable), m_process.errorString());
        Q_EMIT stateChanged(m_state, m_stateText);
        if (verb != QLatin1String("status"))
            Q_EMIT finished(verb, false, m_stateText);
    });
}

ServiceControl::~ServiceControl()
{
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

QString ServiceControl::defaultExecutable()
{
#ifdef Q_OS_WIN
    return QCoreApplication::applicationDirPath() + QStringLiteral("/mailshim-service.exe");
#else
    return QCoreApplication::applicationDirPath() + QStringLiteral("/mailshim-service");
#endif
}

void ServiceControl::refresh()
{
    run(QStringLiteral("status"), {QStringLiteral("--status"), QStringLiteral("--control"), m_controlName}, false);
}

void ServiceControl::install()
{
    QStringList arguments = {QStringLiteral("--install"), QStringLiteral("--config"), m_configPath};
#ifdef Q_OS_WIN
    // The elevated --install is the administrator's process: name this program's own user, whose tray must be able to
    // attach to the service's control channel (over-the-shoulder elevation: a different account).
    arguments << QStringLiteral("--allow-user") << ControlPipe::currentUserSid();
#endif
    run(QStringLiteral("install"), arguments, true);
}

void ServiceControl::uninstall()
{
    run(QStringLiteral("uninstall"), {QStringLiteral("--uninstall")}, true);
}

void ServiceControl::start()
{
    run(QStringLiteral("start"), {QStringLiteral("--start")}, true);
}

void ServiceControl::stop()
{
    run(QStringLiteral("stop"), {QStringLiteral("--stop"), QStringLiteral("--control"), m_controlName}, true);
}

void ServiceControl::run(const QString &verb, const QStringList &arguments, bool elevated)
{
    if (!m_running.isEmpty()) {
        // One verb at a time; the others wait their turn (a status check that is already coming is enough).
        const bool statusComing = m_running == QLatin1String("status") ||
                                  std::any_of(m_queue.cbegin(), m_queue.cend(),
                                              [](const Pending &p) { return p.verb == QLatin1String("status"); });
        if (verb != QLatin1String("status") || !statusComing)
            m_queue.append(Pending{verb, arguments, elevated});
        return;
    }
    m_running = verb;
    Q_EMIT aboutToRun(verb);
    Q_EMIT busyChanged(true);
#ifdef Q_OS_WIN
    if (elevated) {
        runElevated(verb, arguments);
        return;
    }
#else
    Q_UNUSED(elevated);
#endif
    m_process.start(m_executable, arguments);
}

#ifdef Q_OS_WIN
// The service control manager's changes need an administrator: ShellExecuteEx's "runas" shows the UAC
// prompt. The elevated process cannot hand its output back, so its exit code is the answer.
void ServiceControl::runElevated(const QString &verb, const QStringList &arguments)
{
    QString parameters;
    for (const QString &argument : arguments)
        parameters += QLatin1Char('"') + QDir::toNativeSeparators(argument) + QStringLiteral("\" ");
    const std::wstring file = QDir::toNativeSeparators(m_executable).toStdWString();
    const std::wstring params = parameters.trimmed().toStdWString();
    SHELLEXECUTEINFOW info = {};
    info.cbSize = sizeof(info);
    info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC;
    info.lpVerb = L"runas";
    info.lpFile = file.c_str();
    info.lpParameters = params.c_str();
    info.nShow = SW_HIDE;
    if (!ShellExecuteExW(&info) || !info.hProcess) {
        const DWORD error = GetLastError();
        complete(verb, false, -1, QProcess::NormalExit, {},
                 error == ERROR_CANCELLED ? tr("Administrator rights were not granted.")
                                          : tr("mailshim-service could not be started (Windows error %1).").arg(error));
        return;
    }
    auto *notifier = new QWinEventNotifier(info.hProcess, this);
    connect(notifier, &QWinEventNotifier::activated, this, [this, verb, notifier](HANDLE process) {
        DWORD code = 1;
        GetExitCodeProcess(process, &code);
        CloseHandle(process);
        notifier->setEnabled(false);
        notifier->deleteLater();
        complete(verb, code == 0, int(code), QProcess::NormalExit, {}, {});
    });
}
#endif

void ServiceControl::onFinished(int exitCode, QProcess::ExitStatus status)
{
    const QString verb = m_running; // a copy: complete() clears m_running
    complete(verb, status == QProcess::NormalExit && exitCode == 0, exitCode, status,
             QString::fromLocal8Bit(m_process.readAllStandardOutput()).trimmed(),
             QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed());
}

void ServiceControl::complete(const QString &verb, bool ok, int exitCode, QProcess::ExitStatus status,
                              const QString &output, const QString &errors)
{
    report(verb, ok, exitCode, status, output, errors);
    if (m_running.isEmpty() && !m_queue.isEmpty()) {
        const Pending next = m_queue.takeFirst();
        run(next.verb, next.arguments, next.elevated);
    } else if (m_running.isEmpty()) {
        Q_EMIT busyChanged(false);
    }
}

void ServiceControl::report(const QString &verb, bool ok, int exitCode, QProcess::ExitStatus status,
                            const QString &output, const QString &errors)
{
    m_running.clear();
    if (verb == QLatin1String("status")) {
        // mailshim-service --status: 0 running, 3 installed and stopped, 4 not installed, 5 someone else runs.
        const State before = m_state;
        const QString beforeText = m_stateText;
        if (status != QProcess::NormalExit)
            m_state = State::Unknown;
        else
            m_state = exitCode == 0   ? State::Running
                      : exitCode == 3 ? State::Stopped
                      : exitCode == 4 ? State::NotInstalled
                                      : State::Unknown;
        // "<kind>: installed, running (<detail>)": the kind is what the panel adds to its own words.
        m_stateText = kindInUserLanguage(output.section(QLatin1Char('\n'), 0, 0).section(QStringLiteral(": "), 0, 0));
        if (exitCode == 5) // another MailShim answers, not the installed service: its last line says so
            m_stateText = output.section(QLatin1Char('\n'), -1);
        else if (m_state == State::Unknown && !errors.isEmpty())
            m_stateText = errors;
        if (m_state != before || m_stateText != beforeText)
            Q_EMIT stateChanged(m_state, m_stateText);
        return;
    }
    QString message = ok ? output : (errors.isEmpty() ? output : errors);
    if (!ok && message.isEmpty())
        message = tr("mailshim-service --%1 ended with exit code %2").arg(verb).arg(exitCode);
    Q_EMIT finished(verb, ok, message);
    refresh();
}

} // namespace mailshim
