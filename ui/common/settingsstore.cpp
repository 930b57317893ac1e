#include "ui/common/settingsstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace mailshim {

namespace {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

// QFileInfo::exists() is also false when the folder is not a folder or cannot be searched; name that case.
QString folderProblem(const QString &folder)
{
    QFileInfo info(folder);
    while (!info.exists() && !info.isRoot() && info.absoluteFilePath() != info.absolutePath())
        info.setFile(info.absolutePath()); // the nearest ancestor that is there
    if (info.exists() && !info.isDir())
        return QStringLiteral("%1 is a file, not a folder").arg(info.absoluteFilePath());
    if (info.isDir() && (!info.isReadable() || !info.isExecutable()))
        return QStringLiteral("no permission to read the folder %1").arg(info.absoluteFilePath());
    return QString();
}

// Moves (or, failing that, copies) the file to <path>.broken-YYYYMMDD-HHMMSS[-N], never over another file.
// Returns the new path, or an empty string and *error.
QString keepAside(const QString &path, QString *error)
{
    const QString base =
        path + QStringLiteral(".broken-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = base;
    for (int n = 2; QFileInfo::exists(aside) || QFileInfo(aside).isSymLink(); ++n)
        aside = base + QStringLiteral("-%1").arg(n);
    // Neither rename() nor copy() replaces an existing file.
    if (QFile::rename(path, aside) || QFile::copy(path, aside))
        return aside;
    setError(error, QStringLiteral("could not keep %1 aside as %2: %3").arg(path, aside, QFile(path).errorString()));
    return QString();
}

} // namespace

SettingsStore::SettingsStore(const QString &path) : m_path(path) {}

QString SettingsStore::defaultPath()
{
    // Not AppConfigLocation itself: that follows QCoreApplication's names, which the service sets differently.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/MailShim/mailshim.json");
}

QString SettingsStore::path() const
{
    return m_path;
}

SettingsLoadResult SettingsStore::load() const
{
    SettingsLoadResult result;
    const QFileInfo info(m_path);
    if (!info.exists()) {
        const QString problem = folderProblem(info.absolutePath());
        if (!problem.isEmpty())
            result.errors.append({QString(), QStringLiteral("cannot read the settings %1: %2").arg(m_path, problem)});
        return result; // a first start: no listeners yet
    }
    result.existed = true;
    if (info.isDir()) {
        result.errors.append({QString(), QStringLiteral("%1 is a folder, not a settings file").arg(m_path)});
        return result;
    }
    // Unreadable is not broken: report it and leave the file where it is.
    QFile probe(m_path);
    if (!probe.open(QIODevice::ReadOnly)) {
        result.errors.append({QString(), QStringLiteral("cannot read %1: %2").arg(m_path, probe.errorString())});
        return result;
    }
    probe.close();

    const ConfigLoadResult loaded = ConfigLoader::fromFile(m_path);
    if (loaded.ok()) {
        result.config = loaded.config;
        result.warnings = loaded.warnings;
        return result;
    }
    result.errors = loaded.errors;
    QString asideError;
    result.keptAsidePath = keepAside(m_path, &asideError);
    if (result.keptAsidePath.isEmpty())
        result.errors.append({QString(), asideError});
    return result;
}

bool SettingsStore::save(const Config &config, QString *error) const
{
    const ConfigLoadResult check = ConfigLoader::fromJson(ConfigLoader::toJson(config));
    if (!check.ok()) {
        setError(error,
                 QStringLiteral("not saved, the settings are not valid: %1").arg(check.errors.first().toString()));
        return false;
    }
    if (QFileInfo(m_path).isDir()) {
        setError(error, QStringLiteral("%1 is a folder, not a settings file").arg(m_path));
        return false;
    }
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder)) {
        const QString problem = folderProblem(folder);
        const QString message = QStringLiteral("cannot create the settings folder %1").arg(folder);
        setError(error, problem.isEmpty() ? message : message + QStringLiteral(": ") + problem);
        return false;
    }
    // A file that does not validate is someone's work: keep it before writing over it.
    if (QFileInfo::exists(m_path) && !ConfigLoader::fromFile(m_path).ok()) {
        QString asideError;
        if (keepAside(m_path, &asideError).isEmpty()) {
            setError(error, QStringLiteral("not saved: %1").arg(asideError));
            return false;
        }
    }
    QString saveError;
    if (!ConfigLoader::saveFile(config, m_path, &saveError)) {
        setError(error, saveError);
        return false;
    }
    return true;
}

} // namespace mailshim
