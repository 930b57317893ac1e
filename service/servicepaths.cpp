#include "service/servicepaths.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#ifdef Q_OS_WIN
#include "service/control/controlpipe_win.h"

#include <qt_windows.h>
// clang-format off: the known folder ids need windows.h first
#include <knownfolders.h>
#include <shlobj.h>
// clang-format on
#endif

namespace mailshim::ServicePaths {

#ifdef Q_OS_WIN
static QString programData()
{
    // The known folder, not %ProgramData%: an environment variable is whatever the starting process had (a service
    // under Wine got C:\users\Public), and a user can set it for programs they start.
    QString base;
    PWSTR path = nullptr;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_ProgramData, KF_FLAG_DEFAULT, nullptr, &path)))
        base = QDir::fromNativeSeparators(QString::fromWCharArray(path));
    CoTaskMemFree(path);
    if (base.isEmpty())
        base = QStringLiteral("C:/ProgramData");
    return base + QStringLiteral("/MailShim");
}

QString serviceFolder()
{
    return programData();
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

QString serviceFolder()
{
    return QFileInfo(configPath()).path();
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
