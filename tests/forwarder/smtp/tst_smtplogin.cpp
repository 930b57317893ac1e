// SmtpLogin against a scripted SMTP server: STARTTLS and implicit TLS, AUTH PLAIN and LOGIN, and every fault that
// must stop it before a credential leaves: STARTTLS missing, refused or followed by injected bytes, an untrusted
// certificate; a refused login and a 421 greeting come back typed, with the server's reply.

#include "fakesmtpserver.h"
#include "net/servererror.h"
#include "net/upstreamsocket.h"
#include "smtp/smtplogin.h"
#include "testpki.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestSmtpLogin : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

    struct Outcome
    {
        bool ready = false;
        ServerError error;
        SmtpCapabilities capabilities;
        QByteArray mechanism;
    };

    Outcome run(FakeSmtpServer &server, Security security, bool withCredentials = true,
                const QString &certificate = QStringLiteral("good"))
    {
        server.setTlsConfiguration(m_pki->serverConfiguration(certificate));
        SmtpLogin::Settings settings;
        settings.server.host = QStringLiteral("localhost");
        settings.server.port = server.listenLocal();
        settings.server.security = security;
        settings.server.tls.caFile = m_pki->caCertFile();
        if (withCredentials)
            settings.credentials = SmtpCredentials{"alice", "secret"};
        settings.timeouts.responseSeconds = 5;
        settings.retry.connectAttempts = 1;
        SmtpLogin login(settings);
        QSignalSpy ready(&login, &SmtpLogin::ready);
        QSignalSpy failed(&login, &SmtpLogin::failed);
        login.start();
        Outcome outcome;
        if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 10000))
            return outcome;
        outcome.ready = !ready.isEmpty();
        if (!failed.isEmpty())
            outcome.error = failed.first().first().value<ServerError>();
        outcome.capabilities = login.capabilities();
        outcome.mechanism = login.mechanism();
        delete login.takeSocket();
        return outcome;
    }

    static bool sentCredentials(const FakeSmtpServer &server)
    {
        return server.receivedCommand("AUTH") || server.received().contains(QByteArray("alice").toBase64()) ||
               server.received().contains(QByteArray("secret").toBase64());
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ServerError>();
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
    }

    void startTlsThenAuthPlain()
    {
        FakeSmtpServer server({});
        const Outcome outcome = run(server, Security::Stls);
        QVERIFY2(outcome.ready, qPrintable(outcome.error.message.english()));
        QCOMPARE(outcome.mechanism, QByteArray("PLAIN"));
        // Only what the server said inside TLS counts (SIZE and AUTH were offered only there).
        QCOMPARE(outcome.capabilities.sizeLimit, std::optional<qint64>(10485760));
        QVERIFY(!outcome.capabilities.has("STARTTLS"));
        const QByteArrayList &got = server.received();
        QCOMPARE(got.size(), 4);
        QVERIFY(got.at(0).startsWith("EHLO "));
        QCOMPARE(got.at(1), QByteArray("STARTTLS"));
        QVERIFY(got.at(2).startsWith("EHLO "));
        QCOMPARE(got.at(3), "AUTH PLAIN " + QByteArray("\0alice\0secret", 13).toBase64());
    }

    void implicitTlsWithLoginOnly()
    {
        FakeSmtpServer::Behaviour b;
        b.implicitTls = true;
        b.ehloInTls = {"250-fake.example", "250 AUTH LOGIN"}; // as Outlook.com: LOGIN only
        FakeSmtpServer server(b);
        const Outcome outcome = run(server, Security::Tls);
        QVERIFY2(outcome.ready, qPrintable(outcome.error.message.english()));
        QCOMPARE(outcome.mechanism, QByteArray("LOGIN"));
        QVERIFY(server.received().contains("AUTH LOGIN"));
        QVERIFY(server.received().contains(QByteArray("alice").toBase64()));
        QVERIFY(server.received().contains(QByteArray("secret").toBase64()));
        QVERIFY(!server.receivedCommand("STARTTLS"));
    }

    void multiLineGreeting()
    {
        FakeSmtpServer::Behaviour b;
        b.greeting = {"220-fake.example ESMTP", "220-no UCE", "220 ready"};
        FakeSmtpServer server(b);
        QVERIFY(run(server, Security::Stls).ready);
    }

    void noCredentialsNoAuth()
    {
        FakeSmtpServer server({});
        const Outcome outcome = run(server, Security::Stls, false);
        QVERIFY(outcome.ready);
        QVERIFY(outcome.mechanism.isEmpty());
        QVERIFY(!server.receivedCommand("AUTH"));
    }

    void faultsStopBeforeAnyCredential_data()
    {
        QTest::addColumn<QByteArrayList>("ehlo");
        QTest::addColumn<QByteArray>("startTlsReply");
        QTest::addColumn<QByteArray>("inject");
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        const QByteArrayList plainEhlo{"250-fake.example", "250 AUTH PLAIN LOGIN"};
        const QByteArrayList normal = FakeSmtpServer::Behaviour{}.ehlo;
        const QByteArray ok = FakeSmtpServer::Behaviour{}.startTlsReply;
        using K = ServerError::Kind;
        QTest::newRow("STARTTLS not offered") << plainEhlo << ok << QByteArray() << QStringLiteral("good")
                                              << int(K::Protocol) << QStringLiteral("does not offer STARTTLS");
        QTest::newRow("STARTTLS refused")
            << normal << QByteArray("454 4.7.0 TLS not available") << QByteArray() << QStringLiteral("good")
            << int(K::Protocol) << QStringLiteral("refused STARTTLS");
        QTest::newRow("injected after 220")
            << normal << ok << QByteArray("250 2.7.0 Authentication successful\r\n") << QStringLiteral("good")
            << int(K::Protocol) << QStringLiteral("response injection");
        QTest::newRow("wrong host") << normal << ok << QByteArray() << QStringLiteral("wronghost") << int(K::Tls)
                                    << QStringLiteral("not trusted");
        QTest::newRow("expired") << normal << ok << QByteArray() << QStringLiteral("expired") << int(K::Tls)
                                 << QStringLiteral("not trusted");
        QTest::newRow("self-signed") << normal << ok << QByteArray() << QStringLiteral("selfsigned") << int(K::Tls)
                                     << QStringLiteral("not trusted");
    }

    void faultsStopBeforeAnyCredential()
    {
        QFETCH(QByteArrayList, ehlo);
        QFETCH(QByteArray, startTlsReply);
        QFETCH(QByteArray, inject);
        QFETCH(QString, certificate);
        FakeSmtpServer::Behaviour b;
        b.ehlo = ehlo;
        b.startTlsReply = startTlsReply;
        b.injectAfterStartTls = inject;
        FakeSmtpServer server(b);
        const Outcome outcome = run(server, Security::Stls, true, certificate);
        QVERIFY(!outcome.ready);
        QTEST(int(outcome.error.kind), "kind");
        QFETCH(QString, says);
        QVERIFY2(outcome.error.message.english().contains(says), qPrintable(outcome.error.message.english()));
        QVERIFY2(!sentCredentials(server), server.received().join(" | ").constData());
        if (outcome.error.kind == ServerError::Kind::Tls)
            QVERIFY(!outcome.error.certificateSha256.isEmpty()); // so the UI can offer to pin it
    }

    void refusedLoginIsTypedWithTheReply()
    {
        FakeSmtpServer::Behaviour b;
        b.authReply = "535 5.7.8 Error: authentication failed";
        FakeSmtpServer server(b);
        const Outcome outcome = run(server, Security::Stls);
        QVERIFY(!outcome.ready);
        QCOMPARE(outcome.error.kind, ServerError::Kind::Auth);
        QVERIFY(outcome.error.serverReply.startsWith("535 "));
    }

    void temporaryAuthFailureIsNotARefusedPassword()
    {
        FakeSmtpServer::Behaviour b;
        b.authReply = "454 4.7.0 Temporary authentication failure";
        FakeSmtpServer server(b);
        const Outcome outcome = run(server, Security::Stls);
        QVERIFY(!outcome.ready);
        QVERIFY(outcome.error.kind != ServerError::Kind::Auth); // no failed-account mark for the server's trouble
    }

    void greeting421()
    {
        FakeSmtpServer::Behaviour b;
        b.greeting = {"421 4.3.2 Service shutting down"};
        FakeSmtpServer server(b);
        const Outcome outcome = run(server, Security::Stls);
        QVERIFY(!outcome.ready);
        QCOMPARE(outcome.error.kind, ServerError::Kind::Unreachable);
        QVERIFY(outcome.error.serverReply.startsWith("421 "));
        QVERIFY(!server.receivedCommand("EHLO"));
    }

    void httpServerIsNoSmtpServer()
    {
        FakeSmtpServer::Behaviour b;
        b.greeting = {"HTTP/1.1 400 Bad Request"};
        FakeSmtpServer server(b);
        const Outcome outcome = run(server, Security::Stls);
        QVERIFY(!outcome.ready);
        QCOMPARE(outcome.error.kind, ServerError::Kind::Protocol);
        QVERIFY(!sentCredentials(server));
    }
};

QTEST_GUILESS_MAIN(TestSmtpLogin)
#include "tst_smtplogin.moc"
