// Proves OidcFixture with no MailShim in between: the test browser signs alice in (PKCE), the fixture exchanges the
// code, and the access token opens alice's mailbox at the real Dovecot (POP3S XOAUTH2, STLS OAUTHBEARER) and sends
// mail through the real Postfix (AUTH XOAUTH2 via Dovecot SASL). Then the failures MailShim must tell apart: a wrong
// or expired token (refused), a rotated refresh token reused (the grant is revoked), a revoked grant (invalid_grant)
// and the provider down (a temporary failure at Dovecot).
#include "oidcfixture.h"
#include "postfixfixture.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QThread>
#include <QtTest>

namespace {

// A line-based client for POP3 and SMTP over implicit TLS or STARTTLS/STLS, blocking, from a chosen loopback address
// (Dovecot may slow down later logins from an address that failed).
class LineClient
{
public:
    LineClient(const QString &caFile, const QString &tlsName) : m_tlsName(tlsName)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(caFile));
        m_socket.setSslConfiguration(tls);
        m_socket.setPeerVerifyName(tlsName);
    }

    bool connect(const QString &source, const QString &host, quint16 port, bool implicitTls)
    {
        if (!source.isEmpty() && !m_socket.bind(QHostAddress(source))) {
            m_transcript += "bind failed: " + m_socket.errorString().toUtf8();
            return false;
        }
        if (implicitTls) {
            m_socket.connectToHostEncrypted(host, port, m_tlsName);
            return m_socket.waitForEncrypted(10000) || failed("TLS");
        }
        m_socket.connectToHost(host, port);
        return m_socket.waitForConnected(10000) || failed("connect");
    }
    bool startTls()
    {
        m_socket.startClientEncryption();
        return m_socket.waitForEncrypted(10000) || failed("STARTTLS");
    }
    QByteArray readLine()
    {
        while (!m_socket.canReadLine() && m_socket.waitForReadyRead(15000)) {
        }
        const QByteArray line = m_socket.readLine();
        m_transcript += "S: " + line;
        return line.trimmed();
    }
    // An SMTP reply: the last line of "250-..."/"250 ...".
    QByteArray readReply(QByteArray *all = nullptr)
    {
        QByteArray line;
        do {
            line = readLine();
            if (all) {
                *all += line + '\n';
            }
        } while (line.size() > 3 && line.at(3) == '-');
        return line;
    }
    // secret: the transcript shows the command's first word only (tokens never appear in a failure message).
    QByteArray command(const QByteArray &line, bool secret = false)
    {
        m_transcript += "C: " + (secret ? line.left(line.indexOf(' ') + 1) + "<hidden>" : line) + '\n';
        m_socket.write(line + "\r\n");
        m_socket.waitForBytesWritten(5000);
        return readLine();
    }
    // A POP3 multi-line answer after +OK, dot-stuffing undone, CRLF line ends.
    QByteArray readMultiline()
    {
        QByteArray body;
        for (;;) {
            while (!m_socket.canReadLine() && m_socket.waitForReadyRead(15000)) {
            }
            if (!m_socket.canReadLine()) {
                m_transcript += "(multi-line answer cut short)\n";
                return body;
            }
            QByteArray line = m_socket.readLine();
            if (line == ".\r\n") {
                return body;
            }
            if (line.startsWith('.')) {
                line.remove(0, 1);
            }
            body += line;
        }
    }
    QSslSocket &socket() { return m_socket; }
    QString transcript() const { return QString::fromUtf8(m_transcript); }

private:
    bool failed(const char *what)
    {
        m_transcript += QByteArray(what) + " failed: " + m_socket.errorString().toUtf8() + '\n';
        return false;
    }

    QSslSocket m_socket;
    QString m_tlsName;
    QByteArray m_transcript;
};

QByteArray xoauth2(const QString &user, const QString &token)
{
    return ("user=" + user.toUtf8() + "\x01" + "auth=Bearer " + token.toUtf8() + "\x01\x01").toBase64();
}

QByteArray oauthbearer(const QString &user, const QString &host, quint16 port, const QString &token)
{
    return ("n,a=" + user.toUtf8() + ",\x01host=" + host.toUtf8() + "\x01port=" + QByteArray::number(port) + "\x01" +
            "auth=Bearer " + token.toUtf8() + "\x01\x01")
        .toBase64();
}

struct PopLogin
{
    bool ok = false;
    QByteArray finalReply; // +OK ... or -ERR [...] ...
    QString transcript;
};

} // namespace

class TestOidcFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void discoveryNamesTheEndpoints();
    void browserSignsInAndTheCodeIsExchanged();
    void authorizationWithoutPkceIsRefused();
    void wrongPasswordStaysOnTheLoginPage();
    void pop3sXoauth2ReadsTheMailbox();
    void stlsOauthbearerLogsInAndPasswordsStillWork();
    void postfixTakesXoauth2AndDelivers();
    void wrongTokenIsRefused();
    void expiredTokenIsRefused();
    void refreshTokenRotatesAndReuseRevokesTheGrant();
    void revokedGrantGivesInvalidGrant();
    void providerDownIsATemporaryFailureAtDovecot();
    void noTokenInAnyLog();

private:
    // AUTH with mechanism and initial response on POP3S (or POP3 + STLS); answers Dovecot's error challenge
    // ("+ <base64 JSON>") with an empty line, as RFC 7628 asks. With retrieve, also STAT and RETR of every message.
    PopLogin pop3Auth(const QByteArray &mechanism, const QByteArray &initialResponse, bool stls, const QString &source,
                      QList<QByteArray> *messages = nullptr);
    PopLogin pop3Xoauth2(const QString &token, const QString &source = QString())
    {
        return pop3Auth("XOAUTH2", xoauth2(DovecotFixture::user(), token), false, source);
    }
    void remember(const OidcFixture::Tokens &tokens) { m_seenTokens << tokens.accessToken << tokens.refreshToken; }

    OidcFixture m_oidc;
    PostfixFixture m_postfix;
    OidcFixture::Tokens m_alice;
    QStringList m_seenTokens;
    QElapsedTimer m_clock;
};

void TestOidcFixture::initTestCase()
{
    m_clock.start();
    QString error;
    QVERIFY2(m_oidc.start(&error), qPrintable(error));
    const qint64 providerMs = m_clock.elapsed();
    m_postfix.dovecot().enableOAuth(m_oidc.dovecotIntrospection());
    QVERIFY2(m_postfix.start(&error), qPrintable(error));
    qInfo("provider ready in %lld ms at %s; Postfix and Dovecot ready %lld ms later", providerMs,
          qPrintable(m_oidc.issuer()), m_clock.elapsed() - providerMs);
}

void TestOidcFixture::cleanupTestCase()
{
    m_postfix.stop();
    m_oidc.stop();
    qInfo("whole test %lld ms", m_clock.elapsed());
}

PopLogin TestOidcFixture::pop3Auth(const QByteArray &mechanism, const QByteArray &initialResponse, bool stls,
                                   const QString &source, QList<QByteArray> *messages)
{
    const DovecotFixture &dovecot = m_postfix.dovecot();
    LineClient client(dovecot.caFile(), dovecot.tlsHostName());
    PopLogin login;
    const auto done = [&client, &login] {
        login.transcript = client.transcript();
        return login;
    };
    if (!client.connect(source, dovecot.host(), stls ? dovecot.pop3Port() : dovecot.pop3sPort(), !stls) ||
        !client.readLine().startsWith("+OK")) {
        return done();
    }
    if (stls && (!client.command("STLS").startsWith("+OK") || !client.startTls())) {
        return done();
    }
    QByteArray reply = client.command("AUTH " + mechanism + ' ' + initialResponse, true);
    if (reply.startsWith("+ ")) {
        reply = client.command(QByteArray());
    }
    login.finalReply = reply;
    login.ok = reply.startsWith("+OK");
    if (login.ok && messages) {
        const QList<QByteArray> stat = client.command("STAT").split(' ');
        const int count = stat.value(1).toInt();
        for (int i = 1; i <= count; ++i) {
            if (!client.command("RETR " + QByteArray::number(i)).startsWith("+OK")) {
                login.ok = false;
                return done();
            }
            messages->append(client.readMultiline());
        }
    }
    client.command("QUIT");
    return done();
}

void TestOidcFixture::discoveryNamesTheEndpoints()
{
    const OidcFixture::HttpReply discovery = m_oidc.get(m_oidc.discoveryUrl());
    QVERIFY2(discovery.status == 200, qPrintable(discovery.describe()));
    const QJsonObject &json = discovery.json;
    QCOMPARE(json.value(QStringLiteral("issuer")).toString(), m_oidc.issuer());
    QCOMPARE(json.value(QStringLiteral("authorization_endpoint")).toString(), m_oidc.authorizationEndpoint());
    QCOMPARE(json.value(QStringLiteral("token_endpoint")).toString(), m_oidc.tokenEndpoint());
    QCOMPARE(json.value(QStringLiteral("introspection_endpoint")).toString(), m_oidc.introspectionEndpoint());
    QCOMPARE(json.value(QStringLiteral("revocation_endpoint")).toString(), m_oidc.revocationEndpoint());
    QCOMPARE(json.value(QStringLiteral("code_challenge_methods_supported")).toArray(),
             QJsonArray{QStringLiteral("S256")});
    QVERIFY(json.value(QStringLiteral("scopes_supported")).toArray().contains(OidcFixture::mailScope()));
}

void TestOidcFixture::browserSignsInAndTheCodeIsExchanged()
{
    const OidcFixture::Pkce pkce = OidcFixture::makePkce();
    QVERIFY(pkce.verifier.size() >= 43 && pkce.challenge.size() == 43);
    const QString state = QStringLiteral("state-") + QString::number(QRandomGenerator::global()->generate());
    QElapsedTimer clock;
    clock.start();
    const OidcFixture::Redirect redirect =
        m_oidc.browse([&](const QString &uri) { return m_oidc.authorizationUrl(uri, state, pkce.challenge); },
                      DovecotFixture::user(), DovecotFixture::password());
    QVERIFY2(redirect.arrived && redirect.browser.value(QStringLiteral("ok")).toBool(),
             qPrintable(redirect.describe()));
    QCOMPARE(redirect.browser.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(redirect.browser.value(QStringLiteral("redirect_status")).toInt(), 303);
    QCOMPARE(redirect.query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), state);
    QCOMPARE(redirect.query.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_oidc.issuer());
    const QString code = redirect.query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    QVERIFY(!code.isEmpty());
    const qint64 browserMs = clock.elapsed();

    // PKCE is checked: a wrong verifier gets invalid_grant, the right one the tokens.
    const OidcFixture::HttpReply wrong =
        m_oidc.exchangeCode(code, OidcFixture::makePkce().verifier, redirect.redirectUri);
    QVERIFY2(wrong.status == 400 && wrong.json.value(QStringLiteral("error")) == QStringLiteral("invalid_grant"),
             qPrintable(wrong.describe()));
    const OidcFixture::HttpReply reply = m_oidc.exchangeCode(code, pkce.verifier, redirect.redirectUri);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    m_alice = OidcFixture::tokensFrom(reply);
    remember(m_alice);
    QVERIFY2(!m_alice.accessToken.isEmpty() && !m_alice.refreshToken.isEmpty(), qPrintable(reply.describe()));
    QCOMPARE(m_alice.expiresIn, 60);
    QVERIFY2(m_alice.scope.split(QLatin1Char(' ')).contains(OidcFixture::mailScope()), qPrintable(m_alice.scope));
    qInfo("browser sign-in %lld ms, code exchange %lld ms", browserMs, clock.elapsed() - browserMs);

    // What Dovecot will be told: alice's token, active, for the mail scope. A refresh token is not an access token.
    const OidcFixture::HttpReply active = m_oidc.introspect(m_alice.accessToken);
    QVERIFY2(active.json.value(QStringLiteral("active")).toBool() &&
                 active.json.value(QStringLiteral("username")) == DovecotFixture::user(),
             qPrintable(active.describe()));
    const OidcFixture::HttpReply refreshToken = m_oidc.introspect(m_alice.refreshToken);
    QVERIFY2(refreshToken.status == 200 && !refreshToken.json.value(QStringLiteral("active")).toBool(),
             qPrintable(refreshToken.describe()));
}

void TestOidcFixture::authorizationWithoutPkceIsRefused()
{
    const OidcFixture::Redirect redirect = m_oidc.browse(
        [&](const QString &uri) {
            QUrl url(m_oidc.authorizationUrl(uri, QStringLiteral("s"), QStringLiteral("x")));
            QUrlQuery query(url);
            query.removeAllQueryItems(QStringLiteral("code_challenge"));
            query.removeAllQueryItems(QStringLiteral("code_challenge_method"));
            url.setQuery(query);
            return url.toString(QUrl::FullyEncoded);
        },
        DovecotFixture::user(), DovecotFixture::password());
    // The provider sends the error back to the application (the redirect URI is valid), without a code.
    QVERIFY2(redirect.arrived && !redirect.query.hasQueryItem(QStringLiteral("code")) &&
                 redirect.query.queryItemValue(QStringLiteral("error")) == QStringLiteral("invalid_request"),
             qPrintable(redirect.describe()));
    QCOMPARE(redirect.browser.value(QStringLiteral("exitCode")).toInt(), 1);
}

void TestOidcFixture::wrongPasswordStaysOnTheLoginPage()
{
    const OidcFixture::Pkce pkce = OidcFixture::makePkce();
    const OidcFixture::Redirect redirect = m_oidc.browse(
        [&](const QString &uri) { return m_oidc.authorizationUrl(uri, QStringLiteral("s"), pkce.challenge); },
        DovecotFixture::user(), QStringLiteral("not-") + DovecotFixture::password());
    QVERIFY2(!redirect.arrived, qPrintable(redirect.describe()));
    QCOMPARE(redirect.browser.value(QStringLiteral("stage")).toString(), QStringLiteral("login"));
    QCOMPARE(redirect.browser.value(QStringLiteral("exitCode")).toInt(), 1);
    QVERIFY2(redirect.browser.value(QStringLiteral("error")).toString().contains(QStringLiteral("Wrong")),
             qPrintable(redirect.describe()));
}

void TestOidcFixture::pop3sXoauth2ReadsTheMailbox()
{
    QVERIFY(!m_alice.accessToken.isEmpty());
    QList<QByteArray> messages;
    const PopLogin login =
        pop3Auth("XOAUTH2", xoauth2(DovecotFixture::user(), m_alice.accessToken), false, QString(), &messages);
    QVERIFY2(login.ok, qPrintable(login.transcript + m_postfix.diagnostics()));
    QCOMPARE(messages.size(), m_postfix.dovecot().messageCount());
    for (int i = 0; i < messages.size(); ++i) {
        QVERIFY2(messages.at(i) == m_postfix.dovecot().messages().at(i),
                 qPrintable(QStringLiteral("message %1").arg(i + 1)));
    }
    QVERIFY2(m_postfix.dovecot().waitForLog("Login: user=<alice>, method=XOAUTH2"),
             m_postfix.dovecot().log().right(1500));
}

void TestOidcFixture::stlsOauthbearerLogsInAndPasswordsStillWork()
{
    const DovecotFixture &dovecot = m_postfix.dovecot();
    const PopLogin login =
        pop3Auth("OAUTHBEARER",
                 oauthbearer(DovecotFixture::user(), dovecot.tlsHostName(), dovecot.pop3Port(), m_alice.accessToken),
                 true, QString());
    QVERIFY2(login.ok, qPrintable(login.transcript + m_postfix.diagnostics()));
    QVERIFY2(dovecot.waitForLog("Login: user=<alice>, method=OAUTHBEARER"), dovecot.log().right(1500));

    // The passwd-file passdb is untouched: PLAIN with alice's password, and a wrong password refused.
    const QByteArray plain =
        ('\0' + DovecotFixture::user().toUtf8() + '\0' + DovecotFixture::password().toUtf8()).toBase64();
    const PopLogin password = pop3Auth("PLAIN", plain, true, QString());
    QVERIFY2(password.ok, qPrintable(password.transcript));
    const QByteArray wrongPlain = ('\0' + DovecotFixture::user().toUtf8() + "\0wrong").toBase64();
    const PopLogin wrong = pop3Auth("PLAIN", wrongPlain, true, QStringLiteral("127.0.0.61"));
    QVERIFY2(!wrong.ok && wrong.finalReply.startsWith("-ERR [AUTH]"), qPrintable(wrong.transcript));
    // The password is no token: XOAUTH2 does not fall through to the passwd-file.
    const PopLogin passwordAsToken = pop3Xoauth2(DovecotFixture::password(), QStringLiteral("127.0.0.61"));
    QVERIFY2(!passwordAsToken.ok && passwordAsToken.finalReply.startsWith("-ERR [AUTH]"),
             qPrintable(passwordAsToken.transcript));

    // USER/PASS and APOP (the timestamp from the greeting) on the plain port.
    LineClient user(dovecot.caFile(), dovecot.tlsHostName());
    QVERIFY2(user.connect(QString(), dovecot.host(), dovecot.pop3Port(), false), qPrintable(user.transcript()));
    const QByteArray greeting = user.readLine();
    QVERIFY(user.command("USER " + DovecotFixture::user().toUtf8()).startsWith("+OK"));
    QVERIFY2(user.command("PASS " + DovecotFixture::password().toUtf8(), true).startsWith("+OK"),
             qPrintable(user.transcript()));
    user.command("QUIT");
    LineClient apop(dovecot.caFile(), dovecot.tlsHostName());
    QVERIFY2(apop.connect(QString(), dovecot.host(), dovecot.pop3Port(), false), qPrintable(apop.transcript()));
    const QByteArray banner = apop.readLine();
    const QByteArray timestamp = banner.mid(banner.indexOf('<'), banner.indexOf('>') - banner.indexOf('<') + 1);
    QVERIFY2(timestamp.startsWith('<') && timestamp.endsWith('>'), banner.constData());
    const QByteArray digest =
        QCryptographicHash::hash(timestamp + DovecotFixture::password().toUtf8(), QCryptographicHash::Md5).toHex();
    QVERIFY2(apop.command("APOP " + DovecotFixture::user().toUtf8() + ' ' + digest, true).startsWith("+OK"),
             qPrintable(apop.transcript() + QString::fromUtf8(greeting)));
    apop.command("QUIT");
}

void TestOidcFixture::postfixTakesXoauth2AndDelivers()
{
    const QString recipient = PostfixFixture::address(PostfixFixture::secondUser());
    const int before = m_postfix.deliveredCount(PostfixFixture::secondUser());
    LineClient client(m_postfix.caFile(), m_postfix.tlsHostName());
    QVERIFY2(client.connect(QString(), m_postfix.host(), m_postfix.submissionPort(), false),
             qPrintable(client.transcript()));
    QVERIFY2(client.readReply().startsWith("220"), qPrintable(client.transcript()));
    QVERIFY(client.command("EHLO client.test").startsWith("250"));
    client.readReply();
    QVERIFY2(client.command("STARTTLS").startsWith("220") && client.startTls(), qPrintable(client.transcript()));
    QByteArray ehlo;
    QVERIFY(client.command("EHLO client.test").startsWith("250"));
    QVERIFY(client.readReply(&ehlo).startsWith("250 "));
    QVERIFY2(ehlo.contains("AUTH") && ehlo.contains("XOAUTH2") && ehlo.contains("OAUTHBEARER"), ehlo.constData());

    QByteArray reply = client.command("AUTH XOAUTH2 " + xoauth2(DovecotFixture::user(), m_alice.accessToken), true);
    QVERIFY2(reply.startsWith("235"), qPrintable(client.transcript() + m_postfix.diagnostics()));
    QVERIFY(client.command("MAIL FROM:<" + PostfixFixture::address(DovecotFixture::user()).toUtf8() + ">")
                .startsWith("250"));
    QVERIFY(client.command("RCPT TO:<" + recipient.toUtf8() + ">").startsWith("250"));
    QVERIFY(client.command("DATA").startsWith("354"));
    const QByteArray subject =
        "Subject: sent with an OAuth token " + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    reply = client.command("From: <alice@example.org>\r\nTo: <" + recipient.toUtf8() + ">\r\n" + subject +
                           "\r\n\r\nHello through XOAUTH2.\r\n.");
    QVERIFY2(reply.startsWith("250"), qPrintable(client.transcript()));
    client.command("QUIT");
    QVERIFY2(m_postfix.waitForDelivery(PostfixFixture::secondUser(), before + 1), qPrintable(m_postfix.diagnostics()));
    QVERIFY2(m_postfix.maillog().contains("sasl_method=XOAUTH2, sasl_username=alice"),
             qPrintable(m_postfix.diagnostics()));
}

void TestOidcFixture::wrongTokenIsRefused()
{
    const QString forged = m_alice.accessToken.left(10) + QStringLiteral("forged") + m_alice.accessToken.mid(16);
    const PopLogin pop = pop3Xoauth2(forged, QStringLiteral("127.0.0.62"));
    QVERIFY2(!pop.ok && pop.finalReply.startsWith("-ERR [AUTH]"), qPrintable(pop.transcript));
    // bob's name with alice's (valid) token: the token's user must be the one logging in.
    const PopLogin other = pop3Auth("XOAUTH2", xoauth2(DovecotFixture::emptyUser(), m_alice.accessToken), false,
                                    QStringLiteral("127.0.0.62"));
    QVERIFY2(!other.ok && other.finalReply.startsWith("-ERR [AUTH]"), qPrintable(other.transcript));

    LineClient smtp(m_postfix.caFile(), m_postfix.tlsHostName());
    QVERIFY2(smtp.connect(QStringLiteral("127.0.0.62"), m_postfix.host(), m_postfix.smtpsPort(), true),
             qPrintable(smtp.transcript()));
    QVERIFY(smtp.readReply().startsWith("220"));
    QVERIFY(smtp.command("EHLO client.test").startsWith("250"));
    smtp.readReply();
    QByteArray reply = smtp.command("AUTH XOAUTH2 " + xoauth2(DovecotFixture::user(), forged), true);
    if (reply.startsWith("334")) {
        reply = smtp.command(QByteArray());
    }
    QVERIFY2(reply.startsWith("535"), qPrintable(smtp.transcript()));
}

void TestOidcFixture::expiredTokenIsRefused()
{
    QString error;
    QVERIFY2(m_oidc.setAccessTokenLifetime(1, &error), qPrintable(error));
    const OidcFixture::HttpReply reply = m_oidc.refresh(m_alice.refreshToken);
    QVERIFY2(m_oidc.setAccessTokenLifetime(60, &error), qPrintable(error));
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    const OidcFixture::Tokens shortLived = OidcFixture::tokensFrom(reply);
    remember(shortLived);
    QCOMPARE(shortLived.expiresIn, 1);
    m_alice.refreshToken = shortLived.refreshToken; // rotated: the old one is spent
    QThread::msleep(2100);
    QVERIFY(!m_oidc.introspect(shortLived.accessToken).json.value(QStringLiteral("active")).toBool());
    const PopLogin login = pop3Xoauth2(shortLived.accessToken, QStringLiteral("127.0.0.63"));
    QVERIFY2(!login.ok && login.finalReply.startsWith("-ERR [AUTH]"), qPrintable(login.transcript));
}

void TestOidcFixture::refreshTokenRotatesAndReuseRevokesTheGrant()
{
    // A grant of its own (bob), so alice's stays usable for the tests after this one.
    OidcFixture::Tokens first;
    QString error;
    QVERIFY2(m_oidc.signIn(DovecotFixture::emptyUser(), DovecotFixture::emptyUserPassword(), &first, &error),
             qPrintable(error));
    remember(first);
    const OidcFixture::HttpReply rotated = m_oidc.refresh(first.refreshToken);
    QVERIFY2(rotated.status == 200, qPrintable(rotated.describe()));
    const OidcFixture::Tokens second = OidcFixture::tokensFrom(rotated);
    remember(second);
    QVERIFY(!second.refreshToken.isEmpty() && second.refreshToken != first.refreshToken);
    QVERIFY(second.accessToken != first.accessToken);
    const PopLogin works = pop3Auth("XOAUTH2", xoauth2(DovecotFixture::emptyUser(), second.accessToken), false, {});
    QVERIFY2(works.ok, qPrintable(works.transcript));

    // The spent token again: invalid_grant, and the whole grant is gone (the newest refresh and access tokens too).
    const OidcFixture::HttpReply reused = m_oidc.refresh(first.refreshToken);
    QVERIFY2(reused.status == 400 && reused.json.value(QStringLiteral("error")) == QStringLiteral("invalid_grant"),
             qPrintable(reused.describe()));
    const OidcFixture::HttpReply newest = m_oidc.refresh(second.refreshToken);
    QVERIFY2(newest.status == 400 && newest.json.value(QStringLiteral("error")) == QStringLiteral("invalid_grant"),
             qPrintable(newest.describe()));
    const PopLogin refused = pop3Auth("XOAUTH2", xoauth2(DovecotFixture::emptyUser(), second.accessToken), false,
                                      QStringLiteral("127.0.0.64"));
    QVERIFY2(!refused.ok && refused.finalReply.startsWith("-ERR [AUTH]"), qPrintable(refused.transcript));
}

void TestOidcFixture::revokedGrantGivesInvalidGrant()
{
    OidcFixture::Tokens tokens;
    QString error;
    QVERIFY2(m_oidc.signIn(DovecotFixture::user(), DovecotFixture::password(), &tokens, &error), qPrintable(error));
    remember(tokens);
    QVERIFY(m_oidc.grantCount(DovecotFixture::user()) >= 1);
    int revoked = 0;
    QVERIFY2(m_oidc.revokeGrants(DovecotFixture::user(), &revoked, &error), qPrintable(error));
    QVERIFY(revoked >= 1);
    QCOMPARE(m_oidc.grantCount(DovecotFixture::user()), 0);
    const OidcFixture::HttpReply reply = m_oidc.refresh(tokens.refreshToken);
    QVERIFY2(reply.status == 400 && reply.json.value(QStringLiteral("error")) == QStringLiteral("invalid_grant"),
             qPrintable(reply.describe()));
    const PopLogin login = pop3Xoauth2(tokens.accessToken, QStringLiteral("127.0.0.65"));
    QVERIFY2(!login.ok && login.finalReply.startsWith("-ERR [AUTH]"), qPrintable(login.transcript));
}

void TestOidcFixture::providerDownIsATemporaryFailureAtDovecot()
{
    OidcFixture::Tokens tokens;
    QString error;
    QVERIFY2(m_oidc.signIn(DovecotFixture::user(), DovecotFixture::password(), &tokens, &error), qPrintable(error));
    remember(tokens);
    const quint16 port = m_oidc.port();
    m_oidc.stop();
    QVERIFY(!m_oidc.isRunning());
    const PopLogin down = pop3Xoauth2(tokens.accessToken, QStringLiteral("127.0.0.66"));
    QVERIFY2(!down.ok && down.finalReply.startsWith("-ERR [SYS/TEMP]"), qPrintable(down.transcript));
    const OidcFixture::HttpReply refused = m_oidc.refresh(tokens.refreshToken);
    QVERIFY2(refused.status == 0, qPrintable(refused.describe()));
    // Postfix 3.7 does not pass Dovecot's temporary failure on: the same 535 5.7.8 as for a bad token (a fact for the
    // SMTP side: only the POP3 answer tells "provider down" from "token refused").
    LineClient smtp(m_postfix.caFile(), m_postfix.tlsHostName());
    QVERIFY2(smtp.connect(QStringLiteral("127.0.0.66"), m_postfix.host(), m_postfix.smtpsPort(), true),
             qPrintable(smtp.transcript()));
    QVERIFY(smtp.readReply().startsWith("220"));
    QVERIFY(smtp.command("EHLO client.test").startsWith("250"));
    smtp.readReply();
    const QByteArray reply = smtp.command("AUTH XOAUTH2 " + xoauth2(DovecotFixture::user(), tokens.accessToken), true);
    QVERIFY2(reply.startsWith("535 5.7.8"), qPrintable(smtp.transcript()));
    QVERIFY2(m_postfix.dovecot().log().contains("auth service reported temporary failure") ||
                 m_postfix.dovecot().log().contains("Connection refused"),
             m_postfix.dovecot().log().right(1500).constData());

    // Up again on the same port with what it had issued: the same tokens work.
    QVERIFY2(m_oidc.start(&error), qPrintable(error));
    QCOMPARE(m_oidc.port(), port);
    const PopLogin up = pop3Xoauth2(tokens.accessToken, QStringLiteral("127.0.0.67"));
    QVERIFY2(up.ok, qPrintable(up.transcript + m_postfix.diagnostics()));
    const OidcFixture::HttpReply refreshed = m_oidc.refresh(tokens.refreshToken);
    QVERIFY2(refreshed.status == 200, qPrintable(refreshed.describe()));
    remember(OidcFixture::tokensFrom(refreshed));
}

void TestOidcFixture::noTokenInAnyLog()
{
    QVERIFY(m_seenTokens.size() >= 10);
    const QList<QPair<QString, QByteArray>> logs{{QStringLiteral("provider"), m_oidc.log()},
                                                 {QStringLiteral("Dovecot"), m_postfix.dovecot().log()},
                                                 {QStringLiteral("Postfix"), m_postfix.maillog()}};
    for (const auto &log : logs) {
        QVERIFY2(!log.second.isEmpty(), qPrintable(log.first));
        for (const QString &token : qAsConst(m_seenTokens)) {
            QVERIFY2(token.isEmpty() || !log.second.contains(token.toUtf8()),
                     qPrintable(QStringLiteral("a token in the %1 log").arg(log.first)));
        }
    }
}

QTEST_GUILESS_MAIN(TestOidcFixture)
#include "tst_oidcfixture.moc"
