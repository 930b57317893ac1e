// Faults a real server will not produce on demand, through an in-process Engine and a scripted fake server.
// For each: the client gets the right reply, no credential reached the server when it must not, the
// session ends cleanly, and the log says why.

#include "core/listener.h"
#include "enginetestbed.h"
#include "fakepop3server.h"
#include "fakeserverhop.h"
#include "testclient.h"
#include "testpki.h"

#include <QCryptographicHash>
#include <QScopeGuard>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mailshim;

namespace {
bool noCredentialsReached(const FakePop3Server &server)
{
    return !server.receivedCommand("USER") && !server.receivedCommand("PASS") && !server.receivedCommand("APOP");
}
} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
    }

    // --- STLS: never continue in clear text -------------------------------------------------------------

    void stlsFaults_data()
    {
        QTest::addColumn<bool>("offer");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QByteArray>("inject");
        QTest::addColumn<QString>("logged");
        QTest::addColumn<QByteArray>("afterCapa");
        QTest::newRow("not offered") << false << QByteArray("+OK") << QByteArray()
                                     << QStringLiteral("does not offer STLS") << QByteArray();
        QTest::newRow("refused") << true << QByteArray("-ERR not now") << QByteArray() << QStringLiteral("refused STLS")
                                 << QByteArray();
        QTest::newRow("injection after +OK") << true << QByteArray("+OK go") << QByteArray("+OK injected\r\n")
                                             << QStringLiteral("injection") << QByteArray();
        QTest::newRow("+OK before STLS was sent") << true << QByteArray("+OK go") << QByteArray()
                                                  << QStringLiteral("before STLS was sent") << QByteArray("+OK go\r\n");
    }
    void stlsFaults()
    {
        QFETCH(bool, offer);
        QFETCH(QByteArray, reply);
        QFETCH(QByteArray, inject);
        QFETCH(QString, logged);
        QFETCH(QByteArray, afterCapa);
        FakePop3Server::Behaviour b;
        b.injectAfterCapa = afterCapa;
        b.offerStls = offer;
        b.stlsReply = reply;
        b.injectAfterStls = inject;
        FakeServerHop hop(b);
        hop.server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        QVERIFY(hop.start(Security::Stls, m_pki->caCertFile()));
        const QByteArray answer = hop.client.login("alice", "secret");
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]"), answer.constData());
        QVERIFY(hop.client.waitForClose());
        QVERIFY(noCredentialsReached(hop.server));
        QVERIFY2(hop.bed.logContains(logged), qPrintable(hop.bed.logTexts().join(QLatin1Char('\n'))));
    }

    // The login over STLS takes the round trips it needs and no more: CAPA (does the server offer STLS?), STLS,
    // then straight to USER/PASS. A second CAPA after TLS (RFC 2595's SHOULD) would tell MailShim nothing it uses.
    void stlsLoginSequence()
    {
        FakeServerHop hop;
        hop.server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        QVERIFY(hop.start(Security::Stls, m_pki->caCertFile()));
        QCOMPARE(hop.client.login("alice", "secret"), QByteArray("+OK logged in"));
        const QByteArrayList expected{"CAPA", "STLS", "USER alice", "PASS secret"};
        QCOMPARE(hop.server.received(), expected);
    }

    // The client resets its connection at the moment the server refuses the login: MailShim's -ERR to the client
    // then fails inside the session's handling of the upstream's failure, and the client's disconnected() arrives
    // right there. The session used to delete the upstream inside the upstream's own signal (valgrind: invalid
    // write after free); now it ends cleanly and the listener is free for the next client.
    void clientResetWhileTheLoginFails()
    {
        bool reset = false; // both outlive the engine, whose last records still reach the handler below
        int fd = -1;
        auto closeOnExit = qScopeGuard([&fd] {
            if (fd >= 0)
                ::close(fd);
        });
        FakePop3Server::Behaviour b;
        b.banner = "-ERR go away";
        FakePop3Server server(b);
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain)));
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(bed.port());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        QObject::connect(&bed.engine(), &Engine::logRecord, &bed.engine(), [&](const LogRecord &record) {
            if (!reset && record.text.contains(QStringLiteral("greeted with an error"))) {
                const linger abortive{1, 0}; // close() sends RST
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
                ::close(fd);
                fd = -1;
                reset = true;
            }
        });
        const char login[] = "USER alice\r\nPASS secret\r\n";
        QCOMPARE(::send(fd, login, sizeof login - 1, 0), ssize_t(sizeof login - 1));
        QTRY_VERIFY(reset);
        QTRY_COMPARE(bed.engine().status(QStringLiteral("test")).activeSessions, 0);
        QVERIFY(bed.engine()
                    .status(QStringLiteral("test"))
                    .lastResult.english()
                    .contains(QStringLiteral("greeted with an error")));
        // The listener still serves.
        TestClient next;
        QVERIFY(next.connectTo(bed.port()));
        QVERIFY(next.readLine().startsWith("+OK MailShim"));
    }

    void stlsHang()
    {
        FakePop3Server::Behaviour b;
        b.hangAfterStls = true;
        FakeServerHop hop(b);
        Config config = EngineTestbed::baseConfig();
        config.timeouts.tlsSeconds = 1;
        QVERIFY(hop.start(Security::Stls, m_pki->caCertFile(), config));
        const QByteArray answer = hop.client.login("alice", "secret");
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]"), answer.constData());
        QVERIFY(noCredentialsReached(hop.server));
        QVERIFY(hop.bed.logContains(QStringLiteral("did not answer in time during TLS handshake after STLS")));
    }

    // --- APOP timestamps: refuse, never fall back to USER/PASS ---------------------------------------------

    void apopTimestamps_data()
    {
        QTest::addColumn<QByteArray>("banner");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("valid") << QByteArray("+OK ready <1896.697170952@dbc.mtview.ca.us>") << true;
        QTest::newRow("missing") << QByteArray("+OK ready") << false;
        QTest::newRow("empty <>") << QByteArray("+OK ready <>") << false;
        QTest::newRow("no @") << QByteArray("+OK ready <1896.697170952>") << false;
        QTest::newRow("8-bit") << QByteArray("+OK ready <18\xe9\x96@host>") << false;
        QTest::newRow("over-long") << QByteArray("+OK <" + QByteArray(300, '1') + "@host>") << false;
    }
    void apopTimestamps()
    {
        QFETCH(QByteArray, banner);
        QFETCH(bool, accepted);
        FakePop3Server::Behaviour b;
        b.banner = banner;
        FakeServerHop hop(b);
        QVERIFY(hop.start(Security::Apop));
        const QByteArray answer = hop.client.login("alice", "tanstaaf");
        if (accepted) {
            QCOMPARE(answer, QByteArray("+OK logged in"));
            // RFC 1939's example: the digest, and no clear-text password anywhere.
            QVERIFY(hop.server.received().contains("APOP alice c4c9334bac560ecc979e58001b3e22fb"));
            QVERIFY(!hop.server.receivedCommand("PASS"));
        } else {
            QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]"), answer.constData());
            QVERIFY(noCredentialsReached(hop.server));
            QVERIFY(hop.bed.logContains(QStringLiteral("no clear-text fallback")));
        }
    }

    // --- Certificates: abort before credentials; only a user's pin overrides -------------------------------

    void certificates_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QByteArray>("pinOf"); // "": no pin, "same": the served cert's key, "other": another key
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("logged");
        QTest::newRow("trusted") << QStringLiteral("good") << QByteArray() << true << QString();
        QTest::newRow("wrong host") << QStringLiteral("wronghost") << QByteArray() << false
                                    << QStringLiteral("not trusted");
        QTest::newRow("expired") << QStringLiteral("expired") << QByteArray() << false << QStringLiteral("expired");
        QTest::newRow("self-signed") << QStringLiteral("selfsigned") << QByteArray() << false
                                     << QStringLiteral("not trusted");
        QTest::newRow("pin mismatch on a trusted cert")
            << QStringLiteral("good") << QByteArray("other") << false << QStringLiteral("pinned key");
        QTest::newRow("pin accepts self-signed")
            << QStringLiteral("selfsigned") << QByteArray("same") << true << QStringLiteral("pinned key");
        QTest::newRow("pin mismatch on self-signed")
            << QStringLiteral("selfsigned") << QByteArray("other") << false << QStringLiteral("pinned key");
    }
    void certificates()
    {
        QFETCH(QString, cert);
        QFETCH(QByteArray, pinOf);
        QFETCH(bool, accepted);
        QFETCH(QString, logged);
        FakePop3Server::Behaviour b;
        b.implicitTls = true;
        FakeServerHop hop(b);
        hop.server.setTlsConfiguration(m_pki->serverConfiguration(cert));
        UpstreamConfig up = hop.upstream(Security::Tls, m_pki->caCertFile());
        if (pinOf == "same")
            up.tls.pinSha256 = TestPki::publicKeySha256Hex(m_pki->certFile(cert));
        else if (pinOf == "other")
            up.tls.pinSha256 = TestPki::publicKeySha256Hex(m_pki->certFile(QStringLiteral("wronghost")));
        QVERIFY(hop.start(up));
        const QByteArray answer = hop.client.login("alice", "secret");
        if (accepted) {
            QCOMPARE(answer, QByteArray("+OK logged in"));
            QVERIFY(hop.server.received().contains("PASS secret"));
        } else {
            QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]"), answer.constData());
            QVERIFY(noCredentialsReached(hop.server));
        }
        if (!logged.isEmpty())
            QVERIFY2(hop.bed.logContains(logged), qPrintable(hop.bed.logTexts().join(QLatin1Char('\n'))));
    }

    // --- Silent or broken servers --------------------------------------------------------------------------

    void silentUpstream()
    {
        FakePop3Server::Behaviour b;
        b.banner.clear();
        FakeServerHop hop(b);
        Config config = EngineTestbed::baseConfig();
        config.timeouts.responseSeconds = 1;
        QVERIFY(hop.start(Security::Plain, {}, config));
        const QByteArray answer = hop.client.login("alice", "secret");
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]"), answer.constData());
        QVERIFY(hop.bed.logContains(QStringLiteral("did not answer in time during greeting")));
        QVERIFY(noCredentialsReached(hop.server));
    }

    void badBanners_data()
    {
        QTest::addColumn<QByteArray>("banner");
        QTest::newRow("-ERR") << QByteArray("-ERR go away");
        QTest::newRow("over 512 bytes") << QByteArray("+OK " + QByteArray(600, 'x'));
        QTest::newRow("not POP3") << QByteArray("* OK IMAP4rev1");
    }
    void badBanners()
    {
        QFETCH(QByteArray, banner);
        FakePop3Server::Behaviour b;
        b.banner = banner;
        FakeServerHop hop(b);
        QVERIFY(hop.start(Security::Plain));
        const QByteArray answer = hop.client.login("alice", "secret");
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]"), answer.constData());
        QVERIFY(noCredentialsReached(hop.server));
    }

    void upstreamDropMidRetr()
    {
        FakePop3Server::Behaviour b;
        b.message = QByteArray(100000, 'm') + "\r\n";
        b.dropRetrAfterBytes = 5000;
        FakeServerHop hop(b);
        QVERIFY(hop.start(Security::Plain));
        QCOMPARE(hop.client.login("alice", "secret"), QByteArray("+OK logged in"));
        hop.client.send("RETR 1\r\n");
        QVERIFY(hop.client.waitForClose());
        const QByteArray got = hop.client.takeAll();
        QCOMPARE(got, "+OK message follows\r\n" + QByteArray(5000, 'm')); // exactly what came, no faked "."
        QVERIFY(hop.bed.waitForLog(QStringLiteral("in the middle of a message")));
    }

    void upstreamStallMidRetr()
    {
        FakePop3Server::Behaviour b;
        b.stallRetr = true;
        FakeServerHop hop(b);
        Config config = EngineTestbed::baseConfig();
        config.timeouts.responseSeconds = 1;
        QVERIFY(hop.start(Security::Plain, {}, config));
        QCOMPARE(hop.client.login("alice", "secret"), QByteArray("+OK logged in"));
        hop.client.send("RETR 1\r\n");
        QVERIFY(hop.client.waitForClose(5000));
        QCOMPARE(hop.client.takeAll(), QByteArray("+OK message follows\r\n")); // closed, no invented terminator
        QVERIFY(hop.bed.logContains(QStringLiteral("did not answer within 1 s")));
    }

    void clientDropMidRetrSendsNoQuit()
    {
        FakePop3Server::Behaviour b;
        b.message = QByteArray(4 * 1024 * 1024, 'x') + "\r\n";
        FakePop3Server server(b);
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain)));
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            QCOMPARE(client.login("alice", "secret"), QByteArray("+OK logged in"));
            QCOMPARE(client.command("DELE 1"), QByteArray("+OK"));
            client.send("RETR 1\r\n");
            QVERIFY(client.readLine().startsWith("+OK"));
            client.socket().abort();
        }
        QVERIFY(bed.waitForLog(QStringLiteral("client disconnected without QUIT")));
        QTest::qWait(200);
        QVERIFY(server.receivedCommand("DELE"));
        QVERIFY(!server.receivedCommand("QUIT"));
    }

    // --- Bad clients ---------------------------------------------------------------------------------------

    void overlongLine()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        hop.client.send("USER " + QByteArray(300, 'a')); // no LF at all
        QVERIFY(hop.client.readLine().startsWith("-ERR"));
        QVERIFY(hop.client.waitForClose());
        QCOMPARE(hop.server.connections(), 0);
    }

    void overlongLineAfterLogin()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QCOMPARE(hop.client.login("alice", "secret"), QByteArray("+OK logged in"));
        hop.client.send("NOOP " + QByteArray(1000, 'a') + "\r\n");
        QVERIFY(hop.client.readLine().startsWith("-ERR"));
        QVERIFY(hop.client.waitForClose());
        QVERIFY(!hop.server.receivedCommand("NOOP"));
        QVERIFY(!hop.server.receivedCommand("QUIT"));
    }

    void smugglingInUserOrPass_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("NUL in USER") << QByteArray("USER al\0ice\r\n", 13);
        QTest::newRow("CR in USER") << QByteArray("USER alice\rDELE 1\r\n");
        QTest::newRow("NUL in PASS") << QByteArray("USER alice\r\nPASS se\0cret\r\n", 26);
    }
    void smugglingInUserOrPass()
    {
        QFETCH(QByteArray, bytes);
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        hop.client.send(bytes);
        QByteArray last;
        for (QByteArray line = hop.client.readLine(1000); !line.isEmpty(); line = hop.client.readLine(500))
            last = line;
        QVERIFY2(last.startsWith("-ERR invalid"), last.constData());
        QCOMPARE(hop.server.connections(), 0);
    }

    void httpOnPop3Port()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        hop.client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:3999\r\n\r\n");
        QVERIFY(hop.client.waitForClose());
        QCOMPARE(hop.client.takeAll(), QByteArray()); // not one byte of reply to a web page
        QVERIFY(hop.bed.logContains(QStringLiteral("HTTP request")));
        QCOMPARE(hop.server.connections(), 0);
    }

    void tooManyBadCommands()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(hop.client.command("XYZZY").startsWith("-ERR unknown"));
        QCOMPARE(hop.client.command("XYZZY"), QByteArray("-ERR too many bad commands"));
        QVERIFY(hop.client.waitForClose());
    }

    void slowClientHitsLoginDeadline()
    {
        FakeServerHop hop;
        Config config = EngineTestbed::baseConfig();
        config.timeouts.loginSeconds = 1;
        QVERIFY(hop.start(Security::Plain, {}, config));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        hop.client.send("U"); // one byte, then nothing
        const QByteArray answer = hop.client.readLine(4000);
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP] login not completed"), answer.constData());
        QVERIFY(hop.client.waitForClose());
    }

    void floodPastMaxSessions()
    {
        FakePop3Server server({});
        EngineTestbed bed;
        UpstreamConfig up = EngineTestbed::upstream(server.listenLocal(), Security::Plain);
        QVERIFY(bed.start(up));
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l = bed.listener();
        l.maxSessions = 2;
        config.listeners = {l};
        QVERIFY(bed.startConfig(config));
        TestClient a, b, c;
        QVERIFY(a.connectTo(bed.port()));
        QVERIFY(a.readLine().startsWith("+OK MailShim"));
        QVERIFY(b.connectTo(bed.port()));
        QVERIFY(b.readLine().startsWith("+OK MailShim"));
        QVERIFY(c.connectTo(bed.port()));
        QCOMPARE(c.readLine(), QByteArray("-ERR [SYS/TEMP] too many sessions, try again later"));
        QVERIFY(c.waitForClose());
        QCOMPARE(bed.engine().status(QStringLiteral("test")).rejectedSessions, quint64(1));
        // The two admitted sessions still work.
        QVERIFY(a.command("CAPA").startsWith("+OK"));
    }

    // --- What passes through, and what never does ------------------------------------------------------

    void pipelinedBareLfLogin()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        hop.client.send("USER alice\nPASS secret\nSTAT\nQUIT\n"); // bare LF, all in one write
        QCOMPARE(hop.client.readLine(), QByteArray("+OK send PASS"));
        QCOMPARE(hop.client.readLine(), QByteArray("+OK logged in"));
        QVERIFY(hop.client.readLine().startsWith("+OK 1 "));
        QCOMPARE(hop.client.readLine(), QByteArray("+OK bye"));
        QVERIFY(hop.client.waitForClose());
        QVERIFY(hop.server.received().contains("STAT"));
        QVERIFY(hop.server.received().contains("QUIT"));
    }

    // The relay's per-command record is made only when the engine's level keeps it (the listener, which passes
    // every record of its sessions on to the engine's filter, never sees it), and the level is read each time:
    // raising it while a session runs shows that session's next commands.
    void commandRecordsFollowTheLogLevel()
    {
        QStringList made; // every record the session made, before the engine's filter; outlives the engine
        FakePop3Server server({});
        EngineTestbed bed;
        Config config = EngineTestbed::baseConfig();
        config.logLevel = LogLevel::Problems;
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain), config));
        auto *listener = bed.engine().findChild<Listener *>();
        QVERIFY(listener);
        connect(listener, &Listener::log, listener,
                [&made](LogLevel, const QString &, const Message &text, quint64) { made << text.english(); });
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QCOMPARE(client.login("alice", "secret"), QByteArray("+OK logged in"));
        QVERIFY(client.command("STAT").startsWith("+OK 1 "));
        QVERIFY2(!made.contains(QStringLiteral("client: STAT")), qPrintable(made.join(QLatin1Char('\n'))));
        QVERIFY(!bed.logContains(QStringLiteral("client: STAT")));

        config.logLevel = LogLevel::All;
        config.listeners = {bed.listener()};
        bed.engine().apply(config);
        QVERIFY(client.command("NOOP").startsWith("+OK"));
        QVERIFY2(bed.waitForLog(QStringLiteral("client: NOOP")), qPrintable(bed.logTexts().join(QLatin1Char('\n'))));
        QCOMPARE(server.connections(), 1); // the same session, not a new one
    }

    void blankLinesAfterLoginKeepRepliesInOrder()
    {
        FakePop3Server server({}); // answers every line, blank ones too: forwarding them would shift the replies
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain)));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QCOMPARE(client.login("alice", "secret"), QByteArray("+OK logged in"));
        client.send("\r\n  \r\nRETR 1\r\n");
        QCOMPARE(client.readLine(), QByteArray("+OK message follows"));
        QCOMPARE(client.readMultiLine(), (QByteArrayList{"Subject: hi", "", "hello"}));
        QVERIFY(client.command("STAT").startsWith("+OK 1 "));
        QVERIFY(!server.received().contains(QByteArray()));
    }

    void capaBeforeAndAfterLogin()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        QVERIFY(hop.client.readLine().startsWith("+OK"));
        QVERIFY(hop.client.command("CAPA").startsWith("+OK"));
        const QByteArrayList before = hop.client.readMultiLine();
        QVERIFY(before.contains("USER"));
        QVERIFY(!before.contains("STLS"));
        QCOMPARE(hop.client.command("USER alice"), QByteArray("+OK send PASS"));
        QCOMPARE(hop.client.command("PASS secret"), QByteArray("+OK logged in"));
        QVERIFY(hop.client.command("CAPA").startsWith("+OK"));
        const QByteArrayList after = hop.client.readMultiLine();
        QCOMPARE(after, (QByteArrayList{"USER", "UIDL"})); // the server's, minus STLS and SASL
    }

    void serverAuthRepliesPassThrough_data()
    {
        QTest::addColumn<QByteArray>("serverReply");
        QTest::addColumn<QByteArray>("clientGets");
        QTest::newRow("[AUTH]") << QByteArray("-ERR [AUTH] Authentication failed.")
                                << QByteArray("-ERR [AUTH] Authentication failed.");
        QTest::newRow("[IN-USE]") << QByteArray("-ERR [IN-USE] mailbox locked")
                                  << QByteArray("-ERR [IN-USE] mailbox locked");
        QTest::newRow("[LOGIN-DELAY]") << QByteArray("-ERR [LOGIN-DELAY] wait")
                                       << QByteArray("-ERR [LOGIN-DELAY] wait");
        QTest::newRow("ANSI escapes replaced")
            << QByteArray("-ERR \x1b[31mbad\x1b[0m") << QByteArray("-ERR [AUTH] the server refused the login");
    }
    void serverAuthRepliesPassThrough()
    {
        QFETCH(QByteArray, serverReply);
        QFETCH(QByteArray, clientGets);
        FakePop3Server::Behaviour b;
        b.authReply = serverReply;
        FakeServerHop hop(b);
        QVERIFY(hop.start(Security::Plain));
        QCOMPARE(hop.client.login("alice", "secret"), clientGets);
        for (const QString &text : hop.bed.logTexts())
            QVERIFY2(!text.contains(QChar(0x1b)), qPrintable(text));
    }

    void opaqueBytesEndToEnd()
    {
        FakeServerHop hop;
        QVERIFY(hop.start(Security::Plain));
        const QByteArray user = "\x82\xa0\x82\xa2\xff"; // Shift_JIS and a stray 0xff: not UTF-8
        const QByteArray pass = "p\xe4ss w\xf6rd";
        QCOMPARE(hop.client.login(user, pass), QByteArray("+OK logged in"));
        QVERIFY(hop.server.received().contains("USER " + user));
        QVERIFY(hop.server.received().contains("PASS " + pass));
    }

    void passwordNeverLogged()
    {
        FakePop3Server::Behaviour b;
        b.banner = "+OK ready <1.2@fake>";
        FakePop3Server server(b);
        EngineTestbed bed; // log level All
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Apop)));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QCOMPARE(client.login("alice", "Sup3rS3cret"), QByteArray("+OK logged in"));
        QCOMPARE(client.command("STAT").left(3), QByteArray("+OK"));
        const QByteArray digest = QCryptographicHash::hash("<1.2@fake>Sup3rS3cret", QCryptographicHash::Md5).toHex();
        QVERIFY(server.received().contains("APOP alice " + digest));
        QVERIFY(bed.records().size() > 5);
        for (const LogRecord &r : bed.records()) {
            QVERIFY2(!r.text.contains(QStringLiteral("Sup3rS3cret")), qPrintable(r.text));
            QVERIFY2(!r.text.contains(QString::fromLatin1(digest)), qPrintable(r.text));
        }
    }

    void routedLoopRefused()
    {
        EngineTestbed bed;
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l;
        l.name = QStringLiteral("test");
        l.port = EngineTestbed::freePort();
        l.routing.enabled = true;
        l.routing.allow = {EngineTestbed::upstream(l.port, Security::Plain)};
        l.routing.allow.first().host = QStringLiteral("127.0.0.1");
        config.listeners = {l};
        QVERIFY(bed.startConfig(config));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login("127.0.0.1:" + QByteArray::number(l.port) + ":alice", "secret");
        QVERIFY2(answer.contains("mail loop"), answer.constData());
        QCOMPARE(bed.engine().status(QStringLiteral("test")).totalSessions, quint64(1)); // it never called itself
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
