#include "service/daemonservicemanager.h"

#include "service/control/controlclient.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>

namespace mailshim {

namespace {
const int kStartStopWaitMs = 10000;

// Desktop Entry Specification: an argument is double-quoted; inside the quotes ", `, $ and \ are escaped
// with a backslash, and a literal % is written %% (field codes start with %).
QString quotedArgument(const QString &argument)
{
    QString escaped;
    for (const QChar c : argument) {
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        escaped += c;
        if (c == QLatin1Char('%'))
            escaped += QLatin1Char('%');
    }
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}
} // namespace

DaemonServiceManager::DaemonServiceManager(QString controlName) : m_controlName(std::move(controlName)) {}

QString DaemonServiceManager::entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/autostart/mailshim-service.desktop");
}

QString DaemonServiceManager::execLine(const QStringList &command)
{
    QStringList quoted;
    for (const QString &argument : command)
        quoted << quotedArgument(argument);
    return quoted.join(QLatin1Char(' '));
}

QStringList DaemonServiceManager::parseExecLine(const QString &line)
{
    QStringList arguments;
    QString current;
    bool inQuotes = false;
    bool haveArgument = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('%') && i + 1 < line.size() && line.at(i + 1) == QLatin1Char('%')) {
            current += c;
            ++i;
        } else if (inQuotes && c == QLatin1Char('\\') && i + 1 < line.size()) {
            current += line.at(++i);
        } else if (c == QLatin1Char('"')) {
            inQuotes = !inQuotes;
            haveArgument = true;
        } else if (c == QLatin1Char(' ') && !inQuotes) {
            if (haveArgument || !current.isEmpty())
                arguments << current;
            current.clear();
            haveArgument = false;
        } else {
            current += c;
        }
    }
    if (haveArgument || !current.isEmpty())
        arguments << current;
    return arguments;
}

QString DaemonServiceManager::kind() const
{
    // English on the console; the tray's service panel words it (ServiceControl), hence the translation mark.
    return QString::fromLatin1(QT_TRANSLATE_NOOP("Engine", "background process (no systemd)"));
}

bool DaemonServiceManager::install(const ServiceInstallOptions &options, QString *error)
{
    const QString exec = execLine({QFileInfo(options.executable).absoluteFilePath(), QStringLiteral("--service"),
                                   QStringLiteral("--config"), QFileInfo(options.configPath).absoluteFilePath()});
    const QString text = QStringLiteral("[Desktop Entry]\nType=Application\nName=MailShim service\n"
                                        "Comment=Runs MailShim in the background from login on\n"
                                        "Exec=%1\nTerminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n")
                             .arg(exec);
    QDir().mkpath(QFileInfo(entryPath()).absolutePath());
    QSaveFile file(entryPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(entryPath(), file.errorString());
        return false;
    }
    return true;
}

bool DaemonServiceManager::uninstall(QString *error)
{
    if (answers(500) && !stop(error))
        return false;
    if (QFile::exists(entryPath()) && !QFile::remove(entryPath())) {
        *error = QStringLiteral("cannot remove %1").arg(entryPath());
        return false;
    }
    return true;
}

bool DaemonServiceManager::start(QString *error)
{
    if (answers(500))
        return true;
    const QStringList command = installedCommand();
    if (command.isEmpty()) {
        *error = QStringLiteral("the service is not installed (mailshim-service --install)");
        return false;
    }
    if (!QProcess::startDetached(command.first(), command.mid(1))) {
        *error = QStringLiteral("cannot start %1").arg(command.first());
        return false;
    }
    const QDeadlineTimer deadline(kStartStopWaitMs);
    while (!deadline.hasExpired()) {
        if (answers(500))
            return true;
        QThread::msleep(200);
    }
    *error = QStringLiteral("the service did not come up within %1 s; see its log").arg(kStartStopWaitMs / 1000);
    return false;
}

bool DaemonServiceManager::stop(QString *error)
{
    ControlClient client;
    QString ignored;
    if (!client.connectTo(m_controlName, 1000, &ignored))
        return true; // not running
    const QJsonObject reply = client.call(QStringLiteral("shutdown"));
    if (!reply.value(QStringLiteral("ok")).toBool()) {
        *error = reply.value(QStringLiteral("error")).toString();
        return false;
    }
    client.disconnectFromService();
    const QDeadlineTimer deadline(kStartStopWaitMs);
    while (!deadline.hasExpired()) {
        if (!answers(300))
            return true;
        QThread::msleep(200);
    }
    *error = QStringLiteral("the service did not stop within %1 s").arg(kStartStopWaitMs / 1000);
    return false;
}

ServiceState DaemonServiceManager::state() const
{
    ServiceState state;
    state.installed = QFile::exists(entryPath());
    bool someoneAnswers = false;
    state.running = installedServiceAnswers(1000, &someoneAnswers);
    state.detail = state.running    ? QStringLiteral("running")
                   : someoneAnswers ? QStringLiteral("not running; another MailShim answers on the control channel")
                                    : QStringLiteral("not running");
    return state;
}

QStringList DaemonServiceManager::installedCommand() const
{
    QFile file(entryPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("Exec="))
            return parseExecLine(QString::fromUtf8(line.mid(5)).trimmed());
    }
    return {};
}

bool DaemonServiceManager::installedServiceAnswers(int timeoutMs, bool *someoneAnswers) const
{
    ControlClient client;
    QString ignored;
    *someoneAnswers = client.connectTo(m_controlName, timeoutMs, &ignored);
    if (!*someoneAnswers)
        return false;
    const QStringList command = installedCommand();
    if (command.isEmpty())
        return false; // nothing installed: whatever answers was started by hand
    const QJsonObject service =
        client.call(QStringLiteral("status"), {}, timeoutMs).value(QStringLiteral("service")).toObject();
    // A service from before "runMode" existed is taken at its word.
    const QString mode = service.value(QStringLiteral("runMode")).toString(QStringLiteral("service"));
    if (mode != QLatin1String("service"))
        return false;
    const qsizetype configAt = command.indexOf(QStringLiteral("--config"));
    const QString answering = service.value(QStringLiteral("configPath")).toString();
    if (configAt < 0 || configAt + 1 >= command.size() || answering.isEmpty())
        return true;
    return QFileInfo(QDir::fromNativeSeparators(answering)).absoluteFilePath() ==
           QFileInfo(command.at(configAt + 1)).absoluteFilePath();
}

bool DaemonServiceManager::answers(int timeoutMs) const
{
    ControlClient client;
    QString ignored;
    return client.connectTo(m_controlName, timeoutMs, &ignored);
}

} // namespace mailshim
