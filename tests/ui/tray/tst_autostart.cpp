// Autostart on Linux: enabling writes an XDG autostart entry whose Exec line runs the given program with its
// arguments (quoted as the Desktop Entry spec says, checked by letting gio launch it); disabling removes it;
// isEnabled follows the file and the desktop's own off switches; a location that cannot be written says so.

#include "ui/tray/autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The value of key in the entry, as written (still escaped).
QString entryValue(const QByteArray &entry, const QString &key)
{
    for (const QByteArray &line : entry.split('\n')) {
        const QString text = QString::fromUtf8(line);
        if (text.startsWith(key + QLatin1Char('=')))
            return text.mid(key.size() + 1);
    }
    return QString();
}

} // namespace

class TestAutostart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        m_config = m_temp.filePath(QStringLiteral("config"));
        qputenv("XDG_CONFIG_HOME", m_config.toUtf8());
        m_entry = m_config + QStringLiteral("/autostart/mailshim.desktop");
        m_program = m_temp.filePath(QStringLiteral("Program Files/Mail Shim/mailshim"));
    }

    void init() { QFile::remove(m_entry); }

    void enableWritesAnEntryThatRunsTheProgram()
    {
        Autostart autostart(m_program, {QStringLiteral("--minimized")});
        QVERIFY(!autostart.isEnabled());
        QCOMPARE(autostart.location(), m_entry);

        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QVERIFY(autostart.isEnabled());
        const QByteArray entry = readFile(m_entry);
        QVERIFY(entry.startsWith("[Desktop Entry]\n"));
        QCOMPARE(entryValue(entry, QStringLiteral("Type")), QStringLiteral("Application"));
        QCOMPARE(entryValue(entry, QStringLiteral("Name")), QStringLiteral("MailShim"));
        QCOMPARE(entryValue(entry, QStringLiteral("X-GNOME-Autostart-enabled")), QStringLiteral("true"));
        // The path has spaces: quoted whole.
        QCOMPARE(entryValue(entry, QStringLiteral("Exec")),
                 QLatin1Char('"') + m_program + QStringLiteral("\" --minimized"));

        // Enabling again rewrites the same entry.
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QCOMPARE(readFile(m_entry), entry);
    }

    void execQuoting_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("written");
        QTest::newRow("plain") << QStringLiteral("--minimized") << QStringLiteral("--minimized");
        QTest::newRow("space") << QStringLiteral("two words") << QStringLiteral("\"two words\"");
        QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
        QTest::newRow("dollar") << QStringLiteral("$HOME") << QStringLiteral(R"("\\$HOME")");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral(R"("say \\"hi\\"")");
        QTest::newRow("backslash") << QStringLiteral(R"(a\b)") << QStringLiteral(R"("a\\\\b")");
        QTest::newRow("percent") << QStringLiteral("100%") << QStringLiteral("100%%");
        QTest::newRow("non-ASCII") << QStringLiteral(u"メール") << QStringLiteral(u"メール");
    }
    void execQuoting()
    {
        QFETCH(QString, argument);
        QFETCH(QString, written);
        Autostart autostart(QStringLiteral("/usr/bin/mailshim"), {argument});
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QCOMPARE(entryValue(readFile(m_entry), QStringLiteral("Exec")), QStringLiteral("/usr/bin/mailshim ") + written);
    }

    // A real reader of desktop entries (GLib's, which GNOME's session uses) gets back the same arguments.
    void gioLaunchesWithTheSameArguments()
    {
        const QString gio = QStandardPaths::findExecutable(QStringLiteral("gio"));
        if (gio.isEmpty())
            QSKIP("gio (libglib2.0-bin) is not installed");
        const QString out = m_temp.filePath(QStringLiteral("argv.txt"));
        QVERIFY(QDir().mkpath(QFileInfo(m_program).absolutePath()));
        QVERIFY(writeFile(m_program,
                          "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$MAILSHIM_ARGV_OUT\"\n"));
        QVERIFY(QFile::setPermissions(m_program, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QStringList arguments{QStringLiteral("--minimized"),   QStringLiteral("two words"),
                                    QStringLiteral("$HOME"),         QStringLiteral("100%"),
                                    QStringLiteral(R"(back\slash)"), QStringLiteral("say \"hi\"")};
        Autostart autostart(m_program, arguments);
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));

        QProcess launch;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MAILSHIM_ARGV_OUT"), out);
        launch.setProcessEnvironment(env);
        launch.start(gio, {QStringLiteral("launch"), m_entry});
        QVERIFY(launch.waitForFinished(10000));
        QVERIFY2(launch.exitCode() == 0, launch.readAllStandardError().constData());
        QTRY_VERIFY(QFileInfo(out).size() > 0);
        QTRY_COMPARE(QString::fromUtf8(readFile(out)).split(QLatin1Char('\n'), Qt::SkipEmptyParts), arguments);
    }

    void disableRemovesTheEntry()
    {
        Autostart autostart(m_program, {QStringLiteral("--minimized")});
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QVERIFY(autostart.isEnabled());
        QVERIFY2(autostart.setEnabled(false, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(m_entry));
        QVERIFY(!autostart.isEnabled());
        QVERIFY2(autostart.setEnabled(false, &error), qPrintable(error)); // already off: fine
    }

    void desktopOffSwitchesCount_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("hidden") << QByteArray("Hidden=true");
        QTest::newRow("gnome switch") << QByteArray("X-GNOME-Autostart-enabled=false");
    }
    void desktopOffSwitchesCount()
    {
        QFETCH(QByteArray, line);
        Autostart autostart(m_program, {});
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QByteArray entry = readFile(m_entry);
        entry.replace("X-GNOME-Autostart-enabled=true\n", line + '\n');
        QVERIFY(writeFile(m_entry, entry));
        QVERIFY(!autostart.isEnabled());
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error)); // switching on again rewrites it
        QVERIFY(autostart.isEnabled());
    }

    void programWithEqualsSignIsRefused()
    {
        Autostart autostart(m_temp.filePath(QStringLiteral("a=b/mailshim")), {});
        QString error;
        QVERIFY(!autostart.setEnabled(true, &error));
        QVERIFY2(error.contains(QLatin1Char('=')), qPrintable(error));
        QVERIFY(!QFileInfo::exists(m_entry));
    }

    // Root ignores read-only modes, so the autostart folder is made impossible: the config "folder" is a file.
    void unwritableLocationSaysWhy()
    {
        const QString blocker = m_temp.filePath(QStringLiteral("config-is-a-file"));
        QVERIFY(writeFile(blocker, "x"));
        qputenv("XDG_CONFIG_HOME", blocker.toUtf8());
        Autostart autostart(m_program, {});
        QString error;
        const bool enabled = autostart.setEnabled(true, &error);
        qputenv("XDG_CONFIG_HOME", m_config.toUtf8());
        QVERIFY(!enabled);
        QVERIFY2(error.contains(blocker), qPrintable(error));
        QVERIFY(!autostart.isEnabled());
    }

private:
    QTemporaryDir m_temp;
    QString m_config;
    QString m_entry;
    QString m_program;
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
