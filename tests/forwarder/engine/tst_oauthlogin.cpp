// Listeners with login oauth2 (issue 20): an in-process Engine in front of scripted POP3 and SMTP servers, with an
// in-test AccessTokenSource. Checks the exact AUTH lines on the wire (XOAUTH2 and OAUTHBEARER, initial response or
// continuation), the error challenge answered with the mechanism's abort, one refresh after a refused token and the
// failed-account mark after a second refusal, a client user name that is not the listener's, "sign in again" and a
// provider that cannot be reached, and that no token ever reaches a log.

#include "core/accesstokensource.h"
#include "enginetestbed.h"
#include "fakepop3server.h"
#include "fakesmtpserver.h"
#include "testclient.h"
#include "testpki.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace mailshim;

namespace {

// Answers in order (the last one repeats), asynchronously as the real cache does; remembers what it was told.
class FakeTokenSource final : public AccessTokenSource
{
public:
    QList<AccessTokenAnswer> answers;
    int asked = 0;
    QList<OAuthAccount> accounts;
    QList<QByteArray> rejected;

    static AccessTokenAnswer found(const QByteArray &token) { return {AccessTokenAnswer::Status::Found, token, {}}; }

    void accessToken(const OAuthAccount &account, QObject *context,
                     std::function<void(const AccessTokenAnswer &)> done) override
    {
        accounts << account;
        const AccessTokenAnswer answer = answers.value(std::min(asked, int(answers.size()) - 1));
        ++asked;
        QTimer::singleShot(0, context, [done = std::move(done), answer] { done(answer); });
    }
    void tokenRejected(const OAuthAccount &, const QByteArray &token) override { rejected << token; }
};

// Everything Qt's own logging printed while a test ran (the engine's categories included).
QStringList g_qtMessages;
void keepMessage(QtMsgType, const QMessageLogContext &, const QString &text)
{
    g_qtMessages << text;
}

const QByteArray kUser = "alice@example.com";

QByteArrayList readSmtpReply(TestClient &client, int timeoutMs = 8000)
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

QByteArray smtp(TestClient &client, const QByteArray &line)
{
    client.send(line + "\r\n");
    return readSmtpReply(client).join('\n');
}

QByteArray authPlain(const QByteArray &user, const QByteArray &password)
{
    return "AUTH PLAIN " + (QByteArray(1, '\0') + user + QByteArray(1, '\0') + password).toBase64();
}

} // namespace

class TestOAuthLogin : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

    // One oauth2 listener in front of a server listening on port, with the source set before apply().
    bool startBed(EngineTestbed &bed, FakeTokenSource *tokens, Protocol protocol, quint16 port, Security security,
                  const std::function<void(ListenerConfig &)> &adjust = {})
    {
        bed.engine().setAccessTokenSource(tokens);
        Config config = EngineTestbed::baseConfig();
        ListenerConfig listener;
        listener.name = QStringLiteral("oauth");
        listener.protocol = protocol;
        UpstreamConfig upstream = EngineTestbed::upstream(port, security, m_pki->caCertFile());
        upstream.protocol = protocol;
        listener.port = EngineTestbed::freePort();
        listener.upstream = upstream;
        listener.user = QString::fromUtf8(kUser);
        listener.login = UpstreamLogin::OAuth2;
        listener.oauth.provider = QStringLiteral("microsoft");
        listener.oauth.clientId = QStringLiteral("app-id");
        listener.failedAccountRetrySeconds = 60;
        listener.failedHostRetrySeconds = 60;
        if (adjust)
            adjust(listener);
        config.listeners = {listener};
        return bed.startConfig(config);
    }

    bool startPop(EngineTestbed &bed, FakeTokenSource *tokens, FakePop3Server &server, Security security)
    {
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        return startBed(bed, tokens, Protocol::Pop3, server.listenLocal(), security);
    }

    bool startSmtp(EngineTestbed &bed, FakeTokenSource &tokens, FakeSmtpServer &server,
                   const std::function<void(ListenerConfig &)> &adjust = {})
    {
        server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        return startBed(bed, &tokens, Protocol::Smtp, server.listenLocal(), Security::Tls, adjust);
    }

    static FakePop3Server::Behaviour popBehaviour(bool implicitTls, const QByteArray &sasl, const QByteArray &accept)
    {
        FakePop3Server::Behaviour b;
        b.implicitTls = implicitTls;
        b.sasl = sasl;
        b.acceptToken = accept;
        return b;
    }

    static FakeSmtpServer::Behaviour smtpBehaviour(const QByteArray &mechanisms, const QByteArray &accept)
    {
        FakeSmtpServer::Behaviour b;
        b.implicitTls = true;
        b.ehloInTls = {"250-fake.example", "250-PIPELINING", "250-AUTH " + mechanisms, "250 8BITMIME"};
        b.acceptToken = accept;
        return b;
    }

    static QByteArray xoauth2(const QByteArray &token)
    {
        return ("user=" + kUser + "\x01" + "auth=Bearer " + token + "\x01\x01").toBase64();
    }

    // No token, raw or in base64, in any case, in the engine's log records or in anything Qt printed.
    static void verifyNoTokenLogged(const EngineTestbed &bed, const QList<QByteArray> &tokens)
    {
        const QString everything = bed.logTexts().join(QLatin1Char('\n')) + g_qtMessages.join(QLatin1Char('\n'));
        QVERIFY(!everything.isEmpty());
        for (const QByteArray &token : tokens) {
            QVERIFY2(!everything.contains(QString::fromLatin1(token), Qt::CaseInsensitive), token.constData());
            QVERIFY2(!everything.contains(QString::fromLatin1(xoauth2(token)), Qt::CaseInsensitive), token.constData());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
        qInstallMessageHandler(keepMessage);
    }
    void init() { g_qtMessages.clear(); }

    void popXoauth2OnTheWire_data()
    {
        QTest::addColumn<bool>("implicitTls");
        QTest::newRow("tls") << true;
        QTest::newRow("stls") << false;
    }
    void popXoauth2OnTheWire()
    {
        QFETCH(bool, implicitTls);
        FakePop3Server server(popBehaviour(implicitTls, "PLAIN XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1")};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, implicitTls ? Security::Tls : Security::Stls));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        // The domain's case (and the local part's) does not matter; the password is a dummy.
        const QByteArray answer = client.login("Alice@Example.COM", "dummy-password");
        QVERIFY2(answer.startsWith("+OK"), answer.constData());
        QVERIFY2(server.received().contains("AUTH XOAUTH2 " + xoauth2("tok-1")),
                 server.received().join('|').constData());
        QVERIFY(server.received().contains("CAPA"));
        QVERIFY(!server.receivedCommand("USER") && !server.receivedCommand("PASS"));
        QVERIFY(!server.received().join('|').contains("dummy-password"));
        QCOMPARE(tokens.asked, 1);
        QCOMPARE(tokens.accounts.first().user, QString::fromUtf8(kUser));
        QCOMPARE(tokens.accounts.first().settings.clientId, QStringLiteral("app-id"));
        QVERIFY(tokens.rejected.isEmpty());
        QCOMPARE(client.command("STAT").left(3), QByteArray("+OK")); // relayed after the login
        verifyNoTokenLogged(bed, {"tok-1"});
    }

    void popOauthbearerWhenOffered()
    {
        FakePop3Server server(popBehaviour(true, "OAUTHBEARER XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1")};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(client.login(kUser, "x").startsWith("+OK"));
        const QByteArray expected =
            ("n,a=" + kUser + ",\x01host=localhost\x01port=" + QByteArray::number(server.serverPort()) + "\x01" +
             "auth=Bearer tok-1\x01\x01")
                .toBase64();
        QVERIFY2(server.received().contains("AUTH OAUTHBEARER " + expected), server.received().join('|').constData());
    }

    // A real token is far longer than RFC 5034's 255 octets: AUTH without it, then the response after "+ ".
    void popLongTokenAfterTheContinuation()
    {
        const QByteArray token = QByteArray(600, 'a') + ".b-c_d~e+f/g=";
        FakePop3Server server(popBehaviour(true, "XOAUTH2", token));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found(token)};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(client.login(kUser, "x").startsWith("+OK"));
        const qsizetype auth = server.received().indexOf("AUTH XOAUTH2");
        QVERIFY2(auth >= 0, server.received().join('|').left(300).constData());
        QCOMPARE(server.received().value(auth + 1), xoauth2(token));
        verifyNoTokenLogged(bed, {token});
    }

    // The first token is refused (challenge, abort, -ERR): the source is told once, a fresh token is asked for and
    // used on a new connection.
    void popRefusedTokenIsRefreshedOnce_data()
    {
        QTest::addColumn<QByteArray>("sasl");
        QTest::addColumn<QByteArray>("abort");
        QTest::newRow("XOAUTH2: an empty line") << QByteArray("XOAUTH2") << QByteArray("");
        QTest::newRow("OAUTHBEARER: %x01") << QByteArray("OAUTHBEARER") << QByteArray("AQ==");
    }
    void popRefusedTokenIsRefreshedOnce()
    {
        QFETCH(QByteArray, sasl);
        QFETCH(QByteArray, abort);
        FakePop3Server server(popBehaviour(true, sasl, "tok-new"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-old"), FakeTokenSource::found("tok-new")};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login(kUser, "x");
        QVERIFY2(answer.startsWith("+OK"), answer.constData());
        QCOMPARE(tokens.asked, 2);
        QCOMPARE(tokens.rejected, QList<QByteArray>{"tok-old"});
        QCOMPARE(server.connections(), 2);
        // The refused exchange: AUTH, the server's challenge, the abort line; then the -ERR came.
        const QByteArrayList &received = server.received();
        qsizetype first = 0;
        while (first < received.size() && !received.at(first).startsWith("AUTH "))
            ++first;
        QVERIFY(first < received.size());
        QCOMPARE(received.value(first + 1), abort);
        verifyNoTokenLogged(bed, {"tok-old", "tok-new"});
    }

    // Refused again with the fresh token: -ERR [AUTH], and the account is marked as for a refused password: the
    // next session with the same token is refused at once, without the server; the source was told only once.
    void popRefusedTwiceIsMarked()
    {
        FakePop3Server server(popBehaviour(true, "XOAUTH2", "never"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1"), FakeTokenSource::found("tok-2")};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login(kUser, "x");
            QVERIFY2(answer.startsWith("-ERR [AUTH]"), answer.constData());
        }
        QCOMPARE(tokens.rejected, QList<QByteArray>{"tok-1"});
        QCOMPARE(server.connections(), 2);
        QTRY_COMPARE(bed.engine().status(QStringLiteral("oauth")).lastFailure, ServerError::Kind::Auth);
        TestClient again;
        QVERIFY(again.connectTo(bed.port()));
        const QByteArray answer = again.login(kUser, "x");
        QVERIFY2(answer.startsWith("-ERR [AUTH]") && answer.contains("sign in again"), answer.constData());
        QCOMPARE(server.connections(), 2);
        QCOMPARE(tokens.rejected.size(), 1);
        verifyNoTokenLogged(bed, {"tok-1", "tok-2"});
    }

    void popOtherUserIsRefusedWithoutTheServer()
    {
        FakePop3Server server(popBehaviour(true, "XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1")};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login("bob@example.com", "x");
        QVERIFY2(answer.startsWith("-ERR [AUTH]") && answer.contains(kUser) && answer.contains("bob@example.com"),
                 answer.constData());
        QCOMPARE(tokens.asked, 0);
        QCOMPARE(server.connections(), 0);
    }

    // The grant is gone: the client is told to sign in again, the listener's state says so, and each session asks
    // the source once (the source decides; no storm against the provider, nothing sent to the server).
    void popSignInNeeded()
    {
        FakePop3Server server(popBehaviour(true, "XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {{AccessTokenAnswer::Status::SignInNeeded, {}, QStringLiteral("the grant was revoked")}};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        for (int session = 1; session <= 2; ++session) {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login(kUser, "x");
            QCOMPARE(answer, QByteArray("-ERR [AUTH] sign in again in MailShim (the grant was revoked)"));
            QCOMPARE(tokens.asked, session);
        }
        QCOMPARE(server.connections(), 0);
        QTRY_COMPARE(bed.engine().status(QStringLiteral("oauth")).lastFailure, ServerError::Kind::SignInNeeded);
        QVERIFY(!bed.engine().status(QStringLiteral("oauth")).lastOk);
    }

    // The provider cannot be reached: a temporary failure and the server's failed-host mark, so the next session is
    // answered at once without asking the source again.
    void popProviderUnavailable()
    {
        FakePop3Server server(popBehaviour(true, "XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {{AccessTokenAnswer::Status::Unavailable, {}, QStringLiteral("login.example: timed out")}};
        EngineTestbed bed;
        QVERIFY(startPop(bed, &tokens, server, Security::Tls));
        for (int session = 1; session <= 2; ++session) {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login(kUser, "x");
            QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]") && answer.contains("login.example: timed out"),
                     answer.constData());
        }
        QCOMPARE(tokens.asked, 1);
        QCOMPARE(server.connections(), 0);
        QTRY_COMPARE(bed.engine().status(QStringLiteral("oauth")).lastFailure, ServerError::Kind::Unreachable);
    }

    void popNoTokenSource()
    {
        FakePop3Server server(popBehaviour(true, "XOAUTH2", "tok-1"));
        EngineTestbed bed;
        QVERIFY(startPop(bed, nullptr, server, Security::Tls)); // a program that set no source
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login(kUser, "x");
        QVERIFY2(answer.startsWith("-ERR [SYS/TEMP]") && answer.contains("no OAuth sign-in"), answer.constData());
        QCOMPARE(server.connections(), 0);
    }

    void smtpXoauth2OnTheWire_data()
    {
        QTest::addColumn<QByteArray>("mechanisms");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray bearer = ("n,a=" + kUser + ",\x01host=localhost\x01port=%1\x01" + "auth=Bearer tok-1\x01\x01");
        QTest::newRow("XOAUTH2") << QByteArray("PLAIN LOGIN XOAUTH2") << ("AUTH XOAUTH2 " + xoauth2("tok-1"));
        QTest::newRow("OAUTHBEARER") << QByteArray("PLAIN OAUTHBEARER XOAUTH2") << bearer;
    }
    void smtpXoauth2OnTheWire()
    {
        QFETCH(QByteArray, mechanisms);
        QFETCH(QByteArray, expected);
        FakeSmtpServer server(smtpBehaviour(mechanisms, "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1")};
        EngineTestbed bed;
        QVERIFY(startSmtp(bed, tokens, server));
        if (expected.startsWith("n,a="))
            expected = "AUTH OAUTHBEARER " +
                       QByteArray(expected).replace("%1", QByteArray::number(server.serverPort())).toBase64();
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(readSmtpReply(client).join().startsWith("220"));
        QVERIFY(smtp(client, "EHLO old").startsWith("250"));
        const QByteArray answer = smtp(client, authPlain("ALICE@example.com", "dummy-password"));
        QVERIFY2(answer.startsWith("235"), answer.constData());
        QVERIFY2(server.received().contains(expected), server.received().join('|').constData());
        QVERIFY(!server.received().join('|').contains(QByteArray("dummy-password").toBase64()));
        QVERIFY(smtp(client, "MAIL FROM:<alice@example.com>").startsWith("250"));
        verifyNoTokenLogged(bed, {"tok-1"});
    }

    // Refused, one fresh token, refused again: the server's 535 reaches the client, the source was told once, and
    // the next AUTH with the same token is refused at once.
    void smtpRefusedTwiceIsMarked()
    {
        FakeSmtpServer server(smtpBehaviour("XOAUTH2", "never"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1"), FakeTokenSource::found("tok-2")};
        EngineTestbed bed;
        QVERIFY(startSmtp(bed, tokens, server));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(readSmtpReply(client).join().startsWith("220"));
        QVERIFY(smtp(client, "EHLO old").startsWith("250"));
        QCOMPARE(smtp(client, authPlain(kUser, "x")), QByteArray("535 5.7.8 Username and Password not accepted"));
        QCOMPARE(tokens.asked, 2);
        QCOMPARE(tokens.rejected, QList<QByteArray>{"tok-1"});
        // Both refused exchanges ended with the abort line (XOAUTH2: empty) after the challenge.
        QCOMPARE(server.received().count(QByteArray()), 2);
        const qsizetype before = server.received().size();
        const QByteArray again = smtp(client, authPlain(kUser, "x"));
        QVERIFY2(again.startsWith("454 4.7.0") && again.contains("sign in again"), again.constData());
        QCOMPARE(server.received().size(), before);
        QCOMPARE(tokens.rejected.size(), 1);
        verifyNoTokenLogged(bed, {"tok-1", "tok-2"});
    }

    void smtpOtherUserIsRefused()
    {
        FakeSmtpServer server(smtpBehaviour("XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1")};
        EngineTestbed bed;
        QVERIFY(startSmtp(bed, tokens, server));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(readSmtpReply(client).join().startsWith("220"));
        QVERIFY(smtp(client, "EHLO old").startsWith("250"));
        const QByteArray answer = smtp(client, authPlain("bob@example.com", "x"));
        QVERIFY2(answer.startsWith("535 5.7.8") && answer.contains("bob@example.com"), answer.constData());
        QCOMPARE(tokens.asked, 0);
        QVERIFY(!server.receivedCommand("AUTH"));
    }

    void smtpSignInNeededAndUnavailable_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<int>("kind");
        QTest::newRow("sign in again") << int(AccessTokenAnswer::Status::SignInNeeded)
                                       << QByteArray("535 5.7.8 MailShim: sign in again in MailShim (revoked)")
                                       << int(ServerError::Kind::SignInNeeded);
        QTest::newRow("provider down") << int(AccessTokenAnswer::Status::Unavailable) << QByteArray("454 4.7.0")
                                       << int(ServerError::Kind::Unreachable);
    }
    void smtpSignInNeededAndUnavailable()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, reply);
        QFETCH(int, kind);
        FakeSmtpServer server(smtpBehaviour("XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {{AccessTokenAnswer::Status(status), {}, QStringLiteral("revoked")}};
        EngineTestbed bed;
        QVERIFY(startSmtp(bed, tokens, server));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(readSmtpReply(client).join().startsWith("220"));
        QVERIFY(smtp(client, "EHLO old").startsWith("250"));
        const QByteArray answer = smtp(client, authPlain(kUser, "x"));
        QVERIFY2(answer.startsWith(reply), answer.constData());
        QCOMPARE(tokens.asked, 1);
        QVERIFY(!server.receivedCommand("AUTH"));
        QVERIFY(smtp(client, "QUIT").startsWith("221"));
        QTRY_COMPARE(int(bed.engine().status(QStringLiteral("oauth")).lastFailure), kind);
    }

    // clientAuth optional: a scanner that never logs in sends as the listener's user with its token; when the grant
    // is gone its message gets a 4xx (it stays in the outbox), never a 5xx.
    void smtpScannerSendsWithTheToken()
    {
        FakeSmtpServer server(smtpBehaviour("XOAUTH2", "tok-1"));
        FakeTokenSource tokens;
        tokens.answers = {FakeTokenSource::found("tok-1"),
                          {AccessTokenAnswer::Status::SignInNeeded, {}, QStringLiteral("revoked")}};
        EngineTestbed bed;
        QVERIFY(startSmtp(bed, tokens, server, [](ListenerConfig &l) { l.clientAuth = ClientAuth::Optional; }));
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            QVERIFY(readSmtpReply(client).join().startsWith("220"));
            QVERIFY(smtp(client, "HELO scanner").startsWith("250"));
            QVERIFY(smtp(client, "MAIL FROM:<alice@example.com>").startsWith("250"));
            QVERIFY(server.received().contains("AUTH XOAUTH2 " + xoauth2("tok-1")));
        }
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(readSmtpReply(client).join().startsWith("220"));
        QVERIFY(smtp(client, "HELO scanner").startsWith("250"));
        const QByteArray answer = smtp(client, "MAIL FROM:<alice@example.com>");
        QVERIFY2(answer.startsWith("451 4.7.1") && answer.contains("sign in again"), answer.constData());
    }
};

QTEST_GUILESS_MAIN(TestOAuthLogin)
#include "tst_oauthlogin.moc"
