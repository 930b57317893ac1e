#include "service/servicepaths.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#ifdef Q_OS_WIN
#include "service/control/controlpipe_win.h"
#endif

namespace mailshim::ServicePaths {

#ifdef Q_OS_WIN
static QString programData()
{
    return QDir::fromNativeSeparators(qEnvironmentVariable("ProgramData", QStringLiteral("C:/ProgramData"))) +
           QStringLiteral("/MailShim");
}

QString configPath()
{
    return programData() + QStringLiteral("/mailshim.json");
}

QString logDirectory()
{
    return programData() + QStringLiteral("/logs");
}

QString passwordFile()
{
    return programData() + QStringLiteral("/passwords/passwords.json");
}

QString trayLogDirectory()
{
    const QString local = qEnvironmentVariable("LOCALAPPDATA");
    return QDir::fromNativeSeparators(local.isEmpty() ? QDir::homePath() + QStringLiteral("/AppData/Local") : local) +
           QStringLiteral("/MailShim/logs");
}

QString controlChannelName()
{
    return QStringLiteral("MailShim-service");
}

QString consoleControlChannelName()
{
    return QStringLiteral("MailShim-console-") + ControlPipe::currentUserSid();
}
#else
QString configPath()
{
    // The same file as the tray program's SettingsStore::defaultPath(): one user, one configuration.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/MailShim/mailshim.json");
}

QString logDirectory()
{
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty())
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/MailShim/logs");
}

QString passwordFile()
{
    return {};
}

QString trayLogDirectory()
{
    // Beside the service's logs, in a folder of its own: the two may run for the same user one after the other.
    return QFileInfo(logDirectory()).path() + QStringLiteral("/tray-logs");
}

QString controlChannelName()
{
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) + QStringLiteral("/mailshim-service");
}

QString consoleControlChannelName()
{
    return controlChannelName();
}
#endif

} // namespace mailshim::ServicePaths
