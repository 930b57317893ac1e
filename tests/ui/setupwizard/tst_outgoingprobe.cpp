// The outgoing probe behind the setup wizard (ServerProbe with SMTP, SmtpPortProbe) against scripted SMTP servers, for
// what a real Postfix will not do on demand: bytes injected after the 220 to STARTTLS, no STARTTLS, a 421 greeting, a
// self-signed certificate (shown, pinnable, and no AUTH sent over it), a server without AUTH (POP before SMTP is
// suggested and no login tried), and a LOGIN-only server whose real login the probe makes. Each case also checks what
// reached the server: never an AUTH unless the link was trusted.

#include "fakesmtpserver.h"
#include "setup/serverprobe.h"
#include "testpki.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestOutgoingProbe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

    // Probes server's port as the submission (STARTTLS) port, with a password so a login may be tried.
    ProbeReport probe(FakeSmtpServer &server, const QString &caFile)
    {
        ProbeRequest request;
        request.protocol = Protocol::Smtp;
        request.host = QStringLiteral("localhost");
        request.plainPort = server.listenLocal();
        request.tlsPort = 0;
        request.caFile = caFile;
        request.user = "alice";
        request.password = "secret";
        request.timeoutSeconds = 5;
        ServerProbe probe;
        QSignalSpy finished(&probe, &ServerProbe::finished);
        probe.start(request);
        if (!finished.wait(20000))
            return {};
        return finished.first().first().value<ProbeReport>();
    }

    static FakeSmtpServer::Behaviour submission() { return {}; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
    }

    void trustedStartTlsLogsInWithLogin()
    {
        FakeSmtpServer::Behaviour behaviour = submission();
        behaviour.ehloInTls = {"250-fake.example", "250-AUTH LOGIN", "250 8BITMIME"}; // Outlook.com's kind
        FakeSmtpServer server(behaviour);
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        const ProbeReport report = probe(server, m_pki->caCertFile());
        QVERIFY2(report.plain.stls && report.plain.tlsOk, qPrintable(report.plain.tlsError));
        QCOMPARE(report.plain.authMechanisms, QStringList{QStringLiteral("LOGIN")}); // learned inside TLS only
        QCOMPARE(report.recommended, std::optional<Security>(Security::Stls));
        QCOMPARE(report.loginOk, std::optional<bool>(true));
        QVERIFY(server.receivedCommand("AUTH"));
    }

    void injectionAfterStartTlsIsRefused()
    {
        FakeSmtpServer::Behaviour behaviour = submission();
        behaviour.injectAfterStartTls = "250-fake.example\r\n250 AUTH PLAIN\r\n";
        FakeSmtpServer server(behaviour);
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        const ProbeReport report = probe(server, m_pki->caCertFile());
        QVERIFY2(report.plain.tlsError.contains(QStringLiteral("injection")), qPrintable(report.plain.tlsError));
        QVERIFY(!report.recommended);
        QVERIFY(!report.loginOk);
        QVERIFY(!server.receivedCommand("AUTH"));
    }

    void noStartTlsMeansNoMode()
    {
        FakeSmtpServer::Behaviour behaviour = submission();
        behaviour.ehlo = {"250-fake.example", "250-AUTH PLAIN LOGIN", "250 8BITMIME"}; // AUTH in clear: not taken
        FakeSmtpServer server(behaviour);
        const ProbeReport report = probe(server, m_pki->caCertFile());
        QVERIFY(report.plain.greetingOk);
        QVERIFY(!report.plain.stls);
        QVERIFY(report.plain.authMechanisms.isEmpty());
        QVERIFY(!report.recommended);
        QVERIFY2(report.reason.contains(QStringLiteral("plain SMTP only")), qPrintable(report.reason));
        QVERIFY(!server.receivedCommand("AUTH"));
    }

    void errorGreetingIsReported()
    {
        FakeSmtpServer::Behaviour behaviour = submission();
        behaviour.greeting = {"421 4.3.2 try later"};
        FakeSmtpServer server(behaviour);
        const ProbeReport report = probe(server, m_pki->caCertFile());
        QVERIFY(!report.plain.greetingOk);
        QVERIFY2(report.plain.error.contains(QStringLiteral("421")), qPrintable(report.plain.error));
        QVERIFY(!server.receivedCommand("EHLO"));
    }

    void selfSignedIsShownButGetsNoPassword()
    {
        FakeSmtpServer server(submission());
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("selfsigned")));
        const ProbeReport report = probe(server, m_pki->caCertFile());
        QVERIFY(report.plain.certificate);
        QVERIFY(!report.plain.tlsOk);
        QVERIFY(report.recommendationNeedsPin);
        QCOMPARE(report.certificateFor(Security::Stls)->spkiSha256Hex,
                 TestPki::publicKeySha256Hex(m_pki->certFile(QStringLiteral("selfsigned"))));
        QVERIFY(!report.loginOk);
        QVERIFY(!server.receivedCommand("AUTH"));
    }

    void noAuthSuggestsPopBeforeSmtp()
    {
        FakeSmtpServer::Behaviour behaviour = submission();
        behaviour.ehloInTls = {"250-fake.example", "250 8BITMIME"};
        FakeSmtpServer server(behaviour);
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        const ProbeReport report = probe(server, m_pki->caCertFile());
        QCOMPARE(report.recommended, std::optional<Security>(Security::Stls));
        QVERIFY(!report.offersAuth(Security::Stls));
        QVERIFY2(report.reason.contains(QStringLiteral("POP before SMTP")), qPrintable(report.reason));
        QVERIFY(!report.loginOk);
        QVERIFY(!server.receivedCommand("AUTH"));
    }
};

QTEST_MAIN(TestOutgoingProbe)
#include "tst_outgoingprobe.moc"
