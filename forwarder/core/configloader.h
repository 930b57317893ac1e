#pragma once

// ConfigLoader: reads and writes the JSON config file. Validation names every bad field with its value;
// a caller that gets errors keeps its old Config, so a broken file never takes effect.

#include "core/config.h"
#include "net/message.h"

#include <QList>
#include <QString>

namespace mailshim {

struct ConfigIssue
{
    QString field;   // e.g. "listeners[0].upstream.port": the config file's own names, never translated
    Message message; // what is wrong, for the console in English and for a window in the user's language
    QString toString() const
    {
        return field.isEmpty() ? message.english() : field + QStringLiteral(": ") + message.english();
    }
    QString translated() const
    {
        return field.isEmpty() ? message.translated() : field + QStringLiteral(": ") + message.translated();
    }
};

struct ConfigLoadResult
{
    Config config;
    QList<ConfigIssue> errors;   // any error: the config must not be used
    QList<ConfigIssue> warnings; // valid but risky (plain, APOP without TLS)
    bool ok() const { return errors.isEmpty(); }
};

namespace ConfigLoader {

ConfigLoadResult fromJson(const QByteArray &json);
ConfigLoadResult fromFile(const QString &path);
QByteArray toJson(const Config &config);
// Writes atomically (QSaveFile): a crash mid-write leaves the old file intact.
bool saveFile(const Config &config, const QString &path, QString *error);

} // namespace ConfigLoader
} // namespace mailshim
