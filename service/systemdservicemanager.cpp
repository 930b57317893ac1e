#include "service/systemdservicemanager.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>

namespace mailshim {

namespace {
const int kSystemctlTimeoutMs = 30000;
}

bool SystemdServiceManager::available()
{
    if (QStandardPaths::findExecutable(QStringLiteral("systemctl")).isEmpty())
        return false;
    QProcess probe;
    probe.start(QStringLiteral("systemctl"), {QStringLiteral("--user"), QStringLiteral("show-environment")});
    return probe.waitForFinished(5000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

QString SystemdServiceManager::unitPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/systemd/user/") +
           QString::fromLatin1(kUnitName);
}

int SystemdServiceManager::version()
{
    QProcess process;
    process.start(QStringLiteral("systemctl"), {QStringLiteral("--version")});
    if (!process.waitForFinished(5000))
        return 0;
    // "systemd 252 (252.38-1~deb12u1)"
    return QString::fromLatin1(process.readAllStandardOutput()).section(QLatin1Char(' '), 1, 1).toInt();
}

QString SystemdServiceManager::unitText(const ServiceInstallOptions &options, int systemdVersion, QString *error)
{
    QFile templateFile(QStringLiteral(":/service/mailshim.service.in"));
    if (!templateFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the unit template is missing from this build");
        return {};
    }
    const QString executable = QFileInfo(options.executable).absoluteFilePath();
    const QString config = QFileInfo(options.configPath).absoluteFilePath();
    // systemd refuses an executable whose name holds a quote or a backslash; say so instead of writing a
    // unit that will never start.
    if (executable.contains(QLatin1Char('"')) || executable.contains(QLatin1Char('\\'))) {
        *error = QStringLiteral("systemd cannot run a program from %1: move MailShim to a folder without \" or \\")
                     .arg(executable);
        return {};
    }
    // Inside ExecStart's "...": systemd expands %-specifiers everywhere (%% is a percent sign); in arguments
    // it also unescapes \\ and \" and expands $VARIABLES ($$ is a dollar sign).
    const auto specifiers = [](QString text) { return text.replace(QLatin1Char('%'), QStringLiteral("%%")); };
    const auto argument = [&specifiers](QString text) {
        return specifiers(text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                              .replace(QLatin1Char('"'), QStringLiteral("\\\""))
                              .replace(QLatin1Char('$'), QStringLiteral("$$")));
    };
    QString text = QString::fromUtf8(templateFile.readAll());
    text.replace(QStringLiteral("@EXECUTABLE@"), specifiers(executable));
    text.replace(QStringLiteral("@CONFIG@"), argument(config));
    // A growing pause between restarts exists from systemd 254 on; older versions would warn about the keys
    // at every daemon-reload, so they get the fixed 5 s only.
    text.replace(QStringLiteral("@BACKOFF@\n"),
                 systemdVersion >= 254 ? QStringLiteral("# Back-off between restarts: 5 s growing to 5 min.\n"
                                                        "RestartSteps=5\nRestartMaxDelaySec=5min\n")
                                       : QString());
    return text;
}

QString SystemdServiceManager::kind() const
{
    // English on the console; the tray's service panel words it (ServiceControl), hence the translation mark.
    return QString::fromLatin1(QT_TRANSLATE_NOOP("Engine", "systemd user unit %1")).arg(QString::fromLatin1(kUnitName));
}

bool SystemdServiceManager::install(const ServiceInstallOptions &options, QString *error)
{
    const QString text = unitText(options, version(), error);
    if (text.isEmpty())
        return false;
    QDir().mkpath(QFileInfo(unitPath()).absolutePath());
    QSaveFile file(unitPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(unitPath(), file.errorString());
        return false;
    }
    return systemctl({QStringLiteral("daemon-reload")}, error) &&
           systemctl({QStringLiteral("enable"), QString::fromLatin1(kUnitName)}, error);
}

bool SystemdServiceManager::uninstall(QString *error)
{
    if (!QFile::exists(unitPath()))
        return true;
    QString ignored;
    systemctl({QStringLiteral("disable"), QStringLiteral("--now"), QString::fromLatin1(kUnitName)}, &ignored);
    if (!QFile::remove(unitPath())) {
        *error = QStringLiteral("cannot remove %1").arg(unitPath());
        return false;
    }
    return systemctl({QStringLiteral("daemon-reload")}, error);
}

bool SystemdServiceManager::start(QString *error)
{
    if (!QFile::exists(unitPath())) {
        *error = QStringLiteral("the service is not installed (mailshim-service --install)");
        return false;
    }
    return systemctl({QStringLiteral("start"), QString::fromLatin1(kUnitName)}, error);
}

bool SystemdServiceManager::stop(QString *error)
{
    return systemctl({QStringLiteral("stop"), QString::fromLatin1(kUnitName)}, error);
}

ServiceState SystemdServiceManager::state() const
{
    ServiceState state;
    state.installed = QFile::exists(unitPath());
    QString output;
    QString error;
    if (!systemctl({QStringLiteral("show"), QString::fromLatin1(kUnitName),
                    QStringLiteral("--property=ActiveState,SubState,UnitFileState")},
                   &error, &output)) {
        state.detail = error;
        return state;
    }
    QString active;
    QString sub;
    QString fileState;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        const QString value = line.section(QLatin1Char('='), 1);
        if (line.startsWith(QLatin1String("ActiveState=")))
            active = value;
        else if (line.startsWith(QLatin1String("SubState=")))
            sub = value;
        else if (line.startsWith(QLatin1String("UnitFileState=")))
            fileState = value;
    }
    state.running = active == QLatin1String("active");
    state.detail = QStringLiteral("%1 (%2)").arg(active, sub);
    if (state.installed && !fileState.isEmpty() && fileState != QLatin1String("enabled"))
        state.detail += QStringLiteral(", ") + fileState;
    return state;
}

bool SystemdServiceManager::systemctl(const QStringList &arguments, QString *error, QString *output)
{
    QProcess process;
    process.start(QStringLiteral("systemctl"), QStringList{QStringLiteral("--user")} + arguments);
    if (!process.waitForStarted(5000)) {
        *error = QStringLiteral("cannot run systemctl: %1").arg(process.errorString());
        return false;
    }
    if (!process.waitForFinished(kSystemctlTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        *error = QStringLiteral("systemctl --user %1 did not finish").arg(arguments.join(QLatin1Char(' ')));
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString stderrText = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
        *error = QStringLiteral("systemctl --user %1 failed: %2")
                     .arg(arguments.join(QLatin1Char(' ')),
                          stderrText.isEmpty() ? QStringLiteral("exit code %1").arg(process.exitCode()) : stderrText);
        return false;
    }
    return true;
}

} // namespace mailshim
