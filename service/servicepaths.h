#pragma once

// ServicePaths: where the background service keeps its config, its log files and its control channel.
// Windows (a system service): %ProgramData%\MailShim\mailshim.json and ...\logs, and a machine-wide pipe
// name. Linux (a systemd user unit): the tray program's own config file, $XDG_STATE_HOME/MailShim/logs, and
// a socket in the user's private runtime folder. Tests override all three with command-line options.

#include <QString>

namespace mailshim::ServicePaths {

QString configPath();
// Windows: the service's own folder, %ProgramData%\MailShim (SHGetKnownFolderPath), which `--install` gives a
// protected DACL (WindowsServiceManager::programDataSddl). Linux: the folder of configPath().
QString serviceFolder();
QString logDirectory();
// Windows: where the service keeps the stored passwords the tray hands it (DpapiFileCredentialStore),
// %ProgramData%\MailShim\passwords\passwords.json. (Linux: the user's keychain, no file.)
QString passwordFile();
// The tray program's own log, written while it runs the engine itself (the service writes logDirectory()):
// Windows %LOCALAPPDATA%\MailShim\logs, Linux $XDG_STATE_HOME/MailShim/tray-logs.
QString trayLogDirectory();
// A QLocalServer name: a full socket path on Unix, a pipe name on Windows.
QString controlChannelName();
// The control channel of `mailshim-service --console`: on Windows a pipe of its own, named after the user's SID, so
// a console run never takes (or is taken for) the service's pipe; on Unix the same as controlChannelName().
QString consoleControlChannelName();

} // namespace mailshim::ServicePaths
