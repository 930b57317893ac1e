// End to end, the way a user runs it: the real mailshim-service binary, a real Dovecot (APOP, STLS, POP3S,
// certificate made at test time), and real clients (curl, Python poplib, fetchmail) speaking plain POP3
// to MailShim. Every retrieved message is compared byte for byte with what was delivered.

#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "testclient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <csignal>

class TestEndToEndDovecot : public QObject
{
    Q_OBJECT

private:
    DovecotFixture m_dovecot;
    QProcess m_service;
    QByteArray m_serviceLog;
    QHash<QString, quint16> m_ports; // listener name -> local port
    QString m_configPath;

    PopClients::Endpoint through(const QString &listener, const QString &user = DovecotFixture::user()) const
    {
        PopClients::Endpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = m_ports.value(listener);
        e.user = user;
        e.password = DovecotFixture::password();
        e.mode = PopClients::Mode::Plain; // the old client's side is always plain POP3 on loopback
        return e;
    }

    QJsonObject listener(const QString &name, const QString &host, quint16 port, const QString &security)
    {
        const quint16 local = EngineTestbed::freePort();
        m_ports.insert(name, local);
        QJsonObject upstream{
            {QStringLiteral("host"), host}, {QStringLiteral("port"), port}, {QStringLiteral("security"), security}};
        if (security != QLatin1String("apop") && security != QLatin1String("plain"))
            upstream.insert(QStringLiteral("caFile"), m_dovecot.caFile());
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(local)},
                           {QStringLiteral("upstream"), upstream},
                           {QStringLiteral("failedAccountRetrySeconds"), 0}};
    }

    QByteArray serviceLog()
    {
        // QProcess reads its pipe in the event loop, which the blocking waits on Dovecot's log do not run.
        QCoreApplication::processEvents();
        m_serviceLog += m_service.readAllStandardError();
        return m_serviceLog;
    }

    // A "listener" column with a row for each security mode.
    static void addEveryMode()
    {
        QTest::addColumn<QString>("listener");
        for (const char *mode : {"apop", "tls", "stls", "apop+tls"})
            QTest::newRow(mode) << QString::fromLatin1(mode);
    }

    bool waitForServiceLog(const QByteArray &needle, int count = 1, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return serviceLog().count(needle) >= count; }, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
        const QString dovecotHost = m_dovecot.tlsHostName(); // "localhost": the name in the certificate
        const QJsonArray listeners{
            listener(QStringLiteral("apop"), m_dovecot.host(), m_dovecot.pop3Port(), QStringLiteral("apop")),
            listener(QStringLiteral("tls"), dovecotHost, m_dovecot.pop3sPort(), QStringLiteral("tls")),
            listener(QStringLiteral("stls"), dovecotHost, m_dovecot.pop3Port(), QStringLiteral("stls")),
            listener(QStringLiteral("apop+tls"), dovecotHost, m_dovecot.pop3sPort(), QStringLiteral("apop+tls")),
        };
        m_configPath = m_dovecot.workDir() + QStringLiteral("/mailshim.json");
        QFile file(m_configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("listeners"), listeners},
                                             {QStringLiteral("logLevel"), QStringLiteral("low")}})
                       .toJson());
        file.close();

        m_service.start(QStringLiteral(MAILSHIM_SERVICE_BINARY),
                        {QStringLiteral("--console"), QStringLiteral("--config"), m_configPath});
        QVERIFY2(m_service.waitForStarted(), qPrintable(m_service.errorString()));
        QVERIFY2(waitForServiceLog("listening on", 4), serviceLog().constData());
    }

    void cleanupTestCase()
    {
        if (m_service.state() == QProcess::Running) {
            m_service.terminate(); // SIGTERM: a clean stop
            QVERIFY(m_service.waitForFinished(10000));
            QCOMPARE(m_service.exitCode(), 0);
        }
        QVERIFY2(!serviceLog().contains("secret"), "the password appeared in MailShim's log");
    }

    void clients_data()
    {
        QTest::addColumn<QString>("listener");
        QTest::addColumn<QString>("client");
        QTest::addColumn<QByteArray>("dovecotSaw"); // what Dovecot's login line must show
        for (const char *mode : {"apop", "tls", "stls", "apop+tls"}) {
            const QByteArray seen = QByteArray(mode).startsWith("apop") ? "method=APOP" : "method=PLAIN";
            for (const char *client : {"curl", "poplib", "fetchmail"})
                QTest::newRow(qPrintable(QStringLiteral("%1 via %2").arg(QLatin1String(client), QLatin1String(mode))))
                    << QString::fromLatin1(mode) << QString::fromLatin1(client) << seen;
        }
    }
    void clients()
    {
        QFETCH(QString, listener);
        QFETCH(QString, client);
        QFETCH(QByteArray, dovecotSaw);
        const qsizetype logStart = m_dovecot.log().size();
        const PopClients::Endpoint endpoint = through(listener);
        QList<QByteArray> got;
        if (client == QLatin1String("curl")) {
            for (int n = 1; n <= m_dovecot.messageCount(); ++n) {
                const PopClients::Result r = PopClients::curlRetr(endpoint, n);
                QVERIFY2(r.ok, qPrintable(r.describe()));
                got << r.output;
            }
        } else if (client == QLatin1String("poplib")) {
            const PopClients::Result r = PopClients::poplibRetrAll(endpoint, m_dovecot.workDir());
            QVERIFY2(r.ok, qPrintable(r.describe()));
            got = r.messages;
        } else {
            const PopClients::Result r = PopClients::fetchmailRetrAll(endpoint, m_dovecot.workDir());
            QVERIFY2(r.ok, qPrintable(r.describe()));
            got = r.messages;
        }
        QCOMPARE(got.size(), m_dovecot.messageCount());
        for (int i = 0; i < got.size(); ++i) {
            if (got.at(i) != m_dovecot.messages().at(i))
                QFAIL(qPrintable(QStringLiteral("message %1 differs: %2 bytes retrieved, %3 delivered")
                                     .arg(i + 1)
                                     .arg(got.at(i).size())
                                     .arg(m_dovecot.messages().at(i).size())));
        }
        QVERIFY2(m_dovecot.waitForLog(dovecotSaw, logStart), m_dovecot.log().mid(logStart).constData());
        if (listener != QLatin1String("apop"))
            QVERIFY2(m_dovecot.waitForLog("TLS", logStart), m_dovecot.log().mid(logStart).constData());
    }

    // RFC 2449 PIPELINING, which MailShim announces and the benchmark's fastest client uses: many commands in one
    // write, single-line and multi-line replies and an error among them, each reply where its command was.
    void pipelinedCommandsKeepTheirOrder_data() { addEveryMode(); }
    void pipelinedCommandsKeepTheirOrder()
    {
        QFETCH(QString, listener);
        TestClient client;
        QVERIFY(client.connectTo(m_ports.value(listener)));
        const QByteArray loggedIn = client.login(DovecotFixture::user().toUtf8(), DovecotFixture::password().toUtf8());
        QVERIFY2(loggedIn.startsWith("+OK"), loggedIn.constData());

        const int small = TestMailbox::LargeMessage - 1; // the 20 MiB one would only make this slow
        constexpr int kRounds = 20;
        QByteArray commands;
        for (int round = 0; round < kRounds; ++round) {
            for (int n = 1; n <= small; ++n)
                commands += "RETR " + QByteArray::number(n) + "\r\n";
            commands += "STAT\r\nRETR 999\r\nUIDL\r\nNOOP\r\n";
        }
        commands += "QUIT\r\n";
        client.send(commands);

        for (int round = 0; round < kRounds; ++round) {
            for (int n = 1; n <= small; ++n) {
                const QByteArray status = client.readLine(10000);
                QVERIFY2(
                    status.startsWith("+OK"),
                    qPrintable(
                        QStringLiteral("round %1, RETR %2: %3").arg(round).arg(n).arg(QString::fromLatin1(status))));
                QByteArray body;
                for (const QByteArray &line : client.readMultiLine(10000))
                    body += (line.startsWith("..") ? line.mid(1) : line) + "\r\n";
                QVERIFY2(body == m_dovecot.messages().at(n - 1),
                         qPrintable(QStringLiteral("round %1: message %2 differs").arg(round).arg(n)));
            }
            QByteArray line = client.readLine(10000);
            QVERIFY2(line.startsWith("+OK " + QByteArray::number(TestMailbox::messageCount()) + ' '),
                     line.constData()); // STAT
            line = client.readLine(10000);
            QVERIFY2(line.startsWith("-ERR"), line.constData()); // no message 999
            line = client.readLine(10000);
            QVERIFY2(line.startsWith("+OK"), line.constData()); // UIDL
            QCOMPARE(client.readMultiLine(10000).size(), TestMailbox::messageCount());
            line = client.readLine(10000);
            QVERIFY2(line.startsWith("+OK"), line.constData()); // NOOP
        }
        const QByteArray bye = client.readLine(10000);
        QVERIFY2(bye.startsWith("+OK"), bye.constData()); // QUIT
        QVERIFY(client.waitForClose());
        QVERIFY2(client.takeAll().isEmpty(), "bytes after the reply to QUIT");
    }

    void largeMessageThroughEveryMode_data() { addEveryMode(); }
    void largeMessageThroughEveryMode()
    {
        QFETCH(QString, listener);
        const PopClients::Result r = PopClients::curlRetr(through(listener), TestMailbox::LargeMessage);
        QVERIFY2(r.ok, qPrintable(r.describe()));
        QVERIFY(r.output.size() >= 20 * 1024 * 1024);
        QVERIFY(r.output == m_dovecot.messages().at(TestMailbox::LargeMessage - 1));
    }

    void wrongPasswordReachesClientWithAuthCode()
    {
        PopClients::Endpoint endpoint = through(QStringLiteral("tls"));
        endpoint.password = QStringLiteral("not-the-password");
        const PopClients::Result r = PopClients::poplib(endpoint, {QStringLiteral("stat")});
        QVERIFY(!r.ok);
        QVERIFY2(r.stderrText.contains("[AUTH]"), qPrintable(r.describe())); // Dovecot's own response code, unchanged
    }

    void clientDropMidRetrCommitsNothing()
    {
        QString error;
        QVERIFY(m_dovecot.waitForSessionsToEnd());
        const QStringList before = m_dovecot.currentMessageFiles();
        const qsizetype logStart = m_dovecot.log().size();
        {
            // Through the apop listener, so MailShim talks to Dovecot's pop3 process over plain TCP. Through a TLS
            // mode Dovecot 2.3.19 sometimes never notices the end: its pop3-login process, which carries the TLS,
            // exits, but the pop3 process has neither the client socket's input nor its output in its epoll set
            // (seen in /proc/<pid>/fdinfo) and waits for its 10-minute idle timeout. That happened in 9 of 217
            // runs of this test over stls, and in none of 142 over apop (2026-11-23). What is tested here, that
            // MailShim drops the upstream without QUIT, does not depend on the upstream's security mode.
            TestClient client;
            QVERIFY(client.connectTo(m_ports.value(QStringLiteral("apop"))));
            QCOMPARE(client.login("alice", "secret").left(3), QByteArray("+OK"));
            QCOMPARE(client.command("DELE 1").left(3), QByteArray("+OK"));
            client.send("RETR " + QByteArray::number(TestMailbox::LargeMessage) + "\r\n");
            QVERIFY(client.readLine().startsWith("+OK"));
            QVERIFY(client.readLine(5000).size() > 0); // the body is flowing
            client.socket().abort();                   // the client vanishes mid-RETR
        }
        // Dovecot logs the end of the session: deleted 0 of 5, because no QUIT reached it. If it does not, both
        // sides of the story are printed, so the failure says which end kept the session open. (Printed, not the
        // QVERIFY2 message: QtTest cuts messages short.)
        const bool ended = m_dovecot.waitForLog("del=0/", logStart, 10000);
        if (!ended)
            qInfo().noquote() << "--- Dovecot since the RETR:\n"
                              << m_dovecot.log().mid(logStart) << "\n--- MailShim (last 6000 bytes):\n"
                              << serviceLog().right(6000);
        QVERIFY(ended);
        QVERIFY(m_dovecot.waitForSessionsToEnd());
        QCOMPARE(m_dovecot.currentMessageFiles(), before);
        QVERIFY(waitForServiceLog("client disconnected without QUIT"));
    }

    void deleWithQuitIsCommitted()
    {
        QVERIFY(m_dovecot.waitForSessionsToEnd());
        const qsizetype logStart = m_dovecot.log().size();
        const PopClients::Result r =
            PopClients::poplib(through(QStringLiteral("apop")), {QStringLiteral("dele"), QStringLiteral("1")});
        QVERIFY2(r.ok, qPrintable(r.describe()));
        QVERIFY2(m_dovecot.waitForLog("del=1/", logStart, 10000), m_dovecot.log().mid(logStart).constData());
        QVERIFY(m_dovecot.waitForSessionsToEnd());
        QCOMPARE(m_dovecot.currentMessageFiles().size(), m_dovecot.messageCount() - 1);
        QString error;
        QVERIFY2(m_dovecot.resetMailbox(&error), qPrintable(error));
    }

    void brokenConfigReloadKeepsRunningConfig()
    {
        QFile file(m_configPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray good = file.readAll();
        file.close();
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"({"listeners":[{"name":"x","upstream":{"host":"h","security":"tls","port":99999}}]})");
        file.close();
        ::kill(pid_t(m_service.processId()), SIGHUP);
        QVERIFY2(waitForServiceLog("listeners[0].upstream.port"), serviceLog().constData());
        QVERIFY(waitForServiceLog("not reloaded; the running configuration stays in force"));
        const PopClients::Result r = PopClients::curlRetr(through(QStringLiteral("tls")), TestMailbox::TinyMessage);
        QVERIFY2(r.ok, qPrintable(r.describe()));
        QVERIFY(r.output == m_dovecot.messages().first());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(good);
    }

    void checkConfigNamesTheField()
    {
        const QString bad = m_dovecot.workDir() + QStringLiteral("/bad.json");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"listeners":[{"name":"a","listen":"127.0.0.1:3999","upstream":{"host":"pop.example.net","security":"ssl"}}]})");
        file.close();
        QProcess check;
        check.start(QStringLiteral(MAILSHIM_SERVICE_BINARY), {QStringLiteral("--check-config"), bad});
        QVERIFY(check.waitForFinished(10000));
        QCOMPARE(check.exitCode(), 1);
        const QByteArray out = check.readAllStandardOutput();
        QVERIFY2(
            out.contains("listeners[0].upstream.security: must be apop, tls, stls, apop+tls or plain, got \"ssl\""),
            out.constData());

        check.start(QStringLiteral(MAILSHIM_SERVICE_BINARY), {QStringLiteral("--check-config"), m_configPath});
        QVERIFY(check.waitForFinished(10000));
        QCOMPARE(check.exitCode(), 0);
        QVERIFY(check.readAllStandardOutput().contains("OK, 4 listener(s)"));
    }
};

QTEST_GUILESS_MAIN(TestEndToEndDovecot)
#include "tst_e2e_dovecot.moc"
