// Proves the test support against a real Dovecot, with no forwarder in between: if these pass, a failing
// integration test points at MailShim, not at the fixture or at the clients' wrappers.
#include "dovecotfixture.h"
#include "popclients.h"
#include "testpki.h"
#include "testprocess.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Mode = PopClients::Mode;

// Empty if equal, else which message differs and where, with a little context on both sides.
QString firstDifference(const QList<QByteArray> &expected, const QList<QByteArray> &actual)
{
    if (expected.size() != actual.size()) {
        return QStringLiteral("expected %1 messages, got %2").arg(expected.size()).arg(actual.size());
    }
    for (int i = 0; i < expected.size(); ++i) {
        const QByteArray &want = expected.at(i);
        const QByteArray &got = actual.at(i);
        if (want == got) {
            continue;
        }
        qsizetype at = 0;
        while (at < want.size() && at < got.size() && want.at(at) == got.at(at)) {
            ++at;
        }
        return QStringLiteral("message %1 differs at byte %2 (sizes %3 / %4): expected \"%5\", got \"%6\"")
            .arg(i + 1)
            .arg(at)
            .arg(want.size())
            .arg(got.size())
            .arg(QString::fromLatin1(want.mid(qMax<qsizetype>(0, at - 20), 40).toPercentEncoding(" :<>@")),
                 QString::fromLatin1(got.mid(qMax<qsizetype>(0, at - 20), 40).toPercentEncoding(" :<>@")));
    }
    return QString();
}

QByteArray opensslPin(const QString &certFile)
{
    const TestProcess::Result result = TestProcess::run(
        QStringLiteral("sh"),
        {QStringLiteral("-c"),
         QStringLiteral("openssl x509 -pubkey -noout -in \"$1\" | openssl pkey -pubin -outform DER | sha256sum"),
         QStringLiteral("sh"), certFile});
    return result.succeeded() ? result.standardOutput.left(64) : QByteArray();
}

// Dovecot's login line tells what the session really was: "method=APOP" or "method=PLAIN" (USER/PASS), and
// ", TLS, " (implicit TLS or STLS) or ", secured, " (plain TCP on loopback). Empty if it matches the mode.
QString checkLogins(const QByteArray &logSection, Mode mode)
{
    const QList<QByteArray> lines = logSection.split('\n');
    int logins = 0;
    for (const QByteArray &line : lines) {
        if (!line.contains(" Login: user=<")) {
            continue;
        }
        ++logins;
        const bool apop = line.contains("method=APOP,");
        const bool tls = line.contains(", TLS, ");
        if (apop != (mode == Mode::Apop) || tls != (mode == Mode::Pop3s || mode == Mode::Stls)) {
            return QStringLiteral("unexpected kind of session: ") + QString::fromLatin1(line);
        }
    }
    return logins > 0 ? QString() : QStringLiteral("no login in the log: ") + QString::fromLatin1(logSection);
}

TestProcess::Result opensslVerify(const QString &caFile, const QString &certFile)
{
    return TestProcess::run(QStringLiteral("openssl"),
                            {QStringLiteral("verify"), QStringLiteral("-CAfile"), caFile, certFile});
}

} // namespace

class TestDovecotFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void messagesAreWhatTheirNamesSay();
    void bannerCarriesApopTimestamp();
    void capaListsStls();
    void qtVerifiesTheServerCertificate();
    void curlRetrievesEveryMessage_data();
    void curlRetrievesEveryMessage();
    void curlRejectsAnUntrustedServer();
    void poplibRetrievesEveryMessage_data();
    void poplibRetrievesEveryMessage();
    void poplibReportsServerErrors();
    void fetchmailRetrievesEveryMessage_data();
    void fetchmailRetrievesEveryMessage();
    void secondUserHasAnEmptyMailbox();
    void deleWithoutQuitKeepsTheMessage();
    void deleWithQuitExpungesAndResetRestores();

    void pkiCertificatesVerifyAsIntended();
    void pinMatchesOpensslCommandLine();

private:
    DovecotFixture m_dovecot;
    QElapsedTimer m_clock;
};

void TestDovecotFixture::initTestCase()
{
    m_clock.start();
    QString error;
    QVERIFY2(m_dovecot.start(&error), qPrintable(error));
    qInfo("Dovecot ready in %lld ms on POP3 %u / POP3S %u", m_clock.elapsed(), m_dovecot.pop3Port(),
          m_dovecot.pop3sPort());
    QCOMPARE(m_dovecot.messageCount(), 5);
}

void TestDovecotFixture::cleanupTestCase()
{
    QElapsedTimer stopClock;
    stopClock.start();
    m_dovecot.stop();
    qInfo("Dovecot stopped in %lld ms; whole test %lld ms", stopClock.elapsed(), m_clock.elapsed());
}

void TestDovecotFixture::messagesAreWhatTheirNamesSay()
{
    const QList<QByteArray> &messages = m_dovecot.messages();
    for (const QByteArray &message : messages) {
        QVERIFY(message.endsWith("\r\n"));
        QCOMPARE(message.count('\n'), message.count("\r\n")); // no bare LF
    }
    QVERIFY(messages.at(TestMailbox::TinyMessage - 1).size() < 1024);
    const qsizetype textSize = messages.at(TestMailbox::TextMessage - 1).size();
    QVERIFY2(textSize >= 4096 && textSize < 5120, qPrintable(QString::number(textSize)));
    const QByteArray &dots = messages.at(TestMailbox::DotStuffedMessage - 1);
    QVERIFY(dots.contains("\r\n.\r\n") && dots.contains("\r\n..two") && dots.contains("\r\n.leading"));
    const QByteArray &eightBit = messages.at(TestMailbox::EightBitMessage - 1);
    for (int byte = 0x80; byte <= 0xff; ++byte) {
        QVERIFY2(eightBit.contains(char(byte)), qPrintable(QString::number(byte, 16)));
    }
    QVERIFY(messages.at(TestMailbox::LargeMessage - 1).size() >= 20 * 1024 * 1024);
}

void TestDovecotFixture::bannerCarriesApopTimestamp()
{
    QTcpSocket socket;
    socket.connectToHost(m_dovecot.host(), m_dovecot.pop3Port());
    QVERIFY2(socket.waitForConnected(5000), qPrintable(socket.errorString()));
    while (!socket.canReadLine()) {
        QVERIFY2(socket.waitForReadyRead(5000), "no greeting within 5 s");
    }
    const QString banner = QString::fromLatin1(socket.readLine().trimmed());
    // RFC 1939: the timestamp is a msg-id, "<" something "@" something ">", at the end of the greeting.
    static const QRegularExpression apopTimestamp(QStringLiteral("^\\+OK .*<[^<>@\\s]+@[^<>@\\s]+>$"));
    QVERIFY2(apopTimestamp.match(banner).hasMatch(), qPrintable(banner));
}

void TestDovecotFixture::capaListsStls()
{
    const PopClients::Result capa = PopClients::poplib(m_dovecot.endpoint(Mode::Plain), {QStringLiteral("capa")});
    QVERIFY2(capa.ok, qPrintable(capa.describe()));
    const QList<QByteArray> lines = capa.output.split('\n');
    QVERIFY2(lines.contains("STLS"), capa.output.constData());
    QVERIFY2(lines.contains("USER"), capa.output.constData());
}

void TestDovecotFixture::qtVerifiesTheServerCertificate()
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(m_dovecot.caFile()));
    QSslSocket socket;
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(m_dovecot.host(), m_dovecot.pop3sPort(), m_dovecot.tlsHostName());
    QVERIFY2(socket.waitForEncrypted(5000), qPrintable(socket.errorString()));
    while (!socket.canReadLine()) {
        QVERIFY2(socket.waitForReadyRead(5000), "no greeting over TLS within 5 s");
    }
    QVERIFY(socket.readLine().startsWith("+OK"));
    const QByteArray pin =
        QCryptographicHash::hash(socket.peerCertificate().publicKey().toDer(), QCryptographicHash::Sha256).toHex();
    QCOMPARE(pin, TestPki::publicKeySha256Hex(m_dovecot.pki()->certFile(QStringLiteral("server"))));
}

void TestDovecotFixture::curlRetrievesEveryMessage_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("plain") << Mode::Plain;
    QTest::newRow("pop3s") << Mode::Pop3s;
    QTest::newRow("stls") << Mode::Stls;
    QTest::newRow("apop") << Mode::Apop;
}

void TestDovecotFixture::curlRetrievesEveryMessage()
{
    QFETCH(Mode, mode);
    const PopClients::Endpoint endpoint = m_dovecot.endpoint(mode);
    const qsizetype logMark = m_dovecot.log().size();

    const PopClients::Result list = PopClients::curlList(endpoint);
    QVERIFY2(list.ok, qPrintable(list.describe()));
    QCOMPARE(list.output.count("\r\n"), m_dovecot.messageCount());

    QList<QByteArray> retrieved;
    for (int number = 1; number <= m_dovecot.messageCount(); ++number) {
        const PopClients::Result retr = PopClients::curlRetr(endpoint, number);
        QVERIFY2(retr.ok, qPrintable(retr.describe()));
        retrieved.append(retr.output);
        // The session must really have been what the mode says, not a silent fallback.
        if (mode == Mode::Stls) {
            QVERIFY2(retr.stderrText.contains("> STLS"), retr.stderrText.right(2000).constData());
        } else if (mode == Mode::Apop) {
            QVERIFY2(retr.stderrText.contains("> APOP "), retr.stderrText.right(2000).constData());
        }
    }
    const QString difference = firstDifference(m_dovecot.messages(), retrieved);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(m_dovecot.waitForSessionsToEnd());
    const QString sessions = checkLogins(m_dovecot.log().mid(logMark), mode);
    QVERIFY2(sessions.isEmpty(), qPrintable(sessions));
}

void TestDovecotFixture::curlRejectsAnUntrustedServer()
{
    QTemporaryDir dir;
    TestPki otherPki(dir.path());
    QString error;
    QVERIFY2(otherPki.createCa(&error), qPrintable(error));
    PopClients::Endpoint endpoint = m_dovecot.endpoint(Mode::Pop3s);
    endpoint.caFile = otherPki.caCertFile();
    const PopClients::Result retr = PopClients::curlRetr(endpoint, 1);
    QVERIFY2(!retr.ok, "curl accepted a certificate from a CA it was not given");
    QCOMPARE(retr.exitCode, 60); // CURLE_PEER_FAILED_VERIFICATION
}

void TestDovecotFixture::poplibRetrievesEveryMessage_data()
{
    curlRetrievesEveryMessage_data();
}

void TestDovecotFixture::poplibRetrievesEveryMessage()
{
    QFETCH(Mode, mode);
    const qsizetype logMark = m_dovecot.log().size();
    const PopClients::Result result = PopClients::poplibRetrAll(m_dovecot.endpoint(mode), m_dovecot.workDir());
    QVERIFY2(result.ok, qPrintable(result.describe()));
    const QString difference = firstDifference(m_dovecot.messages(), result.messages);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(m_dovecot.waitForSessionsToEnd());
    const QString sessions = checkLogins(m_dovecot.log().mid(logMark), mode);
    QVERIFY2(sessions.isEmpty(), qPrintable(sessions));
}

void TestDovecotFixture::poplibReportsServerErrors()
{
    PopClients::Endpoint endpoint = m_dovecot.endpoint(Mode::Plain);
    endpoint.password = QStringLiteral("wrong");
    const PopClients::Result result = PopClients::poplib(endpoint, {QStringLiteral("stat")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.stderrText.contains("-ERR"), result.stderrText.constData());
}

void TestDovecotFixture::fetchmailRetrievesEveryMessage_data()
{
    curlRetrievesEveryMessage_data();
}

void TestDovecotFixture::fetchmailRetrievesEveryMessage()
{
    QFETCH(Mode, mode);
    const qsizetype logMark = m_dovecot.log().size();
    const PopClients::Result result = PopClients::fetchmailRetrAll(m_dovecot.endpoint(mode), m_dovecot.workDir());
    QVERIFY2(result.ok, qPrintable(result.describe()));
    const QString difference = firstDifference(m_dovecot.messages(), result.messages);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(m_dovecot.waitForSessionsToEnd());
    const QString sessions = checkLogins(m_dovecot.log().mid(logMark), mode);
    QVERIFY2(sessions.isEmpty(), qPrintable(sessions));
}

void TestDovecotFixture::secondUserHasAnEmptyMailbox()
{
    PopClients::Endpoint endpoint = m_dovecot.endpoint(Mode::Apop);
    endpoint.user = DovecotFixture::emptyUser();
    endpoint.password = DovecotFixture::emptyUserPassword();
    const PopClients::Result stat = PopClients::poplib(endpoint, {QStringLiteral("stat")});
    QVERIFY2(stat.ok, qPrintable(stat.describe()));
    QCOMPARE(stat.output.trimmed(), QByteArray("0 0"));
    const PopClients::Result fetch = PopClients::fetchmailRetrAll(endpoint, m_dovecot.workDir());
    QVERIFY2(fetch.ok, qPrintable(fetch.describe()));
    QCOMPARE(fetch.exitCode, 1); // fetchmail's "no mail"
    QVERIFY(fetch.messages.isEmpty());
}

void TestDovecotFixture::deleWithoutQuitKeepsTheMessage()
{
    const QStringList before = m_dovecot.currentMessageFiles();
    QCOMPARE(before.size(), m_dovecot.messageCount());
    const qsizetype logMark = m_dovecot.log().size();

    const PopClients::Result dele = PopClients::poplib(
        m_dovecot.endpoint(Mode::Plain), {QStringLiteral("dele"), QStringLiteral("1"), QStringLiteral("--no-quit")});
    QVERIFY2(dele.ok, qPrintable(dele.describe()));

    // "del=<expunged>/<messages in the session>": nothing expunged without QUIT.
    const QByteArray expected = "Disconnected: Connection closed top=0/0, retr=0/0, del=0/5,";
    QVERIFY2(m_dovecot.waitForLog(expected, logMark), m_dovecot.log().mid(logMark).constData());
    QCOMPARE(m_dovecot.currentMessageFiles(), before);
}

void TestDovecotFixture::deleWithQuitExpungesAndResetRestores()
{
    const QStringList before = m_dovecot.currentMessageFiles();
    const qsizetype logMark = m_dovecot.log().size();

    // curl always ends with QUIT, which commits the DELE.
    const PopClients::Result dele =
        PopClients::curlCommand(m_dovecot.endpoint(Mode::Plain), QStringLiteral("DELE"), QStringLiteral("1"));
    QVERIFY2(dele.ok, qPrintable(dele.describe()));
    QVERIFY2(m_dovecot.waitForLog("Disconnected: Logged out top=0/0, retr=0/0, del=1/5,", logMark),
             m_dovecot.log().mid(logMark).constData());
    QStringList expected = before;
    expected.removeAll(QStringLiteral("cur/") + TestMailbox::fileName(TestMailbox::TinyMessage));
    QCOMPARE(m_dovecot.currentMessageFiles(), expected);

    const PopClients::Result shorter = PopClients::curlList(m_dovecot.endpoint(Mode::Plain));
    QVERIFY2(shorter.ok, qPrintable(shorter.describe()));
    QCOMPARE(shorter.output.count("\r\n"), m_dovecot.messageCount() - 1);

    QString error;
    QVERIFY2(m_dovecot.resetMailbox(&error), qPrintable(error));
    QCOMPARE(m_dovecot.currentMessageFiles(), before);
    // Numbering starts again from the tiny message, not from where the old uidlist left off.
    const PopClients::Result first = PopClients::curlRetr(m_dovecot.endpoint(Mode::Plain), 1);
    QVERIFY2(first.ok, qPrintable(first.describe()));
    QCOMPARE(first.output, m_dovecot.messages().constFirst());
    const PopClients::Result list = PopClients::curlList(m_dovecot.endpoint(Mode::Plain));
    QCOMPARE(list.output.count("\r\n"), m_dovecot.messageCount());
}

void TestDovecotFixture::pkiCertificatesVerifyAsIntended()
{
    QTemporaryDir dir;
    TestPki pki(dir.path());
    QString error;
    QVERIFY2(pki.createCa(&error), qPrintable(error));
    const QStringList dns = {QStringLiteral("localhost"), QStringLiteral("mail.example.test")};
    const QStringList ips = {QStringLiteral("127.0.0.1")};
    QVERIFY2(pki.issue(QStringLiteral("valid"), dns, ips, TestPki::Validity::Valid, &error), qPrintable(error));
    QVERIFY2(pki.issue(QStringLiteral("expired"), dns, ips, TestPki::Validity::Expired, &error), qPrintable(error));
    QVERIFY2(pki.issue(QStringLiteral("future"), dns, {}, TestPki::Validity::NotYetValid, &error), qPrintable(error));
    QVERIFY2(pki.selfSigned(QStringLiteral("foreign"), dns, &error), qPrintable(error));

    const TestProcess::Result valid = opensslVerify(pki.caCertFile(), pki.certFile(QStringLiteral("valid")));
    QVERIFY2(valid.succeeded(), qPrintable(valid.describe()));

    const TestProcess::Result expired = opensslVerify(pki.caCertFile(), pki.certFile(QStringLiteral("expired")));
    QVERIFY2(!expired.succeeded(), "openssl verify accepted the expired certificate");
    QVERIFY2(expired.standardError.contains("certificate has expired"), qPrintable(expired.describe()));

    const TestProcess::Result future = opensslVerify(pki.caCertFile(), pki.certFile(QStringLiteral("future")));
    QVERIFY2(!future.succeeded(), "openssl verify accepted the not-yet-valid certificate");
    QVERIFY2(future.standardError.contains("certificate is not yet valid"), qPrintable(future.describe()));

    const TestProcess::Result foreign = opensslVerify(pki.caCertFile(), pki.certFile(QStringLiteral("foreign")));
    QVERIFY2(!foreign.succeeded(), "openssl verify accepted a self-signed certificate under our CA");

    // Qt reads the same files and sees the SANs and dates the tests will rely on.
    const QSslCertificate expiredCert = QSslCertificate::fromPath(pki.certFile(QStringLiteral("expired"))).value(0);
    QVERIFY(expiredCert.expiryDate() < QDateTime::currentDateTimeUtc());
    const auto san = expiredCert.subjectAlternativeNames();
    QCOMPARE(san.values(QSsl::DnsEntry),
             (QList<QString>{QStringLiteral("mail.example.test"), QStringLiteral("localhost")}));
    QCOMPARE(san.values(QSsl::IpAddressEntry), ips);
    const QSslCertificate validCert = QSslCertificate::fromPath(pki.certFile(QStringLiteral("valid"))).value(0);
    QVERIFY(validCert.effectiveDate() < QDateTime::currentDateTimeUtc());
    QVERIFY(validCert.expiryDate() > QDateTime::currentDateTimeUtc());
    QCOMPARE(validCert.issuerDisplayName(), QSslCertificate::fromPath(pki.caCertFile()).value(0).subjectDisplayName());
}

void TestDovecotFixture::pinMatchesOpensslCommandLine()
{
    const QStringList certs = {m_dovecot.caFile(), m_dovecot.pki()->certFile(QStringLiteral("server"))};
    for (const QString &cert : certs) {
        const QByteArray ours = TestPki::publicKeySha256Hex(cert);
        QCOMPARE(ours.size(), 64);
        QCOMPARE(ours, opensslPin(cert));
    }
    QVERIFY(TestPki::publicKeySha256Hex(certs.at(0)) != TestPki::publicKeySha256Hex(certs.at(1)));
}

QTEST_GUILESS_MAIN(TestDovecotFixture)
#include "tst_dovecotfixture.moc"
