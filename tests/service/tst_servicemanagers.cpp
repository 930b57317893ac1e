// What the Linux service managers write and read back: the systemd unit passes systemd's own checks
// with paths holding spaces, quotes, '%' and '$', and only asks for restart back-off where systemd knows it;
// the autostart entry's Exec line reads back as exactly the command that was written.

#include "service/daemonservicemanager.h"
#include "service/systemdservicemanager.h"
#include "testprocess.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestServiceManagers : public QObject
{
    Q_OBJECT

    static TestProcess::Result verify(const QString &unitText, const QString &dir)
    {
        const QString unit = dir + QStringLiteral("/mailshim.service");
        QFile file(unit);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(unitText.toUtf8());
        file.close();
        return TestProcess::run(QStringLiteral("systemd-analyze"),
                                {QStringLiteral("verify"), QStringLiteral("--man=no"), unit});
    }

private Q_SLOTS:
    void execLineRoundTrip_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("plain") << QStringList{QStringLiteral("/usr/bin/mailshim-service"), QStringLiteral("--service")};
        QTest::newRow("spaces") << QStringList{QStringLiteral("/opt/Mail Shim/mailshim-service"),
                                               QStringLiteral("--config"), QStringLiteral("/home/a b/x.json")};
        QTest::newRow("dollar and percent")
            << QStringList{QStringLiteral("/home/u/$HOME/bin"), QStringLiteral("/tmp/100%/x%f.json")};
        QTest::newRow("quotes and backslashes") << QStringList{
            QStringLiteral("/tmp/it's \"x\""), QStringLiteral("C:\\\\odd\\\\path"), QStringLiteral("a`b`")};
        QTest::newRow("empty argument") << QStringList{QStringLiteral("/bin/x"), QString(), QStringLiteral("y")};
    }

    void execLineRoundTrip()
    {
        QFETCH(QStringList, command);
        const QString line = DaemonServiceManager::execLine(command);
        QCOMPARE(DaemonServiceManager::parseExecLine(line), command);
        // Field codes would be expanded by the desktop: a lone % never appears.
        QString withoutDoubles = line;
        withoutDoubles.remove(QStringLiteral("%%"));
        QVERIFY2(!withoutDoubles.contains(QLatin1Char('%')), qPrintable(line));
    }

    void unitPassesSystemdsChecksWithOddPaths()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("systemd-analyze")).isEmpty())
            QFAIL("systemd-analyze is missing (scripts/setup-debian.sh installs systemd)");
        QTemporaryDir dir;
        // A real executable at an odd path, so systemd-analyze checks the unit fully.
        const QString odd = dir.path() + QStringLiteral("/Mail Shim 100% $USER");
        QVERIFY(QDir().mkpath(odd));
        ServiceInstallOptions options;
        options.executable = odd + QStringLiteral("/mailshim-service");
        QVERIFY(QFile::copy(QStringLiteral("/bin/true"), options.executable));
        options.configPath = dir.path() + QStringLiteral("/it's \"mine\" %h $HOME\\x.json");
        QString error;
        const QString text = SystemdServiceManager::unitText(options, SystemdServiceManager::version(), &error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        QVERIFY(text.contains(QStringLiteral("Restart=on-failure")));
        QVERIFY(text.contains(QStringLiteral("/Mail Shim 100%% $USER/mailshim-service\" --service --config \"")));
        QVERIFY(text.contains(QStringLiteral("/it's \\\"mine\\\" %%h $$HOME\\\\x.json\"")));
        // systemd's own parser: exit 0, and no key it does not know (a key in the wrong section is one).
        const TestProcess::Result checked = verify(text, dir.path());
        QVERIFY2(checked.succeeded(), qPrintable(checked.describe()));
        QVERIFY2(!checked.standardError.contains("Unknown key"), checked.standardError.constData());
    }

    void backOffOnlyWhereSystemdKnowsIt()
    {
        QTemporaryDir dir;
        ServiceInstallOptions options;
        options.executable = QStringLiteral("/bin/true");
        options.configPath = dir.path() + QStringLiteral("/x.json");
        QString error;
        QVERIFY(!SystemdServiceManager::unitText(options, 252, &error).contains(QStringLiteral("RestartSteps")));
        QVERIFY(SystemdServiceManager::unitText(options, 254, &error).contains(QStringLiteral("RestartSteps=5")));
        QVERIFY(SystemdServiceManager::unitText(options, 254, &error).contains(QStringLiteral("RestartMaxDelaySec=")));
    }

    void executableSystemdCannotRunIsRefused()
    {
        ServiceInstallOptions options;
        options.executable = QStringLiteral("/opt/\"odd\"/mailshim-service");
        options.configPath = QStringLiteral("/tmp/x.json");
        QString error;
        QVERIFY(SystemdServiceManager::unitText(options, 252, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("systemd cannot run a program from")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestServiceManagers)
#include "tst_servicemanagers.moc"
