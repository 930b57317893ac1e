// ServerProbe against a real Dovecot (STLS, APOP, POP3S, a certificate from a test CA) and against scripted
// fake servers for what Dovecot will not do on demand: no APOP timestamp, no STLS, silence, garbage, a
// closed port. Whatever the probe finds, no credential may reach a server over an unprotected or unpinned link.

#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "fakepop3server.h"
#include "setup/serverprobe.h"
#include "testpki.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

namespace {

bool noCredentialsReached(const FakePop3Server &server)
{
    return !server.receivedCommand("USER") && !server.receivedCommand("PASS") && !server.receivedCommand("APOP");
}

// Runs one probe to its end; false if finished() did not come exactly once within timeoutMs.
bool runProbe(const ProbeRequest &request, ProbeReport *report, int timeoutMs = 30000)
{
    ServerProbe probe;
    QSignalSpy finished(&probe, &ServerProbe::finished);
    probe.start(request);
    if (!finished.wait(timeoutMs))
        return false;
    QTest::qWait(50); // a second finished() would show up here
    if (finished.size() != 1)
        return false;
    *report = finished.at(0).at(0).value<ProbeReport>();
    return true;
}

} // namespace

class TestServerProbe : public QObject
{
    Q_OBJECT

private:
    DovecotFixture m_dovecot;
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

    ProbeRequest dovecotRequest(bool withCa) const
    {
        ProbeRequest request;
        request.host = m_dovecot.tlsHostName(); // "localhost": the name in the certificate
        request.plainPort = m_dovecot.pop3Port();
        request.tlsPort = m_dovecot.pop3sPort();
        if (withCa)
            request.caFile = m_dovecot.caFile();
        return request;
    }
    QByteArray dovecotKey() const
    {
        return TestPki::publicKeySha256Hex(m_dovecot.pki()->certFile(QStringLiteral("server")));
    }

    // A request for a fake plain server, with the TLS port closed unless given.
    static ProbeRequest fakeRequest(quint16 plainPort, quint16 tlsPort = 0)
    {
        ProbeRequest request;
        request.host = QStringLiteral("localhost");
        request.plainPort = plainPort;
        request.tlsPort = tlsPort ? tlsPort : EngineTestbed::freePort();
        request.timeoutSeconds = 2;
        return request;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
    }

    // --- Dovecot ---------------------------------------------------------------------------------------

    void dovecotTrustedWithCaFile()
    {
        ProbeReport r;
        QVERIFY(runProbe(dovecotRequest(true), &r));
        QCOMPARE(r.host, QStringLiteral("localhost"));
        QVERIFY(r.plain.reachable);
        QVERIFY2(r.plain.greetingOk, qPrintable(r.plain.banner));
        QVERIFY(r.plain.banner.startsWith(QStringLiteral("+OK Dovecot")));
        QVERIFY(r.plain.apopTimestamp);
        QVERIFY(r.plain.stls);
        QVERIFY(r.plain.capabilities.contains(QStringLiteral("STLS")));
        QVERIFY2(r.plain.tlsOk, qPrintable(r.plain.tlsError));
        QVERIFY(r.plain.certificate && r.plain.certificate->trusted && r.plain.certificate->hostnameMatches);
        QVERIFY2(r.implicitTls.tlsOk, qPrintable(r.implicitTls.tlsError));
        QVERIFY(r.implicitTls.greetingOk);
        QVERIFY(r.implicitTls.apopTimestamp);
        QVERIFY(r.implicitTls.capabilities.contains(QStringLiteral("USER")));
        QVERIFY(!r.implicitTls.capabilities.contains(QStringLiteral("STLS"))); // no STLS inside TLS
        QVERIFY(r.implicitTls.certificate && r.implicitTls.certificate->trusted);
        QCOMPARE(r.implicitTls.certificate->spkiSha256Hex, dovecotKey());
        QCOMPARE(r.recommended, std::optional<Security>(Security::Tls));
        QVERIFY(!r.recommendationNeedsPin);
        const QList<Security> all{Security::Tls, Security::Stls, Security::ApopTls, Security::Apop};
        QCOMPARE(r.workingModes, all);
        QVERIFY(!r.loginOk); // no user given: no login tried
    }

    void onlyThePortAskedForIsChecked()
    {
        // The Test button of a TLS listener checks its own port and nothing else: a plain port it never uses must
        // not make a working listener look broken.
        ProbeRequest request = dovecotRequest(true);
        request.plainPort = 0;
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        QCOMPARE(r.plainPort, quint16(0));
        QVERIFY(!r.plain.reachable);
        QVERIFY(r.plain.banner.isEmpty());
        QVERIFY(r.plain.error.isEmpty()); // not checked is not a failure
        QVERIFY2(r.implicitTls.tlsOk, qPrintable(r.implicitTls.tlsError));
        QCOMPARE(r.recommended, std::optional<Security>(Security::Tls));
        QCOMPARE(r.workingModes, (QList<Security>{Security::Tls, Security::ApopTls}));
    }

    void dovecotUntrustedWithoutCaFile()
    {
        ProbeRequest request = dovecotRequest(false);
        request.user = DovecotFixture::user().toUtf8();
        request.password = DovecotFixture::password().toUtf8();
        const qsizetype logStart = m_dovecot.log().size();
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        for (const PortReport *port : {&r.plain, &r.implicitTls}) {
            QVERIFY(!port->tlsOk);
            QVERIFY2(port->tlsError.contains(QStringLiteral("not trusted")), qPrintable(port->tlsError));
            QVERIFY(port->certificate);
            const CertificateInfo &c = *port->certificate;
            QVERIFY(!c.trusted);
            QVERIFY(!c.selfSigned); // signed by the test CA, which the system does not know
            QVERIFY(c.hostnameMatches);
            QVERIFY(c.pinnable);
            QVERIFY(!c.problems.isEmpty());
            QCOMPARE(c.spkiSha256Hex, dovecotKey());
            QVERIFY(c.describe().contains(QString::fromLatin1(dovecotKey())));
        }
        QVERIFY(r.implicitTls.greetingOk); // read for display over the inspected connection
        QCOMPARE(r.recommended, std::optional<Security>(Security::Tls));
        QVERIFY(r.recommendationNeedsPin);
        QVERIFY2(r.reason.contains(QString::fromLatin1(dovecotKey())), qPrintable(r.reason));
        QVERIFY2(r.reason.contains(QStringLiteral("not tried")), qPrintable(r.reason));
        QCOMPARE(r.workingModes, QList<Security>{Security::Apop});
        QVERIFY(!r.loginOk);
        QVERIFY(m_dovecot.waitForSessionsToEnd());
        QVERIFY(!m_dovecot.log().mid(logStart).contains("Login: user=<alice>"));
    }

    void dovecotPinnedKeyWorksAndLogsIn()
    {
        ProbeRequest request = dovecotRequest(false);
        request.pinSha256 = dovecotKey();
        request.user = DovecotFixture::user().toUtf8();
        request.password = DovecotFixture::password().toUtf8();
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        QVERIFY2(r.implicitTls.tlsOk, qPrintable(r.implicitTls.tlsError));
        QVERIFY(r.implicitTls.certificate->pinMatches && !r.implicitTls.certificate->trusted);
        QCOMPARE(r.recommended, std::optional<Security>(Security::Tls));
        QVERIFY(!r.recommendationNeedsPin);
        QCOMPARE(r.loginOk, std::optional<bool>(true));
        QVERIFY2(r.reason.contains(QStringLiteral("the certificate you pinned")), qPrintable(r.reason));
    }

    void dovecotLogin_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("reply");
        QTest::newRow("right password") << DovecotFixture::password().toUtf8() << true << QStringLiteral("+OK");
        QTest::newRow("wrong password") << QByteArray("wrong") << false << QStringLiteral("-ERR [AUTH]");
    }
    void dovecotLogin()
    {
        QFETCH(QByteArray, password);
        QFETCH(bool, ok);
        QFETCH(QString, reply);
        ProbeRequest request = dovecotRequest(true);
        request.user = DovecotFixture::user().toUtf8();
        request.password = password;
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        QCOMPARE(r.recommended, std::optional<Security>(Security::Tls));
        QCOMPARE(r.loginOk, std::optional<bool>(ok));
        QVERIFY2(r.loginReply.startsWith(reply), qPrintable(r.loginReply));
        QVERIFY(m_dovecot.waitForSessionsToEnd());
    }

    void dovecotFetchCertificate_data()
    {
        QTest::addColumn<bool>("stls");
        QTest::addColumn<bool>("withCa");
        QTest::newRow("995, no CA file") << false << false;
        QTest::newRow("995, CA file") << false << true;
        QTest::newRow("STLS, CA file") << true << true;
    }
    void dovecotFetchCertificate()
    {
        QFETCH(bool, stls);
        QFETCH(bool, withCa);
        ServerProbe probe;
        QSignalSpy fetched(&probe, &ServerProbe::certificateFetched);
        probe.fetchCertificate(m_dovecot.tlsHostName(), stls ? m_dovecot.pop3Port() : m_dovecot.pop3sPort(),
                               stls ? Security::Stls : Security::Tls, withCa ? m_dovecot.caFile() : QString());
        QVERIFY(fetched.wait(15000));
        const auto certificate = fetched.at(0).at(0).value<std::optional<CertificateInfo>>();
        const QString error = fetched.at(0).at(1).toString();
        QVERIFY(certificate);
        QCOMPARE(certificate->spkiSha256Hex, dovecotKey());
        QCOMPARE(certificate->trusted, withCa);
        QCOMPARE(error.isEmpty(), withCa);
    }

    // --- Scripted faults ----------------------------------------------------------------------------------

    void apopTimestamps_data()
    {
        QTest::addColumn<QByteArray>("banner");
        QTest::addColumn<bool>("valid");
        QTest::newRow("valid") << QByteArray("+OK ready <1896.697170952@dbc.mtview.ca.us>") << true;
        QTest::newRow("missing") << QByteArray("+OK ready") << false;
        QTest::newRow("empty <>") << QByteArray("+OK ready <>") << false;
        QTest::newRow("no @") << QByteArray("+OK ready <1896.697170952>") << false;
        QTest::newRow("8-bit") << QByteArray("+OK ready <18\xe9\x96@host>") << false;
    }
    void apopTimestamps()
    {
        QFETCH(QByteArray, banner);
        QFETCH(bool, valid);
        FakePop3Server::Behaviour b;
        b.banner = banner;
        b.offerStls = false;
        FakePop3Server server(b);
        ProbeRequest request = fakeRequest(server.listenLocal());
        request.user = "alice";
        request.password = "tanstaaf";
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        QVERIFY(r.plain.greetingOk);
        QCOMPARE(r.plain.apopTimestamp, valid);
        QVERIFY(!r.plain.stls);
        QVERIFY(!server.receivedCommand("STLS"));
        QCOMPARE(r.recommended.has_value(), valid); // apop, or nothing: never plain
        if (valid) {
            QCOMPARE(*r.recommended, Security::Apop);
            QCOMPARE(r.loginOk, std::optional<bool>(true)); // APOP: only the digest crossed the wire
            QVERIFY(!server.receivedCommand("PASS"));
        } else {
            QVERIFY(!r.loginOk);
            QVERIFY(noCredentialsReached(server));
        }
    }

    void tlsPortClosed()
    {
        FakePop3Server server(FakePop3Server::Behaviour{});
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        ProbeRequest request = fakeRequest(server.listenLocal());
        request.caFile = m_pki->caCertFile();
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        QVERIFY(!r.implicitTls.reachable);
        QVERIFY2(r.implicitTls.error.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                 qPrintable(r.implicitTls.error));
        QVERIFY(r.plain.stls && r.plain.tlsOk);
        QCOMPARE(r.recommended, std::optional<Security>(Security::Stls));
    }

    void untrustedStlsNeverGetsThePassword()
    {
        FakePop3Server server(FakePop3Server::Behaviour{});
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("selfsigned")));
        ProbeRequest request = fakeRequest(server.listenLocal());
        request.caFile = m_pki->caCertFile();
        request.user = "alice";
        request.password = "secret";
        ProbeReport r;
        QVERIFY(runProbe(request, &r));
        QVERIFY(r.plain.certificate && r.plain.certificate->selfSigned && r.plain.certificate->pinnable);
        QCOMPARE(r.recommended, std::optional<Security>(Security::Stls));
        QVERIFY(r.recommendationNeedsPin);
        QVERIFY(!r.loginOk);
        QVERIFY(noCredentialsReached(server));
    }

    void stlsFaults_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QByteArray>("inject");
        QTest::addColumn<bool>("hang");
        QTest::addColumn<QString>("tlsError");
        QTest::newRow("refused") << QByteArray("-ERR not now") << QByteArray() << false << QStringLiteral("refused");
        QTest::newRow("injection after +OK")
            << QByteArray("+OK go") << QByteArray("+OK injected\r\n") << false << QStringLiteral("injection");
        QTest::newRow("hang after +OK") << QByteArray("+OK go") << QByteArray() << true
                                        << QStringLiteral("no TLS handshake within 1 s");
    }
    void stlsFaults()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QByteArray, inject);
        QFETCH(bool, hang);
        QFETCH(QString, tlsError);
        FakePop3Server::Behaviour b;
        b.stlsReply = reply;
        b.injectAfterStls = inject;
        b.hangAfterStls = hang;
        FakePop3Server server(b);
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        ProbeRequest request = fakeRequest(server.listenLocal());
        request.caFile = m_pki->caCertFile();
        request.timeoutSeconds = 1;
        request.user = "alice";
        request.password = "secret";
        ProbeReport r;
        QVERIFY(runProbe(request, &r, 10000));
        QVERIFY(!r.plain.tlsOk);
        QVERIFY2(r.plain.tlsError.contains(tlsError), qPrintable(r.plain.tlsError));
        QVERIFY(!r.workingModes.contains(Security::Stls) && !r.pinnableModes.contains(Security::Stls));
        QCOMPARE(r.recommended, std::optional<Security>(Security::Apop)); // the fake's banner has a timestamp
        QCOMPARE(r.loginOk, std::optional<bool>(true));
        QVERIFY(!server.receivedCommand("USER") && !server.receivedCommand("PASS"));
    }

    void progressIsReportedUpToTheEnd()
    {
        FakePop3Server server(FakePop3Server::Behaviour{});
        ServerProbe probe;
        QSignalSpy progress(&probe, &ServerProbe::progress);
        QSignalSpy finished(&probe, &ServerProbe::finished);
        probe.start(fakeRequest(server.listenLocal()));
        QVERIFY(finished.wait(10000));
        QVERIFY(progress.size() >= 3);
        int last = 0;
        for (const QList<QVariant> &step : progress) {
            QVERIFY(step.at(1).toInt() >= last);
            last = step.at(1).toInt();
        }
        QCOMPARE(last, 100);
    }

    void badGreetings_data()
    {
        QTest::addColumn<QByteArray>("banner");
        QTest::addColumn<QString>("error");
        QTest::newRow("silent") << QByteArray() << QStringLiteral("no answer within 1 s (waiting for the greeting)");
        QTest::newRow("garbage") << QByteArray("* HELLO \x1b[31mred") << QStringLiteral("did not greet with +OK");
        QTest::newRow("overlong") << QByteArray("+OK " + QByteArray(600, 'x')) << QStringLiteral("over 512 bytes");
    }
    void badGreetings()
    {
        QFETCH(QByteArray, banner);
        QFETCH(QString, error);
        FakePop3Server::Behaviour b;
        b.banner = banner;
        FakePop3Server plain(b);
        b.implicitTls = true;
        FakePop3Server tls(b);
        tls.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        ProbeRequest request = fakeRequest(plain.listenLocal(), tls.listenLocal());
        request.caFile = m_pki->caCertFile();
        request.timeoutSeconds = 1;
        request.user = "alice";
        request.password = "secret";
        QElapsedTimer timer;
        timer.start();
        ProbeReport r;
        QVERIFY(runProbe(request, &r, 10000));
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
        for (const PortReport *port : {&r.plain, &r.implicitTls}) {
            QVERIFY(port->reachable);
            QVERIFY(!port->greetingOk);
            QVERIFY2(port->error.contains(error), qPrintable(port->error));
            QVERIFY(!port->banner.contains(QChar(0x1b)));
        }
        QVERIFY(r.implicitTls.tlsOk); // the handshake itself was fine
        QVERIFY(!r.recommended);
        QVERIFY(noCredentialsReached(plain) && noCredentialsReached(tls));
    }

    void cancelMidProbe()
    {
        FakePop3Server::Behaviour b;
        b.banner.clear(); // silent: the probe waits for the greeting
        FakePop3Server server(b);
        auto probe = std::make_unique<ServerProbe>();
        QSignalSpy finished(probe.get(), &ServerProbe::finished);
        QSignalSpy progress(probe.get(), &ServerProbe::progress);
        ProbeRequest request = fakeRequest(server.listenLocal());
        request.timeoutSeconds = 1;
        probe->start(request);
        QVERIFY(probe->isRunning());
        QTRY_VERIFY(server.connections() == 1);
        probe->cancel();
        QVERIFY(!probe->isRunning());
        const qsizetype progressAtCancel = progress.size();
        QTest::qWait(1500); // past the step timeout
        QCOMPARE(finished.size(), 0);
        QCOMPARE(progress.size(), progressAtCancel);
        probe->start(request); // usable again after a cancel, and destroyable mid-probe
        probe.reset();
        QTest::qWait(100);
    }

    void fetchCertificate_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<bool>("trusted");
        QTest::addColumn<bool>("hostnameMatches");
        QTest::addColumn<bool>("selfSigned");
        QTest::addColumn<bool>("expired");
        QTest::newRow("good") << QStringLiteral("good") << true << true << false << false;
        QTest::newRow("wrong host") << QStringLiteral("wronghost") << false << false << false << false;
        QTest::newRow("expired") << QStringLiteral("expired") << false << true << false << true;
        QTest::newRow("self-signed") << QStringLiteral("selfsigned") << false << true << true << false;
    }
    void fetchCertificate()
    {
        QFETCH(QString, cert);
        QFETCH(bool, trusted);
        QFETCH(bool, hostnameMatches);
        QFETCH(bool, selfSigned);
        QFETCH(bool, expired);
        FakePop3Server::Behaviour b;
        b.implicitTls = true;
        FakePop3Server server(b);
        server.setTlsConfiguration(m_pki->serverConfiguration(cert));
        ServerProbe probe;
        QSignalSpy fetched(&probe, &ServerProbe::certificateFetched);
        probe.fetchCertificate(QStringLiteral("localhost"), server.listenLocal(), Security::Tls, m_pki->caCertFile());
        QVERIFY(fetched.wait(10000));
        const auto c = fetched.at(0).at(0).value<std::optional<CertificateInfo>>();
        QVERIFY(c);
        QCOMPARE(c->trusted, trusted);
        QCOMPARE(c->hostnameMatches, hostnameMatches);
        QCOMPARE(c->selfSigned, selfSigned);
        QCOMPARE(c->expired, expired);
        QCOMPARE(c->pinnable, true);
        QCOMPARE(c->spkiSha256Hex, TestPki::publicKeySha256Hex(m_pki->certFile(cert)));
        QCOMPARE(fetched.at(0).at(1).toString().isEmpty(), trusted);
        QVERIFY(noCredentialsReached(server));
    }

    void fetchCertificateFromClosedPort()
    {
        ServerProbe probe;
        QSignalSpy fetched(&probe, &ServerProbe::certificateFetched);
        probe.fetchCertificate(QStringLiteral("localhost"), EngineTestbed::freePort(), Security::Tls, QString(), 2);
        QVERIFY(fetched.wait(10000));
        QVERIFY(!fetched.at(0).at(0).value<std::optional<CertificateInfo>>());
        QVERIFY(!fetched.at(0).at(1).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestServerProbe)
#include "tst_serverprobe.moc"
