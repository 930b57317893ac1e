#pragma once

// SettingsStore: the one config file of the tray app (JSON, per-user config folder). It reads with
// ConfigLoader's validation and writes atomically; a file that does not validate is never overwritten but
// moved aside, so a hand edit gone wrong is kept for the user to repair. Passwords are not in it (keychain).

#include "core/configloader.h"

#include <QList>
#include <QString>

namespace mailshim {

struct SettingsLoadResult
{
    Config config;               // empty (no listeners) unless the file was read and valid
    QList<ConfigIssue> errors;   // why the file could not be used; the fields are named
    QList<ConfigIssue> warnings; // valid but risky
    bool existed = false;        // a file was there (even if broken or unreadable)
    QString keptAsidePath;       // where a file that did not validate was moved; empty otherwise
    bool ok() const { return errors.isEmpty(); }
};

class SettingsStore
{
public:
    explicit SettingsStore(const QString &path);

    // <per-user config folder>/MailShim/mailshim.json (~/.config/MailShim on Linux, %LOCALAPPDATA%\MailShim
    // on Windows): QStandardPaths' AppConfigLocation for the app name "MailShim", whatever the process's
    // own application name is.
    static QString defaultPath();

    QString path() const;
    SettingsLoadResult load() const;
    // Writes config atomically, creating the folder. An invalid config is not written; neither is a file
    // over one that does not validate unless that one could be moved aside first.
    bool save(const Config &config, QString *error) const;

private:
    QString m_path;
};

} // namespace mailshim
