// SmtpSession and SmtpRelay in a real Engine, in front of a scripted SMTP server: the client's EHLO, AUTH PLAIN and
// LOGIN carried to the server, a message relayed byte for byte, and the faults a real Postfix will not produce on
// demand: STARTTLS missing, an untrusted certificate, 421 at the greeting, a refused login, either side dropping in
// the middle of a message, bad input from the client, and a flood past maxSessions. Every case checks what the
// client heard and what the server got.

#include "enginetestbed.h"
#include "fakepop3server.h"
#include "fakesmtpserver.h"
#include "memorycredentialstore.h"
#include "testclient.h"
#include "testpki.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

namespace {

// One SMTP reply, all its lines ("250-a", "250 b"), or empty on timeout or close.
QByteArrayList readReply(TestClient &client, int timeoutMs = 8000)
{
    QByteArrayList lines;
    for (;;) {
        const QByteArray line = client.readLine(timeoutMs);
        if (line.isEmpty())
            return lines;
        lines << line;
        if (line.size() < 4 || line.at(3) != '-')
            return lines;
    }
}

QByteArray code(const QByteArrayList &reply)
{
    return reply.isEmpty() ? QByteArray() : reply.last().left(3);
}

QByteArray send(TestClient &client, const QByteArray &line)
{
    client.send(line + "\r\n");
    return code(readReply(client));
}

const QByteArray kMessage = "From: alice@example.org\r\n"
                            "To: bob@example.org\r\n"
                            "Subject: dots\r\n"
                            "\r\n"
                            "..a line that starts with a dot (stuffed by the client)\r\n"
                            "8-bit: \xe6\x97\xa5\xe6\x9c\xac\r\n"
                            "last line\r\n";

} // namespace

class TestSmtpSession : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

    // An Engine with one SMTP listener in front of server (listening), in mode security.
    bool startBed(EngineTestbed &bed, FakeSmtpServer &server, Security security,
                  const std::function<void(ListenerConfig &)> &adjust = {})
    {
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        Config config = EngineTestbed::baseConfig();
        ListenerConfig listener;
        listener.name = QStringLiteral("smtp");
        listener.protocol = Protocol::Smtp;
        // The fake server's port first: a port freePort() probed and let go may be the next one the kernel hands
        // to a listen on port 0.
        UpstreamConfig upstream = EngineTestbed::upstream(server.listenLocal(), security, m_pki->caCertFile());
        listener.port = EngineTestbed::freePort();
        upstream.protocol = Protocol::Smtp;
        listener.upstream = upstream;
        if (adjust)
            adjust(listener);
        config.listeners = {listener};
        return bed.startConfig(config);
    }

    static FakeSmtpServer::Behaviour implicitTls()
    {
        FakeSmtpServer::Behaviour b;
        b.implicitTls = true;
        return b;
    }

    static bool connectAndGreet(TestClient &client, quint16 port)
    {
        return client.connectTo(port) && code(readReply(client)) == "220";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
    }

    void messageRelayedByteForByte_data()
    {
        QTest::addColumn<Security>("security");
        QTest::addColumn<bool>("loginOnly");
        QTest::newRow("starttls, AUTH PLAIN") << Security::Stls << false;
        QTest::newRow("tls, AUTH LOGIN at the server") << Security::Tls << true;
    }

    void messageRelayedByteForByte()
    {
        QFETCH(Security, security);
        QFETCH(bool, loginOnly);
        FakeSmtpServer::Behaviour behaviour = security == Security::Tls ? implicitTls() : FakeSmtpServer::Behaviour();
        behaviour.ehloInTls = {"250-fake.example",  "250-PIPELINING",
                               "250-SIZE 35882577", "250-CHUNKING",
                               "250-SMTPUTF8",      loginOnly ? "250-AUTH LOGIN" : "250-AUTH PLAIN LOGIN",
                               "250 8BITMIME"};
        FakeSmtpServer server(behaviour);
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, security));

        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        client.send("EHLO oldclient\r\n");
        const QByteArrayList ehlo = readReply(client);
        const QByteArray joined = ehlo.join('\n');
        QCOMPARE(code(ehlo), QByteArray("250"));
        QVERIFY2(joined.contains("250-SIZE 35882577") && joined.contains("SMTPUTF8") && joined.contains("PIPELINING") &&
                     joined.contains("8BITMIME") && joined.contains("ENHANCEDSTATUSCODES") &&
                     joined.contains("AUTH LOGIN PLAIN") && joined.contains("AUTH=LOGIN PLAIN"),
                 joined.constData());
        QVERIFY2(!joined.contains("STARTTLS") && !joined.contains("CHUNKING"), joined.constData());

        // The client's AUTH PLAIN, whatever the server prefers.
        QCOMPARE(send(client, "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()), QByteArray("235"));
        QVERIFY(server.received().contains(loginOnly ? QByteArray("AUTH LOGIN")
                                                     : "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()));

        // Pipelined: the replies come back in order, one per command.
        client.send("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\n"
                    "DATA\r\n");
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("354"));
        client.send(kMessage + ".\r\n");
        const QByteArrayList accepted = readReply(client);
        QCOMPARE(accepted, QByteArrayList{"250 2.0.0 Ok: queued as FAKE"});
        QCOMPARE(server.messages(), QByteArrayList{kMessage});
        QCOMPARE(send(client, "QUIT"), QByteArray("221"));
        QVERIFY(client.waitForClose());
        QVERIFY(bed.waitForLog(QStringLiteral("message accepted by the server")));
    }

    // A bare LF inside a message becomes CRLF, so MailShim and a server that also ends lines at a bare LF (Postfix)
    // agree on where the message ends: "LF . CRLF" is the end for both, never for one only (SMTP smuggling).
    void bareLineFeedsInAMessageBecomeCrlf()
    {
        FakeSmtpServer server(implicitTls());
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()), QByteArray("235"));
        client.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("354"));
        client.send("Subject: lf\n\nfirst\n.\r\n");
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(server.messages(), QByteArrayList{"Subject: lf\r\n\r\nfirst\r\n"});
        QVERIFY(bed.waitForLog(QStringLiteral("message accepted by the server")));
        QCOMPARE(send(client, "NOOP"), QByteArray("250"));
        QVERIFY(server.received().contains("NOOP"));
    }

    void authLoginFromTheClient()
    {
        FakeSmtpServer server(implicitTls());
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "EHLO x"), QByteArray("250"));
        QCOMPARE(send(client, "AUTH LOGIN"), QByteArray("334"));
        QCOMPARE(send(client, QByteArray("alice").toBase64()), QByteArray("334"));
        QCOMPARE(send(client, QByteArray("secret").toBase64()), QByteArray("235"));
        // The server offers PLAIN: the credentials travel as PLAIN whatever the client used.
        QVERIFY(server.received().contains("AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()));
    }

    void heloOnlyScannerSendsAsTheListenersUser()
    {
        FakeSmtpServer server(implicitTls());
        MemoryCredentialStore store;
        EngineTestbed bed;
        bed.engine().setPasswordSource(&store);
        QVERIFY(startBed(bed, server, Security::Tls, [](ListenerConfig &l) {
            l.clientAuth = ClientAuth::Optional;
            l.user = QStringLiteral("scanner@example.org");
            l.storedPassword = true;
        }));
        store.entries.insert(
            CredentialKey{QStringLiteral("localhost"), server.serverPort(), QStringLiteral("scanner@example.org")}
                .toString(),
            "stored-secret");
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "HELO scanner"), QByteArray("250"));
        QCOMPARE(send(client, "MAIL FROM:<scanner@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "RCPT TO:<bob@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "DATA"), QByteArray("354"));
        client.send("Subject: scan\r\n\r\npage 1\r\n.\r\n");
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QVERIFY(server.received().contains("AUTH PLAIN " +
                                           QByteArray("\0scanner@example.org\0stored-secret", 34).toBase64()));
        QCOMPARE(server.messages().size(), 1);
    }

    void optionalAuthWithoutStoredPasswordKeepsTheMessage()
    {
        FakeSmtpServer server(implicitTls());
        MemoryCredentialStore store; // empty
        EngineTestbed bed;
        bed.engine().setPasswordSource(&store);
        QVERIFY(startBed(bed, server, Security::Tls, [](ListenerConfig &l) {
            l.clientAuth = ClientAuth::Optional;
            l.user = QStringLiteral("scanner@example.org");
            l.storedPassword = true;
        }));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "HELO scanner"), QByteArray("250"));
        client.send("MAIL FROM:<scanner@example.org>\r\n");
        const QByteArrayList refused = readReply(client);
        QVERIFY2(code(refused) == "451" && refused.last().contains("4.7.0"), refused.join('|').constData());
        QVERIFY(!server.receivedCommand("AUTH"));
        QVERIFY(!server.receivedCommand("MAIL"));
    }

    void authRequiredByDefault()
    {
        FakeSmtpServer server(implicitTls());
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "EHLO x"), QByteArray("250"));
        QCOMPARE(send(client, "MAIL FROM:<a@example.org>"), QByteArray("530"));
        QCOMPARE(send(client, "RCPT TO:<b@example.org>"), QByteArray("530"));
        QVERIFY(!server.receivedCommand("MAIL"));
        QVERIFY(!server.receivedCommand("RCPT"));
    }

    void refusedLoginPassesThroughAndIsMarked()
    {
        FakeSmtpServer::Behaviour behaviour = implicitTls();
        behaviour.authReply = "535 5.7.8 Error: authentication failed: bad password";
        FakeSmtpServer server(behaviour);
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        client.send("AUTH PLAIN " + QByteArray("\0alice\0wrong", 12).toBase64() + "\r\n");
        QCOMPARE(readReply(client), QByteArrayList{"535 5.7.8 Error: authentication failed: bad password"});
        // The session goes on; the same password again is not sent to the server while the mark lasts.
        const int authsBefore = int(std::count_if(server.received().begin(), server.received().end(),
                                                  [](const QByteArray &l) { return l.startsWith("AUTH"); }));
        client.send("AUTH PLAIN " + QByteArray("\0alice\0wrong", 12).toBase64() + "\r\n");
        const QByteArrayList again = readReply(client);
        QVERIFY2(code(again) == "454" && again.last().contains("failed recently"), again.join('|').constData());
        const int authsAfter = int(std::count_if(server.received().begin(), server.received().end(),
                                                 [](const QByteArray &l) { return l.startsWith("AUTH"); }));
        QCOMPARE(authsAfter, authsBefore);
    }

    void serverFaultsAnswer421AtTheGreeting_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QByteArray>("enhanced");
        QTest::newRow("STARTTLS not offered") << QStringLiteral("nostarttls") << QByteArray("421 4.4.2");
        QTest::newRow("STARTTLS refused") << QStringLiteral("refused") << QByteArray("421 4.4.2");
        QTest::newRow("220 then injected lines") << QStringLiteral("inject") << QByteArray("421 4.4.2");
        QTest::newRow("421 greeting") << QStringLiteral("421") << QByteArray("421 4.4.2");
        QTest::newRow("self-signed certificate") << QStringLiteral("selfsigned") << QByteArray("421 4.7.0");
        QTest::newRow("wrong host name") << QStringLiteral("wronghost") << QByteArray("421 4.7.0");
        QTest::newRow("expired certificate") << QStringLiteral("expired") << QByteArray("421 4.7.0");
        QTest::newRow("pin mismatch") << QStringLiteral("pin") << QByteArray("421 4.7.0");
    }

    void serverFaultsAnswer421AtTheGreeting()
    {
        QFETCH(QString, fault);
        QFETCH(QByteArray, enhanced);
        FakeSmtpServer::Behaviour behaviour;
        QString certificate = QStringLiteral("good");
        if (fault == QLatin1String("nostarttls"))
            behaviour.ehlo = {"250-fake.example", "250 8BITMIME"};
        else if (fault == QLatin1String("refused"))
            behaviour.startTlsReply = "454 4.7.0 TLS not available";
        else if (fault == QLatin1String("inject"))
            behaviour.injectAfterStartTls = "250-injected\r\n250 AUTH PLAIN\r\n";
        else if (fault == QLatin1String("421"))
            behaviour.greeting = {"421 4.3.2 Service shutting down"};
        else if (fault == QLatin1String("selfsigned"))
            certificate = QStringLiteral("selfsigned");
        else if (fault == QLatin1String("wronghost") || fault == QLatin1String("expired"))
            certificate = fault;
        FakeSmtpServer server(behaviour);
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Stls, [&](ListenerConfig &l) {
            if (fault == QLatin1String("pin"))
                l.upstream->tls.pinSha256 = QByteArray(64, 'a');
        }));
        server.setTlsConfiguration(m_pki->serverConfiguration(certificate));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArrayList greeting = readReply(client);
        QVERIFY2(greeting.size() == 1 && greeting.first().startsWith(enhanced + " MailShim: "),
                 greeting.join('|').constData());
        QVERIFY(client.waitForClose());
        QVERIFY2(!server.receivedCommand("AUTH"), server.received().join('|').constData());
    }

    void serverDropInTheMiddleOfAMessageIsNever250()
    {
        FakeSmtpServer::Behaviour behaviour = implicitTls();
        behaviour.dropAfterMessageBytes = 100000;
        FakeSmtpServer server(behaviour);
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()), QByteArray("235"));
        QCOMPARE(send(client, "MAIL FROM:<alice@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "RCPT TO:<bob@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "DATA"), QByteArray("354"));
        const QByteArray line(76, 'x');
        QByteArray body;
        while (body.size() < 400000)
            body += line + "\r\n";
        client.send(body + ".\r\n");
        const QByteArrayList verdict = readReply(client);
        QVERIFY2(code(verdict).startsWith('4'), verdict.join('|').constData());
        QVERIFY(!verdict.join('|').contains("250"));
        QVERIFY(client.waitForClose());
        QVERIFY(server.messages().isEmpty());
    }

    void clientDropInTheMiddleOfAMessageDeliversNothing()
    {
        FakeSmtpServer server(implicitTls());
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()), QByteArray("235"));
        QCOMPARE(send(client, "MAIL FROM:<alice@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "RCPT TO:<bob@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "DATA"), QByteArray("354"));
        client.send("Subject: half\r\n\r\nthe first half\r\n");
        QVERIFY(QTest::qWaitFor([&] { return server.messageBytes() > 0; }, 5000));
        client.socket().abort();
        QVERIFY(bed.waitForLog(QStringLiteral("client disconnected in the middle of a message")));
        QTest::qWait(300);
        QVERIFY(server.messages().isEmpty()); // the final "." never came
    }

    void refusedMessageIsPassedOn()
    {
        FakeSmtpServer::Behaviour behaviour = implicitTls();
        behaviour.endOfMessageReply = "554 5.7.1 Rejected: spam";
        FakeSmtpServer server(behaviour);
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        QCOMPARE(send(client, "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64()), QByteArray("235"));
        client.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(code(readReply(client)), QByteArray("354"));
        client.send("Subject: x\r\n\r\nbody\r\n.\r\n");
        QCOMPARE(readReply(client), QByteArrayList{"554 5.7.1 Rejected: spam"});
        // The session goes on: EHLO again is answered by MailShim (the server gets RSET).
        client.send("EHLO again\r\n");
        const QByteArrayList ehlo = readReply(client);
        QVERIFY2(code(ehlo) == "250" && !ehlo.join('|').contains("STARTTLS"), ehlo.join('|').constData());
        QVERIFY(server.received().contains("RSET"));
        QVERIFY(!server.received().contains("EHLO again"));
    }

    void badClientInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected"); // the reply's start; empty: closed without a reply
        QTest::addColumn<bool>("closes");
        QTest::newRow("overlong line") << QByteArray(600, 'A') + "\r\n" << QByteArray("500 5.5.2") << true;
        QTest::newRow("NUL in AUTH PLAIN") << "AUTH PLAIN " + QByteArray("\0al\0ice\0x", 9).toBase64() + "\r\n"
                                           << QByteArray("501 5.5.2") << false;
        QTest::newRow("bad base64 in AUTH LOGIN")
            << QByteArray("AUTH LOGIN !!!!\r\n") << QByteArray("501 5.5.2") << false;
        QTest::newRow("unknown mechanism") << QByteArray("AUTH CRAM-MD5\r\n") << QByteArray("504 5.5.4") << false;
        QTest::newRow("STARTTLS from the client") << QByteArray("STARTTLS\r\n") << QByteArray("502 5.5.1") << false;
        QTest::newRow("HTTP") << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << QByteArray() << true;
        QTest::newRow("garbage") << QByteArray("\x01\x02\x03\r\n") << QByteArray("500 5.5.2") << false;
    }

    void badClientInput()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(bool, closes);
        FakeSmtpServer server(implicitTls());
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls));
        TestClient client;
        QVERIFY(connectAndGreet(client, bed.port()));
        client.send(input);
        const QByteArrayList reply = readReply(client, closes && expected.isEmpty() ? 2000 : 8000);
        if (expected.isEmpty())
            QVERIFY2(reply.isEmpty(), reply.join('|').constData());
        else
            QVERIFY2(!reply.isEmpty() && reply.last().startsWith(expected), reply.join('|').constData());
        if (closes)
            QVERIFY(client.waitForClose());
        else
            QCOMPARE(send(client, "NOOP"), QByteArray("250"));
        QVERIFY(!server.receivedCommand("AUTH"));
    }

    void floodPastMaxSessionsGets421()
    {
        FakeSmtpServer server(implicitTls());
        EngineTestbed bed;
        QVERIFY(startBed(bed, server, Security::Tls, [](ListenerConfig &l) { l.maxSessions = 2; }));
        TestClient first, second, third;
        QVERIFY(connectAndGreet(first, bed.port()));
        QVERIFY(connectAndGreet(second, bed.port()));
        QVERIFY(third.connectTo(bed.port()));
        const QByteArrayList busy = readReply(third);
        QVERIFY2(busy.size() == 1 && busy.first().startsWith("421 4.3.2"), busy.join('|').constData());
        QVERIFY(third.waitForClose());
    }

    void popBeforeSmtpLogsInFirstAndWaits()
    {
        FakeSmtpServer::Behaviour smtpBehaviour = implicitTls();
        smtpBehaviour.ehloInTls = {"250-fake.example", "250-PIPELINING", "250 8BITMIME"}; // no AUTH at all
        FakeSmtpServer smtp(smtpBehaviour);
        FakePop3Server pop{FakePop3Server::Behaviour()};
        MemoryCredentialStore store;
        EngineTestbed bed;
        bed.engine().setPasswordSource(&store);
        smtp.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        Config config = EngineTestbed::baseConfig();
        const quint16 popServerPort = pop.listenLocal(); // before freePort(), as in startBed()
        const quint16 smtpServerPort = smtp.listenLocal();
        ListenerConfig popListener;
        popListener.name = QStringLiteral("pop");
        popListener.port = EngineTestbed::freePort();
        popListener.upstream = EngineTestbed::upstream(popServerPort, Security::Plain);
        popListener.user = QStringLiteral("alice");
        popListener.storedPassword = true;
        ListenerConfig smtpListener;
        smtpListener.name = QStringLiteral("smtp");
        smtpListener.protocol = Protocol::Smtp;
        smtpListener.port = EngineTestbed::freePort();
        smtpListener.upstream = EngineTestbed::upstream(smtpServerPort, Security::Tls, m_pki->caCertFile());
        smtpListener.upstream->protocol = Protocol::Smtp;
        smtpListener.popBeforeSmtp = PopBeforeSmtpConfig{QStringLiteral("pop"), 60, 1};
        config.listeners = {smtpListener, popListener};
        QVERIFY(bed.startConfig(config));
        const quint16 smtpPort = smtpListener.port;

        // No stored password yet: "receive mail first", temporary, and nothing reaches the SMTP server.
        {
            TestClient client;
            QVERIFY(connectAndGreet(client, smtpPort));
            QCOMPARE(send(client, "HELO scanner"), QByteArray("250"));
            client.send("MAIL FROM:<alice@example.org>\r\n");
            const QByteArrayList refused = readReply(client);
            QVERIFY2(code(refused) == "451" && refused.last().contains("4.7.1") &&
                         refused.last().contains("receive mail first"),
                     refused.join('|').constData());
            QVERIFY(!smtp.receivedCommand("MAIL"));
            // The listener's status (the tray's notification, the main window) says the same.
            QCOMPARE(send(client, "QUIT"), QByteArray("221"));
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return bed.engine()
                        .status(QStringLiteral("smtp"))
                        .lastResult.english()
                        .contains(QStringLiteral("receive mail first"));
                },
                5000));
            QVERIFY(!bed.engine().status(QStringLiteral("smtp")).lastOk);
        }

        store.entries.insert(
            CredentialKey{QStringLiteral("localhost"), pop.serverPort(), QStringLiteral("alice")}.toString(),
            "pop-secret");
        TestClient client;
        QVERIFY(connectAndGreet(client, smtpPort));
        QCOMPARE(send(client, "HELO scanner"), QByteArray("250"));
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(send(client, "MAIL FROM:<alice@example.org>"), QByteArray("250"));
        QVERIFY2(clock.elapsed() >= 900, QByteArray::number(clock.elapsed()).constData()); // delaySeconds: 1
        QVERIFY(pop.received().contains("USER alice"));
        QVERIFY(pop.received().contains("PASS pop-secret"));
        QVERIFY(QTest::qWaitFor([&] { return pop.receivedCommand("QUIT"); }, 3000));
        QVERIFY(!pop.receivedCommand("RETR") && !pop.receivedCommand("DELE") && !pop.receivedCommand("LIST"));
        QVERIFY(!smtp.receivedCommand("AUTH")); // relayed without AUTH, as the server treats this computer
        QCOMPARE(send(client, "RCPT TO:<bob@example.org>"), QByteArray("250"));
        QCOMPARE(send(client, "DATA"), QByteArray("354"));
        client.send("Subject: x\r\n\r\nbody\r\n.\r\n");
        QCOMPARE(code(readReply(client)), QByteArray("250"));
        QCOMPARE(pop.connections(), 1);

        // Within the window, and past the delay: no new POP3 login. A client that logs in (Outlook with "my outgoing
        // server requires authentication") is accepted by MailShim, since this server offers no AUTH at all.
        TestClient again;
        QVERIFY(connectAndGreet(again, smtpPort));
        QCOMPARE(send(again, "EHLO outlook"), QByteArray("250"));
        QCOMPARE(send(again, "AUTH PLAIN " + QByteArray("\0alice\0dummy", 12).toBase64()), QByteArray("235"));
        QCOMPARE(send(again, "MAIL FROM:<alice@example.org>"), QByteArray("250"));
        QCOMPARE(send(again, "RCPT TO:<bob@example.org>"), QByteArray("250"));
        QCOMPARE(send(again, "DATA"), QByteArray("354"));
        again.send("Subject: y\r\n\r\nbody\r\n.\r\n");
        QCOMPARE(code(readReply(again)), QByteArray("250"));
        QCOMPARE(smtp.messages().size(), 2);
        QVERIFY(!smtp.receivedCommand("AUTH"));
        QCOMPARE(pop.connections(), 1);
    }
};

QTEST_MAIN(TestSmtpSession)
#include "tst_smtpsession.moc"
