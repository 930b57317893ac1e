// Proves PostfixFixture with real clients and no MailShim in between: Python's smtplib sends, Python's poplib
// reads back from the fixture's Dovecot, and a plain socket makes the POP3 logins that open POP-before-SMTP.
#include "popclients.h"
#include "postfixfixture.h"
#include "testfiles.h"
#include "testprocess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>

namespace {

using Mode = PopClients::Mode;

// The POP-before-SMTP rule of this test: short, so the window's end is seen within seconds.
constexpr int windowSeconds = 8;
constexpr int delaySeconds = 3;

struct SmtpResult
{
    TestProcess::Result process;
    QJsonObject json;
    bool ok() const { return json.value(QStringLiteral("ok")).toBool(); }
    int code() const { return json.value(QStringLiteral("code")).toInt(); }
    QString stage() const { return json.value(QStringLiteral("stage")).toString(); }
    QString reply() const { return json.value(QStringLiteral("reply")).toString(); }
    QString describe() const
    {
        return QString::fromUtf8(process.standardOutput.trimmed()) + QStringLiteral(" | ") + process.describe();
    }
};

struct SmtpSession
{
    SmtpSession(quint16 port_, const QString &mode_) : port(port_), mode(mode_) {}

    quint16 port = 0;
    QString mode; // plain, starttls, smtps
    QString source;
    QString user;
    QString password;
    bool authBeforeStarttls = false;
    QString from;
    QStringList to;
    QString messageFile; // empty: stop after RCPT
};

// A message that a careless relay would change: dots at line starts, 8-bit UTF-8, a long line, trailing spaces.
QByteArray testMessage(const QString &tag, const QString &to)
{
    QByteArray message = "From: Alice <alice@example.org>\r\nTo: <" + to.toUtf8() + ">\r\nSubject: fixture " +
                         tag.toUtf8() + "\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\nMessage-ID: <" + tag.toUtf8() +
                         "@client.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: 8bit\r\n\r\n";
    message += "Gr\xc3\xbc\xc3\x9f"
               "e, \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.\r\n";
    message += ".\r\n..two dots\r\n. one dot and a space\r\ntrailing spaces   \r\n";
    message += QByteArray(900, 'x') + "\r\n";
    for (int i = 0; i < 200; ++i) {
        message += "line " + QByteArray::number(i) + " of the body\r\n";
    }
    message += "end\r\n";
    return message;
}

// Empty if delivered is the sent message with only trace headers (Return-Path, Delivered-To, Received) put in
// front; otherwise what is wrong.
QString checkDelivered(const QByteArray &sent, const QByteArray &delivered)
{
    if (!delivered.endsWith(sent)) {
        qsizetype at = 0;
        const QByteArray tail = delivered.right(sent.size());
        while (at < sent.size() && at < tail.size() && sent.at(at) == tail.at(at)) {
            ++at;
        }
        return QStringLiteral("the delivered message does not end with the sent one (sizes %1 / %2, first "
                              "difference of the tail at %3): %4")
            .arg(sent.size())
            .arg(delivered.size())
            .arg(at)
            .arg(QString::fromUtf8(delivered.left(1500)));
    }
    const QByteArray prefix = delivered.left(delivered.size() - sent.size());
    static const QRegularExpression traceHeader(QStringLiteral("^(Return-Path|Delivered-To|Received):"),
                                                QRegularExpression::CaseInsensitiveOption);
    for (const QByteArray &line : prefix.split('\n')) {
        if (line.isEmpty() || line.startsWith(' ') || line.startsWith('\t')) {
            continue; // the end after the last CRLF, or a continuation line
        }
        if (!traceHeader.match(QString::fromLatin1(line)).hasMatch()) {
            return QStringLiteral("unexpected header added in front: ") + QString::fromLatin1(line);
        }
    }
    return QString();
}

// A POP3 login (USER/PASS, then QUIT) from the given local address, as a mail client before it sends.
bool popLogin(const QString &source, const QString &host, quint16 port, const QString &user, const QString &password,
              QString *error)
{
    QTcpSocket socket;
    if (!socket.bind(QHostAddress(source))) {
        *error = QStringLiteral("cannot bind to %1: %2").arg(source, socket.errorString());
        return false;
    }
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(5000)) {
        *error = QStringLiteral("cannot connect: ") + socket.errorString();
        return false;
    }
    QByteArray transcript;
    const auto reply = [&socket, &transcript]() {
        while (!socket.canReadLine() && socket.waitForReadyRead(5000)) {
        }
        const QByteArray line = socket.readLine();
        transcript += line;
        return line.startsWith("+OK");
    };
    const auto command = [&socket](const QByteArray &line) {
        socket.write(line + "\r\n");
        socket.waitForBytesWritten(5000);
    };
    bool ok = reply();
    command("USER " + user.toUtf8());
    ok = ok && reply();
    command("PASS " + password.toUtf8());
    ok = ok && reply();
    command("QUIT");
    ok = ok && reply();
    if (!ok) {
        *error = QStringLiteral("POP3 login failed: ") + QString::fromUtf8(transcript);
    }
    return ok;
}

} // namespace

class TestPostfixFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void smtpsAdvertisesAuthAndSize();
    void sentMailIsReadBackByteForByte_data();
    void sentMailIsReadBackByteForByte();
    void clearMailboxEmptiesItForPop3();
    void unauthenticatedRelayIsRefused_data();
    void unauthenticatedRelayIsRefused();
    void unknownUserIsRefused();
    void wrongPasswordGets535();
    void authBeforeStarttlsIsRefused();
    void popBeforeSmtpOpensAfterDelayAndClosesAfterWindow();

private:
    SmtpResult smtp(const SmtpSession &session) const;
    PopClients::Endpoint popEndpoint(const QString &user, const QString &password) const;

    PostfixFixture m_postfix;
    QElapsedTimer m_clock;
    int m_messageNumber = 0;
};

void TestPostfixFixture::initTestCase()
{
    m_clock.start();
    m_postfix.setPopBeforeSmtp(windowSeconds, delaySeconds);
    QString error;
    QVERIFY2(m_postfix.start(&error), qPrintable(error));
    qInfo("Postfix and Dovecot ready in %lld ms on SMTPS %u / submission %u / POP-before-SMTP %u", m_clock.elapsed(),
          m_postfix.smtpsPort(), m_postfix.submissionPort(), m_postfix.popBeforeSmtpPort());
}

void TestPostfixFixture::cleanupTestCase()
{
    QElapsedTimer stopClock;
    stopClock.start();
    m_postfix.stop();
    qInfo("Postfix and Dovecot stopped in %lld ms; whole test %lld ms", stopClock.elapsed(), m_clock.elapsed());
}

SmtpResult TestPostfixFixture::smtp(const SmtpSession &session) const
{
    QStringList arguments{QStringLiteral(MAILSHIM_SMTPCLIENT_PY),
                          QStringLiteral("--host"),
                          m_postfix.host(),
                          QStringLiteral("--port"),
                          QString::number(session.port),
                          QStringLiteral("--mode"),
                          session.mode,
                          QStringLiteral("--cafile"),
                          m_postfix.caFile(),
                          QStringLiteral("--tls-name"),
                          m_postfix.tlsHostName(),
                          QStringLiteral("--from"),
                          session.from};
    if (!session.source.isEmpty()) {
        arguments << QStringLiteral("--source") << session.source;
    }
    if (!session.user.isEmpty()) {
        arguments << QStringLiteral("--user") << session.user << QStringLiteral("--password") << session.password;
    }
    if (session.authBeforeStarttls) {
        arguments << QStringLiteral("--auth-before-starttls");
    }
    for (const QString &to : session.to) {
        arguments << QStringLiteral("--to") << to;
    }
    if (!session.messageFile.isEmpty()) {
        arguments << QStringLiteral("--message") << session.messageFile;
    }
    SmtpResult result;
    result.process = TestProcess::run(QStringLiteral("python3"), arguments);
    result.json = QJsonDocument::fromJson(result.process.standardOutput.trimmed()).object();
    return result;
}

PopClients::Endpoint TestPostfixFixture::popEndpoint(const QString &user, const QString &password) const
{
    PopClients::Endpoint endpoint = m_postfix.dovecot().endpoint(Mode::Plain);
    endpoint.user = user;
    endpoint.password = password;
    return endpoint;
}

void TestPostfixFixture::smtpsAdvertisesAuthAndSize()
{
    SmtpSession session{m_postfix.smtpsPort(), QStringLiteral("smtps")};
    session.user = m_postfix.user();
    session.password = m_postfix.password();
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {PostfixFixture::address(m_postfix.secondUser())};
    const SmtpResult result = smtp(session);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    const QString ehlo = result.json.value(QStringLiteral("ehlo")).toString();
    QVERIFY2(ehlo.contains(QStringLiteral("AUTH PLAIN LOGIN")), qPrintable(ehlo));
    QVERIFY2(ehlo.contains(QStringLiteral("SIZE ") + QString::number(PostfixFixture::messageSizeLimit())),
             qPrintable(ehlo));
    QVERIFY(PostfixFixture::messageSizeLimit() >= qint64(64) * 1024 * 1024);
}

void TestPostfixFixture::sentMailIsReadBackByteForByte_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("smtps") << QStringLiteral("smtps");
    QTest::newRow("submission+starttls") << QStringLiteral("starttls");
}

void TestPostfixFixture::sentMailIsReadBackByteForByte()
{
    QFETCH(QString, mode);
    const QString recipient = PostfixFixture::address(m_postfix.secondUser());
    const QByteArray message = testMessage(QStringLiteral("%1-%2").arg(mode).arg(++m_messageNumber), recipient);
    const QString messageFile = m_postfix.dovecot().workDir() + QStringLiteral("/sent-%1.eml").arg(m_messageNumber);
    QString error;
    QVERIFY2(TestFiles::write(messageFile, message, &error), qPrintable(error));
    const int before = m_postfix.deliveredCount(m_postfix.secondUser());

    SmtpSession session{mode == QStringLiteral("smtps") ? m_postfix.smtpsPort() : m_postfix.submissionPort(), mode};
    session.user = m_postfix.user();
    session.password = m_postfix.password();
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {recipient};
    session.messageFile = messageFile;
    QElapsedTimer clock;
    clock.start();
    const SmtpResult sent = smtp(session);
    QVERIFY2(sent.ok() && sent.code() == 250, qPrintable(sent.describe()));
    QVERIFY2(m_postfix.waitForDelivery(m_postfix.secondUser(), before + 1), qPrintable(m_postfix.diagnostics()));
    qInfo("%s: sent and delivered in %lld ms", qPrintable(mode), clock.elapsed());
    // The mail log says how the session was secured.
    QVERIFY2(m_postfix.maillog().contains("sasl_method=PLAIN, sasl_username=alice"),
             qPrintable(m_postfix.diagnostics()));

    const PopClients::Result read = PopClients::poplibRetrAll(
        popEndpoint(m_postfix.secondUser(), m_postfix.secondUserPassword()), m_postfix.dovecot().workDir());
    QVERIFY2(read.ok, qPrintable(read.describe()));
    QCOMPARE(read.messages.size(), before + 1);
    const QString problem = checkDelivered(message, read.messages.last());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestPostfixFixture::clearMailboxEmptiesItForPop3()
{
    QVERIFY(m_postfix.deliveredCount(m_postfix.secondUser()) > 0); // the messages of the test before
    QString error;
    QVERIFY2(m_postfix.clearMailbox(m_postfix.secondUser(), &error), qPrintable(error));
    QCOMPARE(m_postfix.deliveredCount(m_postfix.secondUser()), 0);
    const PopClients::Result stat = PopClients::poplib(
        popEndpoint(m_postfix.secondUser(), m_postfix.secondUserPassword()), {QStringLiteral("stat")});
    QVERIFY2(stat.ok, qPrintable(stat.describe()));
    QVERIFY2(stat.output.trimmed() == "0 0", stat.output.constData());
}

void TestPostfixFixture::unauthenticatedRelayIsRefused_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("smtps") << QStringLiteral("smtps");
    QTest::newRow("submission+starttls") << QStringLiteral("starttls");
    QTest::newRow("pop-before-smtp port") << QStringLiteral("plain");
}

void TestPostfixFixture::unauthenticatedRelayIsRefused()
{
    QFETCH(QString, mode);
    // From 127.0.0.1, which is loopback and has made POP3 logins: neither may open the relay.
    QString error;
    QVERIFY2(popLogin(QStringLiteral("127.0.0.1"), m_postfix.dovecot().host(), m_postfix.dovecot().pop3Port(),
                      m_postfix.user(), m_postfix.password(), &error),
             qPrintable(error));
    const quint16 port = mode == QStringLiteral("smtps")      ? m_postfix.smtpsPort()
                         : mode == QStringLiteral("starttls") ? m_postfix.submissionPort()
                                                              : m_postfix.popBeforeSmtpPort();
    SmtpSession session{port, mode};
    session.source = QStringLiteral("127.0.0.1");
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {QStringLiteral("carol@elsewhere.test")};
    const SmtpResult result = smtp(session);
    QVERIFY2(!result.ok() && result.stage() == QStringLiteral("rcpt") && result.code() == 554 &&
                 result.reply().contains(QStringLiteral("Relay access denied")),
             qPrintable(result.describe()));
}

void TestPostfixFixture::unknownUserIsRefused()
{
    SmtpSession session{m_postfix.smtpsPort(), QStringLiteral("smtps")};
    session.user = m_postfix.user();
    session.password = m_postfix.password();
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {PostfixFixture::address(QStringLiteral("nobody-here"))};
    const SmtpResult result = smtp(session);
    QVERIFY2(!result.ok() && result.stage() == QStringLiteral("rcpt") && result.code() == 550 &&
                 result.reply().contains(QStringLiteral("User unknown")),
             qPrintable(result.describe()));
}

void TestPostfixFixture::wrongPasswordGets535()
{
    // Its own source address: Dovecot may slow down later logins from an address after a failure.
    SmtpSession session{m_postfix.submissionPort(), QStringLiteral("starttls")};
    session.source = QStringLiteral("127.0.0.41");
    session.user = m_postfix.user();
    session.password = QStringLiteral("not-") + m_postfix.password();
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {PostfixFixture::address(m_postfix.secondUser())};
    const SmtpResult result = smtp(session);
    QVERIFY2(!result.ok() && result.stage() == QStringLiteral("auth") && result.code() == 535,
             qPrintable(result.describe()));
}

void TestPostfixFixture::authBeforeStarttlsIsRefused()
{
    SmtpSession session{m_postfix.submissionPort(), QStringLiteral("plain")};
    session.user = m_postfix.user();
    session.password = m_postfix.password();
    session.authBeforeStarttls = true;
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {PostfixFixture::address(m_postfix.secondUser())};
    const SmtpResult result = smtp(session);
    QVERIFY2(!result.ok() && result.stage() == QStringLiteral("auth") && result.code() == 530 &&
                 result.reply().contains(QStringLiteral("STARTTLS")),
             qPrintable(result.describe()));
}

void TestPostfixFixture::popBeforeSmtpOpensAfterDelayAndClosesAfterWindow()
{
    // Its own loopback address: the other tests' POP3 logins from 127.0.0.1 must not count for it.
    const QString client = QStringLiteral("127.0.0.23");
    const QString outside = QStringLiteral("carol@elsewhere.test");
    SmtpSession session{m_postfix.popBeforeSmtpPort(), QStringLiteral("plain")};
    session.source = client;
    session.from = PostfixFixture::address(m_postfix.user());
    session.to = {outside};

    // Before any POP3 login from this address: refused. Mail for the server's own domain is accepted (inbound).
    SmtpResult result = smtp(session);
    QVERIFY2(!result.ok() && result.code() == 554 && result.reply().contains(QStringLiteral("Relay access denied")),
             qPrintable(result.describe() + m_postfix.diagnostics()));
    SmtpSession inbound = session;
    inbound.to = {PostfixFixture::address(m_postfix.secondUser())};
    result = smtp(inbound);
    QVERIFY2(result.ok(), qPrintable(result.describe()));

    QString error;
    QVERIFY2(popLogin(client, m_postfix.dovecot().host(), m_postfix.dovecot().pop3Port(), m_postfix.user(),
                      m_postfix.password(), &error),
             qPrintable(error));
    QElapsedTimer sinceLogin;
    sinceLogin.start();

    // Within the delay: still refused.
    result = smtp(session);
    const qint64 checkedAt = sinceLogin.elapsed();
    QVERIFY2(checkedAt < delaySeconds * 1000, "the machine is too slow to check the delay");
    QVERIFY2(!result.ok() && result.code() == 554,
             qPrintable(QStringLiteral("at %1 ms: ").arg(checkedAt) + result.describe() + m_postfix.diagnostics()));

    // After the delay: relayed, from this address only.
    QThread::msleep(qMax<qint64>(0, delaySeconds * 1000 + 300 - sinceLogin.elapsed()));
    const QByteArray message = testMessage(QStringLiteral("popbeforesmtp"), outside);
    const QString messageFile = m_postfix.dovecot().workDir() + QStringLiteral("/popbeforesmtp.eml");
    QVERIFY2(TestFiles::write(messageFile, message, &error), qPrintable(error));
    const int relayedBefore = int(m_postfix.relayedMessages().size());
    SmtpSession relay = session;
    relay.messageFile = messageFile;
    result = smtp(relay);
    QVERIFY2(result.ok() && result.code() == 250, qPrintable(QStringLiteral("at %1 ms: ").arg(sinceLogin.elapsed()) +
                                                             result.describe() + m_postfix.diagnostics()));
    SmtpSession otherClient = session;
    otherClient.source = QStringLiteral("127.0.0.24");
    result = smtp(otherClient);
    QVERIFY2(!result.ok() && result.code() == 554, qPrintable(result.describe()));
    QVERIFY2(m_postfix.waitForRelayed(relayedBefore + 1), qPrintable(m_postfix.diagnostics()));
    const PostfixFixture::RelayedMessage relayed = m_postfix.relayedMessages().last();
    QCOMPARE(relayed.recipient, outside);
    const QString problem = checkDelivered(message, relayed.content);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // After the window: refused again.
    QThread::msleep(qMax<qint64>(0, windowSeconds * 1000 + 500 - sinceLogin.elapsed()));
    result = smtp(session);
    QVERIFY2(!result.ok() && result.code() == 554, qPrintable(QStringLiteral("at %1 ms: ").arg(sinceLogin.elapsed()) +
                                                              result.describe() + m_postfix.diagnostics()));
}

QTEST_GUILESS_MAIN(TestPostfixFixture)
#include "tst_postfixfixture.moc"
