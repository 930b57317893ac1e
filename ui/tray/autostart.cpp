#include "ui/tray/autostart.h"

#include <QDir>

#ifdef Q_OS_WIN
#include <QSettings>
#else
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#endif

namespace mailshim {

namespace {

#ifdef Q_OS_WIN

const char kRunKey[] = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
const char kValueName[] = "MailShim";

// Quoting as CommandLineToArgvW undoes it: backslashes are literal unless they precede a double quote.
QString quoteWindowsArgument(const QString &argument, bool always)
{
    const bool needsQuotes = always || argument.isEmpty() || argument.contains(QLatin1Char(' ')) ||
                             argument.contains(QLatin1Char('\t')) || argument.contains(QLatin1Char('"'));
    if (!needsQuotes)
        return argument;
    QString quoted = QStringLiteral("\"");
    int backslashes = 0;
    for (const QChar c : argument) {
        if (c == QLatin1Char('\\')) {
            ++backslashes;
            continue;
        }
        if (c == QLatin1Char('"'))
            quoted += QString(backslashes * 2 + 1, QLatin1Char('\\'));
        else
            quoted += QString(backslashes, QLatin1Char('\\'));
        backslashes = 0;
        quoted += c;
    }
    quoted += QString(backslashes * 2, QLatin1Char('\\'));
    quoted += QLatin1Char('"');
    return quoted;
}

#else

// Characters the Desktop Entry spec reserves in Exec: an argument holding one must be quoted.
const QString kReserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");

// One Exec argument, quoted as the spec says ("...", with \ before " ` $ \) and % doubled (field codes).
QString quoteExecArgument(const QString &argument)
{
    bool needsQuotes = argument.isEmpty();
    for (const QChar c : argument)
        needsQuotes = needsQuotes || kReserved.contains(c);
    QString quoted;
    if (needsQuotes) {
        quoted += QLatin1Char('"');
        for (const QChar c : argument) {
            if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
                quoted += QLatin1Char('\\');
            quoted += c;
        }
        quoted += QLatin1Char('"');
    } else {
        quoted = argument;
    }
    return quoted.replace(QLatin1Char('%'), QStringLiteral("%%"));
}

// The escapes of a desktop file's string values, applied after the Exec quoting (readers undo them first).
QString escapeValue(const QString &value)
{
    QString escaped;
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            escaped += QStringLiteral("\\\\");
        else if (c == QLatin1Char('\n'))
            escaped += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            escaped += QStringLiteral("\\t");
        else if (c == QLatin1Char('\r'))
            escaped += QStringLiteral("\\r");
        else
            escaped += c;
    }
    return escaped;
}

QString entryPath()
{
    // GenericConfigLocation is $XDG_CONFIG_HOME, or ~/.config when that is not set.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/autostart/mailshim.desktop");
}

// The entry's own switches: a desktop's startup settings turn an entry off with one of these.
bool entrySwitchedOff(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false; // exists but unreadable: the session may still start it; say "on"
    bool inMainGroup = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(QLatin1Char('['))) {
            inMainGroup = line == QStringLiteral("[Desktop Entry]");
            continue;
        }
        if (!inMainGroup)
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq < 0)
            continue;
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (key == QStringLiteral("Hidden") && value == QStringLiteral("true"))
            return true;
        if (key == QStringLiteral("X-GNOME-Autostart-enabled") && value == QStringLiteral("false"))
            return true;
    }
    return false;
}

#endif

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

Autostart::Autostart(const QString &program, const QStringList &arguments) : m_program(program), m_arguments(arguments)
{
}

#ifdef Q_OS_WIN

QString Autostart::location() const
{
    return QStringLiteral("%1\\%2").arg(QLatin1String(kRunKey), QLatin1String(kValueName));
}

QString Autostart::commandLine() const
{
    QStringList parts{quoteWindowsArgument(QDir::toNativeSeparators(m_program), true)};
    for (const QString &argument : m_arguments)
        parts.append(quoteWindowsArgument(argument, false));
    return parts.join(QLatin1Char(' '));
}

bool Autostart::isEnabled() const
{
    const QSettings run(QLatin1String(kRunKey), QSettings::NativeFormat);
    return run.contains(QLatin1String(kValueName));
}

bool Autostart::setEnabled(bool enabled, QString *error)
{
    QSettings run(QLatin1String(kRunKey), QSettings::NativeFormat);
    if (enabled)
        run.setValue(QLatin1String(kValueName), commandLine());
    else
        run.remove(QLatin1String(kValueName));
    run.sync();
    if (run.status() != QSettings::NoError) {
        setError(error, QStringLiteral("cannot change the registry value %1").arg(location()));
        return false;
    }
    return true;
}

#else

QString Autostart::location() const
{
    return entryPath();
}

QString Autostart::commandLine() const
{
    QStringList parts{quoteExecArgument(m_program)};
    for (const QString &argument : m_arguments)
        parts.append(quoteExecArgument(argument));
    return parts.join(QLatin1Char(' '));
}

bool Autostart::isEnabled() const
{
    const QString path = entryPath();
    return QFileInfo(path).isFile() && !entrySwitchedOff(path);
}

bool Autostart::setEnabled(bool enabled, QString *error)
{
    const QString path = entryPath();
    if (!enabled) {
        if (!QFileInfo::exists(path) || QFile::remove(path))
            return true;
        setError(error, QStringLiteral("cannot remove %1: %2").arg(path, QFile(path).errorString()));
        return false;
    }
    if (m_program.contains(QLatin1Char('='))) {
        // The spec forbids "=" in the program's path; desktops would not start it.
        setError(error, QStringLiteral("cannot start %1 at login: its path contains \"=\"").arg(m_program));
        return false;
    }
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder)) {
        setError(error, QStringLiteral("cannot create the folder %1").arg(folder));
        return false;
    }
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=MailShim\n"
                                         "Comment=Mail security for old mail clients, in the tray\n"
                                         "Exec=%1\n"
                                         "Terminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(escapeValue(commandLine()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(entry.toUtf8()) < 0 || !file.commit()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

#endif

} // namespace mailshim
