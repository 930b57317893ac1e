// Retry and health, as in CommuniGate Pro's RPOP settings: a busy port is retried until it is free; an
// unreachable server is retried, then marked failed for failedHostRetrySeconds; a refused login marks the
// account for failedAccountRetrySeconds, but a different password is tried at once.

#include "enginetestbed.h"
#include "fakepop3server.h"
#include "fakeserverhop.h"
#include "testclient.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

using namespace mailshim;

class TestRetryHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void busyPortThenFreed()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        FakePop3Server server({});
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l;
        l.name = QStringLiteral("test");
        l.port = squatter.serverPort();
        l.upstream = EngineTestbed::upstream(server.listenLocal(), Security::Plain);
        config.listeners = {l};
        EngineTestbed bed;
        bed.engine().apply(config);
        QTRY_COMPARE_WITH_TIMEOUT(bed.engine().status(QStringLiteral("test")).state, ListenerStatus::State::Waiting,
                                  2000);
        QVERIFY(bed.engine().status(QStringLiteral("test")).detail.english().contains(QStringLiteral("retrying")));
        QTest::qWait(500); // several retries while still busy
        QCOMPARE(bed.engine().status(QStringLiteral("test")).state, ListenerStatus::State::Waiting);
        squatter.close();
        QTRY_COMPARE_WITH_TIMEOUT(bed.engine().status(QStringLiteral("test")).state, ListenerStatus::State::Listening,
                                  3000);
        TestClient client;
        QVERIFY(client.connectTo(l.port));
        QCOMPARE(client.login("alice", "secret"), QByteArray("+OK logged in"));
    }

    void upstreamDownThenUp()
    {
        const quint16 upstreamPort = EngineTestbed::freePort(); // nothing listens there yet
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(upstreamPort, Security::Plain))); // failedHostRetrySeconds = 1
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login("alice", "secret");
            QVERIFY2(answer.startsWith("-ERR [SYS/TEMP] cannot reach") && answer.contains("after 2 attempts"),
                     answer.constData());
        }
        FakePop3Server server({});
        QVERIFY(server.listen(QHostAddress::LocalHost, upstreamPort));
        {
            // The host is marked: refused at once, the server is not even tried.
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login("alice", "secret");
            QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]") && answer.contains("failed recently"), answer.constData());
            QCOMPARE(server.connections(), 0);
        }
        QTest::qWait(1100); // the mark expires
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QCOMPARE(client.login("alice", "secret"), QByteArray("+OK logged in"));
        QCOMPARE(server.connections(), 1);
    }

    void unresolvableHost()
    {
        EngineTestbed bed;
        UpstreamConfig up = EngineTestbed::upstream(110, Security::Tls);
        up.host = QStringLiteral("no-such-host.invalid"); // RFC 2606: never resolves
        QVERIFY(bed.start(up));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login("alice", "secret");
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP] cannot reach no-such-host.invalid"), answer.constData());
        QVERIFY(bed.logContains(QStringLiteral("retrying in")));
        // The listener lives on: its port stays open, and it says it waits for the network rather than failing.
        QTRY_COMPARE(bed.engine().status(QStringLiteral("test")).state, ListenerStatus::State::Waiting);
        const QString detail = bed.engine().status(QStringLiteral("test")).detail.english();
        QVERIFY2(detail.startsWith(QStringLiteral("waiting for network: cannot resolve no-such-host.invalid")),
                 qPrintable(detail));
        TestClient again;
        QVERIFY(again.connectTo(bed.port()));
    }

    void failedAccount()
    {
        FakePop3Server::Behaviour b;
        b.authReply = "-ERR [AUTH] Authentication failed.";
        FakePop3Server server(b);
        EngineTestbed bed;
        QVERIFY(
            bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain))); // failedAccountRetrySeconds = 1
        auto attempt = [&](const QByteArray &password) {
            TestClient client;
            if (!client.connectTo(bed.port()))
                return QByteArray("(no connection)");
            return client.login("alice", password);
        };
        QCOMPARE(attempt("wrong"), QByteArray("-ERR [AUTH] Authentication failed."));
        QCOMPARE(server.connections(), 1);
        // Same wrong password again: MailShim answers itself; the server (and its lockout counter) never sees it.
        const QByteArray blocked = attempt("wrong");
        QVERIFY2(blocked.startsWith("-ERR [AUTH]") && blocked.contains("failed recently"), blocked.constData());
        QCOMPARE(server.connections(), 1);
        // A different password is tried at once.
        b.authReply = "+OK logged in";
        server.setBehaviour(b);
        QCOMPARE(attempt("right"), QByteArray("+OK logged in"));
        QCOMPARE(server.connections(), 2);
        // The success cleared the mark: even the old password goes to the server again.
        b.authReply = "-ERR [AUTH] Authentication failed.";
        server.setBehaviour(b);
        QCOMPARE(attempt("wrong"), QByteArray("-ERR [AUTH] Authentication failed."));
        QCOMPARE(server.connections(), 3);
        QTest::qWait(1100); // and a mark expires
        QCOMPARE(attempt("wrong"), QByteArray("-ERR [AUTH] Authentication failed."));
        QCOMPARE(server.connections(), 4);
    }

    void inUseDoesNotMarkTheAccount()
    {
        FakePop3Server::Behaviour b;
        b.authReply = "-ERR [IN-USE] mailbox locked";
        FakePop3Server server(b);
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain)));
        for (int i = 1; i <= 2; ++i) {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            QCOMPARE(client.login("alice", "secret"), QByteArray("-ERR [IN-USE] mailbox locked"));
            QCOMPARE(server.connections(), i);
        }
    }

    void reloadKeepsUnchangedSessions()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QCOMPARE(hop.client.login("alice", "secret"), QByteArray("+OK logged in"));
        // A second listener is added: the first one, unchanged, keeps its session.
        Config config = hop.bed.engine().config();
        ListenerConfig second = config.listeners.first();
        second.name = QStringLiteral("second");
        second.port = EngineTestbed::freePort();
        config.listeners.append(second);
        QVERIFY(hop.bed.startConfig(config));
        QVERIFY(hop.client.command("STAT").startsWith("+OK 1 "));
        TestClient other;
        QVERIFY(other.connectTo(second.port));
        QCOMPARE(other.login("alice", "secret"), QByteArray("+OK logged in"));
    }
};

QTEST_GUILESS_MAIN(TestRetryHealth)
#include "tst_retryhealth.moc"
