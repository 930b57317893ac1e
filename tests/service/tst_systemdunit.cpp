// The systemd user unit, for real: run under a private systemd user manager (with-systemd-user.sh), the
// mailshim-service verbs install and enable the unit, start it, report it, and the unit brings the service
// back after it is killed (Restart=on-failure) with mail flowing again; then stop and uninstall leave
// nothing behind. The mailbox is the real Dovecot fixture.

#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "popclients.h"
#include "service/control/controlclient.h"
#include "service/servicepaths.h"
#include "service/systemdservicemanager.h"
#include "serviceprocess.h"
#include "testprocess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace mailshim;

class TestSystemdUnit : public QObject
{
    Q_OBJECT

    DovecotFixture m_dovecot;
    QTemporaryDir m_dir;
    QString m_configPath;
    quint16 m_port = 0;

    static TestProcess::Result verb(const QString &name)
    {
        return TestProcess::run(ServiceProcess::binary(), {QStringLiteral("--") + name}, {});
    }

    TestProcess::Result verb(const QString &name, const QStringList &more)
    {
        return TestProcess::run(ServiceProcess::binary(), QStringList{QStringLiteral("--") + name} + more, {});
    }

    // The pid the running service reports on its control channel, or 0 if none answers.
    static qint64 servicePid()
    {
        ControlClient client;
        QString error;
        if (!client.connectTo(ServicePaths::controlChannelName(), 1000, &error))
            return 0;
        return qint64(client.hello().value(QStringLiteral("pid")).toDouble());
    }

    void readsMail(const char *when)
    {
        PopClients::Endpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = m_port;
        endpoint.user = DovecotFixture::user();
        endpoint.password = DovecotFixture::password();
        const PopClients::Result mail = PopClients::poplibRetrAll(endpoint, m_dir.path());
        QVERIFY2(mail.ok, (QByteArray(when) + ": " + mail.output + mail.stderrText).constData());
        QCOMPARE(mail.messages, m_dovecot.messages());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(SystemdServiceManager::available(),
                 "no systemd user manager answers: run this test through tests/service/with-systemd-user.sh");
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
        m_port = EngineTestbed::freePort();
        // Characters systemd would otherwise expand or unquote: mail only flows if the unit passed the path on
        // exactly.
        const QString odd = m_dir.path() + QStringLiteral("/it's \"odd\" 100% %h $HOME");
        QVERIFY(QDir().mkpath(odd));
        m_configPath = odd + QStringLiteral("/mailshim.json");
        QFile file(m_configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("listeners"),
                                       QJsonArray{QJsonObject{
                                           {QStringLiteral("name"), QStringLiteral("isp")},
                                           {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(m_port)},
                                           {QStringLiteral("upstream"),
                                            QJsonObject{{QStringLiteral("host"), m_dovecot.host()},
                                                        {QStringLiteral("port"), m_dovecot.pop3Port()},
                                                        {QStringLiteral("security"), QStringLiteral("apop")}}}}}}})
                .toJson());
    }

    void installStartKillStopUninstall()
    {
        TestProcess::Result r = verb(QStringLiteral("status"));
        QCOMPARE(r.exitCode, 4); // not installed

        r = verb(QStringLiteral("install"), {QStringLiteral("--config"), m_configPath});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QFile unit(SystemdServiceManager::unitPath());
        QVERIFY2(unit.open(QIODevice::ReadOnly), qPrintable(unit.fileName()));
        const QByteArray unitText = unit.readAll();
        QVERIFY2(unitText.contains("ExecStart=\"" + ServiceProcess::binary().toUtf8() + "\" --service --config \""),
                 unitText.constData());
        QVERIFY(unitText.contains("Restart=on-failure"));
        r = TestProcess::run(QStringLiteral("systemctl"), {QStringLiteral("--user"), QStringLiteral("is-enabled"),
                                                           QStringLiteral("mailshim.service")});
        QCOMPARE(r.standardOutput.trimmed(), QByteArray("enabled"));
        QCOMPARE(verb(QStringLiteral("status")).exitCode, 3); // installed, not running

        r = verb(QStringLiteral("start"));
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY(QTest::qWaitFor([] { return servicePid() != 0; }, 10000));
        r = verb(QStringLiteral("status"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.standardOutput.contains("isp: listening"), r.standardOutput.constData());
        // The command line systemd ran: the config path arrived unchanged, quotes, % and $ included.
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(servicePid()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        const QList<QByteArray> argv = cmdline.readAll().split('\0');
        QVERIFY2(argv.contains(m_configPath.toUtf8()), argv.join(' ').constData());
        readsMail("after --start");

        // A crash: systemd starts it again (RestartSec=5s) and mail flows without anyone doing anything.
        const qint64 first = servicePid();
        QVERIFY(first > 0);
        QCOMPARE(::kill(pid_t(first), SIGKILL), 0);
        QVERIFY2(QTest::qWaitFor(
                     [first] {
                         const qint64 now = servicePid();
                         return now != 0 && now != first;
                     },
                     20000),
                 "the unit did not restart the killed service");
        readsMail("after the restart");

        r = verb(QStringLiteral("stop"));
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(servicePid(), 0);
        QCOMPARE(verb(QStringLiteral("status")).exitCode, 3);

        r = verb(QStringLiteral("uninstall"));
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY(!QFile::exists(SystemdServiceManager::unitPath()));
        QCOMPARE(verb(QStringLiteral("status")).exitCode, 4);
        QVERIFY(QFile::exists(m_configPath)); // settings stay
    }
};

QTEST_GUILESS_MAIN(TestSystemdUnit)
#include "tst_systemdunit.moc"
