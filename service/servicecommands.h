#pragma once

// ServiceCommands: mailshim-service's service-manager verbs (--install, --uninstall, --start, --stop,
// --status) for a terminal: each prints what it did, or why not, and returns the process exit code.
// The tray program runs these same verbs (elevated on Windows) from its Service section.

#include <QString>

namespace mailshim::ServiceCommands {

// configPath: the file given with --config; empty: the one the installed service already reads, else
// ServicePaths::configPath().
int install(const QString &configPath);
int uninstall();
int start();
int stop(const QString &controlName);
// Exit code 0: running; 3: installed, not running; 4: not installed (LSB's "program is not running" /
// "status unknown" family, so scripts can test it); 5: the installed service is not running, but another
// MailShim (started by hand with --console or --service) answers on the control channel; 6: the control channel
// refused this user, or (Windows) the process serving the service's pipe is not the service the SCM started.
int status(const QString &controlName);
// Hands the password read from standard input (one line) to the running service for account "user@host:port"
// ("setPassword" on the control channel), or makes it forget it; for scripts and headless installs (the tray's
// listener editor does the same). The password is never printed. Exit 0 done, 1 refused or failed, 2 bad account.
int setPassword(const QString &controlName, const QString &account);
int forgetPassword(const QString &controlName, const QString &account);

} // namespace mailshim::ServiceCommands
