#pragma once

// Autostart: the "start at login" switch. One place knows how each system starts a program at login: an
// XDG autostart entry ($XDG_CONFIG_HOME/autostart/mailshim.desktop) on Linux, the per-user "Run" registry
// value "MailShim" on Windows. Nothing is kept in memory: every call looks at the system, so a change
// made outside MailShim (the desktop's own startup settings) shows.

#include <QString>
#include <QStringList>

namespace mailshim {

class Autostart
{
public:
    // program: absolute path of the executable; arguments: e.g. {"--minimized"}.
    Autostart(const QString &program, const QStringList &arguments);

    // True when the system will start MailShim at the next login (an entry the user switched off in the
    // desktop's settings counts as off).
    bool isEnabled() const;
    // Writes or removes the entry; on failure returns false and says why in *error (if given).
    bool setEnabled(bool enabled, QString *error);

    // Where the entry lives, for messages: a file path, or a registry key and value name.
    QString location() const;
    // The command line as written into the entry.
    QString commandLine() const;

private:
    QString m_program;
    QStringList m_arguments;
};

} // namespace mailshim
