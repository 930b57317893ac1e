// OAuth 2.0 logins end to end (issue 20): the engine in process, its tokens from the real AccessTokenCache (the
// refresh token of a sign-in at the real OpenID provider of OidcFixture, kept in a MemoryCredentialStore), in front of
// the real Dovecot (passdb oauth2: the token is checked by introspection at the provider) and Postfix (XOAUTH2 through
// Dovecot's SASL). Real clients with a dummy password: poplib reads every message byte for byte through POP3 listeners
// in tls and stls, smtplib sends a message that arrives. Then the failures: an access token the server refuses is
// replaced unseen by a fresh one, the provider down gives temporary errors and recovers, a revoked grant turns into
// "sign in again" for POP3 and SMTP. No token ever reaches a log.

#include "enginetestbed.h"
#include "memorycredentialstore.h"
#include "oauth/accesstokencache.h"
#include "oauth/refreshtokenstore.h"
#include "oidcfixture.h"
#include "popclients.h"
#include "postfixfixture.h"
#include "testclient.h"
#include "testfiles.h"
#include "testprocess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>
#include <atomic>
#include <optional>
#include <thread>

using namespace mailshim;

namespace {

QStringList g_qtMessages;
QtMessageHandler g_previous = nullptr;
void keepMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    g_qtMessages << text;
    g_previous(type, context, text);
}

const QString kPopTls = QStringLiteral("pop-tls");
const QString kPopStls = QStringLiteral("pop-stls");
const QString kSmtp = QStringLiteral("smtp");

// Runs a blocking client (it waits for its program) on a thread of its own while this thread's event loop keeps the
// engine, which lives here with the token cache, serving it.
template <typename F> auto whileServing(F client) -> decltype(client())
{
    std::optional<decltype(client())> result;
    std::atomic<bool> done{false};
    std::thread worker([&] {
        result = client();
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done.load(); }, 240000))
        qWarning("the client is still running after 240 s");
    worker.join();
    return *result;
}

} // namespace

class TestE2eOAuth : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_oidc;
    PostfixFixture m_postfix;
    MemoryCredentialStore m_credentials;
    std::unique_ptr<RefreshTokenStore> m_store;
    std::unique_ptr<AccessTokenCache> m_cache;
    std::unique_ptr<EngineTestbed> m_bed;
    QHash<QString, quint16> m_ports; // listener name -> local port
    QStringList m_tokens;            // every token seen, to prove none reached a log
    QStringList m_scopes;            // what the sign-in was granted
    QElapsedTimer m_clock;           // the cache's clock...
    qint64 m_frozenAt = -1;          // ...stopped here while >= 0 (a computer that slept, as the cache sees it)

    OAuthSettings settings() const
    {
        OAuthSettings s;
        s.provider = QStringLiteral("custom");
        s.issuer = m_oidc.issuer();
        s.clientId = OidcFixture::clientId();
        s.scopes = m_scopes;
        return s;
    }
    OAuthAccount account() const { return {settings(), DovecotFixture::user()}; }

    ListenerConfig listener(const QString &name, Protocol protocol, quint16 serverPort, Security security) const
    {
        ListenerConfig l;
        l.name = name;
        l.protocol = protocol;
        l.port = EngineTestbed::freePort();
        UpstreamConfig u = EngineTestbed::upstream(serverPort, security, m_postfix.caFile());
        u.host = m_postfix.dovecot().tlsHostName();
        u.protocol = protocol;
        l.upstream = u;
        l.user = DovecotFixture::user();
        l.login = UpstreamLogin::OAuth2;
        l.oauth = settings();
        l.failedHostRetrySeconds = 1;
        l.failedAccountRetrySeconds = 1;
        return l;
    }

    // The access token the cache hands out now (as a session would get it), remembered for the log check.
    QByteArray currentToken()
    {
        std::optional<AccessTokenAnswer> answer;
        m_cache->accessToken(account(), this, [&](const AccessTokenAnswer &a) { answer = a; });
        if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000) || answer->token.isEmpty())
            return {};
        m_tokens << QString::fromLatin1(answer->token);
        return answer->token;
    }

    PopClients::Endpoint through(const QString &name) const
    {
        PopClients::Endpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = m_ports.value(name);
        e.user = DovecotFixture::user();
        e.password = QStringLiteral("any-dummy-password");
        e.mode = PopClients::Mode::Plain; // the old client's side: plain POP3 on loopback
        return e;
    }

    // USER/PASS through MailShim's POP3 listener; the reply to PASS.
    QByteArray popLogin(const QString &name)
    {
        TestClient client;
        if (!client.connectTo(m_ports.value(name)))
            return "(no connection)";
        const QByteArray reply = client.login(DovecotFixture::user().toUtf8(), "any-dummy-password");
        if (reply.startsWith("+OK"))
            client.command("QUIT");
        return reply;
    }

    // smtplib (smtpclient.py) through MailShim's SMTP listener, as alice with a dummy password; its JSON line.
    QJsonObject smtplib(const QString &to, const QByteArray &message)
    {
        const QString file = m_postfix.dovecot().workDir() + QStringLiteral("/oauth-message.eml");
        QString error;
        if (!TestFiles::write(file, message, &error))
            return {{QStringLiteral("error"), error}};
        TestProcess::Options options;
        options.timeoutMs = 120000;
        const QStringList arguments{QStringLiteral(MAILSHIM_SMTPCLIENT_PY),
                                    QStringLiteral("--host"),
                                    QStringLiteral("127.0.0.1"),
                                    QStringLiteral("--port"),
                                    QString::number(m_ports.value(kSmtp)),
                                    QStringLiteral("--mode"),
                                    QStringLiteral("plain"),
                                    QStringLiteral("--from"),
                                    PostfixFixture::address(DovecotFixture::user()),
                                    QStringLiteral("--to"),
                                    to,
                                    QStringLiteral("--user"),
                                    DovecotFixture::user(),
                                    QStringLiteral("--password"),
                                    QStringLiteral("any-dummy-password"),
                                    QStringLiteral("--auth"),
                                    QStringLiteral("plain"),
                                    QStringLiteral("--message"),
                                    file,
                                    QStringLiteral("--timeout"),
                                    QStringLiteral("60")};
        const TestProcess::Result r =
            whileServing([&] { return TestProcess::run(QStringLiteral("python3"), arguments, options); });
        QJsonObject json = QJsonDocument::fromJson(r.standardOutput.trimmed()).object();
        if (json.isEmpty())
            json.insert(QStringLiteral("error"), r.describe());
        return json;
    }

    QString engineLog() const { return m_bed->logTexts().join(QLatin1Char('\n')); }

private Q_SLOTS:
    void initTestCase()
    {
        g_previous = qInstallMessageHandler(keepMessage);
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        m_postfix.dovecot().enableOAuth(m_oidc.dovecotIntrospection());
        QVERIFY2(m_postfix.start(&error), qPrintable(error));
        // The provider's certificate comes from the fixture's own CA (the token client uses Qt's default trust).
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_oidc.caFile()));
        QSslConfiguration::setDefaultConfiguration(tls);

        // The sign-in the wizard makes, done by the fixture's browser; its refresh token where the cache reads it.
        OidcFixture::Tokens signedIn;
        QVERIFY2(m_oidc.signIn(DovecotFixture::user(), DovecotFixture::password(), &signedIn, &error),
                 qPrintable(error));
        m_tokens << signedIn.accessToken << signedIn.refreshToken;
        // A refresh asks for the scopes the grant has (the provider leaves offline_access out of it without
        // prompt=consent, and refuses a refresh that asks for more).
        m_scopes = signedIn.scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(m_scopes.contains(OidcFixture::mailScope()), qPrintable(signedIn.scope));
        m_credentials.entries.insert(RefreshTokenStore::keyFor(account()).toString(), signedIn.refreshToken.toUtf8());
        m_store = std::make_unique<RefreshTokenStore>(m_credentials);
        m_cache = std::make_unique<AccessTokenCache>(*m_store);
        AccessTokenCache::Options options;
        options.backoffInitialMs = 300;
        options.backoffMaxMs = 600;
        m_cache->setOptions(options);
        m_clock.start();
        m_cache->setClock([this] { return m_frozenAt >= 0 ? m_frozenAt : m_clock.elapsed(); });

        m_bed = std::make_unique<EngineTestbed>();
        m_bed->engine().setAccessTokenSource(m_cache.get());
        Config config = EngineTestbed::baseConfig();
        config.timeouts.responseSeconds = 15; // Dovecot asks the provider for every token
        config.timeouts.loginSeconds = 60;
        const DovecotFixture &dovecot = m_postfix.dovecot();
        config.listeners = {listener(kPopTls, Protocol::Pop3, dovecot.pop3sPort(), Security::Tls),
                            listener(kPopStls, Protocol::Pop3, dovecot.pop3Port(), Security::Stls),
                            listener(kSmtp, Protocol::Smtp, m_postfix.smtpsPort(), Security::Tls)};
        for (const ListenerConfig &l : config.listeners)
            m_ports.insert(l.name, l.port);
        QVERIFY(m_bed->startConfig(config));
    }

    void cleanupTestCase()
    {
        // No token, access or refresh, in the engine's log, in anything Qt printed, or in Dovecot's log.
        const QString everything =
            engineLog() + g_qtMessages.join(QLatin1Char('\n')) + QString::fromUtf8(m_postfix.dovecot().log());
        for (const QString &token : qAsConst(m_tokens)) {
            if (!token.isEmpty())
                QVERIFY2(!everything.contains(token), "a token reached a log");
        }
        QVERIFY(m_tokens.size() >= 3);
        m_bed.reset();
        m_postfix.stop();
        m_oidc.stop();
        qInstallMessageHandler(g_previous);
    }

    void poplibReadsEveryMessage_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("tls") << kPopTls;
        QTest::newRow("stls") << kPopStls;
    }
    void poplibReadsEveryMessage()
    {
        QFETCH(QString, name);
        const qsizetype logStart = m_postfix.dovecot().log().size();
        const PopClients::Endpoint endpoint = through(name);
        const QString workDir = m_postfix.dovecot().workDir();
        const PopClients::Result r = whileServing([&] { return PopClients::poplibRetrAll(endpoint, workDir); });
        QVERIFY2(r.ok, qPrintable(r.describe() + QLatin1Char('\n') + engineLog().right(3000)));
        const QList<QByteArray> &stored = m_postfix.dovecot().messages();
        QCOMPARE(r.messages.size(), stored.size());
        for (int i = 0; i < stored.size(); ++i)
            QVERIFY2(r.messages.at(i) == stored.at(i), qPrintable(QStringLiteral("message %1 differs").arg(i + 1)));
        // The mailbox was opened by the token: Dovecot saw an OAuth mechanism, never USER/PASS with the dummy.
        const QByteArray since = m_postfix.dovecot().log().mid(logStart);
        QVERIFY2(!since.contains("any-dummy-password"), since.constData());
        QVERIFY(currentToken().size() > 0); // the token the sessions used, for the log check
    }

    void smtplibSendsAMessageThatArrives()
    {
        const QString bob = PostfixFixture::secondUser();
        const int before = m_postfix.deliveredCount(bob);
        const QByteArray message = "From: " + PostfixFixture::address(DovecotFixture::user()).toUtf8() +
                                   "\r\nTo: " + PostfixFixture::address(bob).toUtf8() +
                                   "\r\nSubject: sent with an OAuth token\r\n\r\n.a dot first\r\nlast line\r\n";
        const QJsonObject sent = smtplib(PostfixFixture::address(bob), message);
        QVERIFY2(sent.value(QStringLiteral("ok")).toBool(),
                 qPrintable(QString::fromUtf8(QJsonDocument(sent).toJson(QJsonDocument::Compact)) +
                            engineLog().right(3000)));
        QVERIFY2(m_postfix.waitForDelivery(bob, before + 1), qPrintable(m_postfix.diagnostics()));
        QVERIFY2(m_postfix.maillog().contains("sasl_username=" + DovecotFixture::user().toUtf8()),
                 m_postfix.maillog().right(2000).constData());
    }

    // An access token expires while the cache still thinks it current (its clock stood still, as across a sleep):
    // Dovecot refuses it, the session tells the cache, gets a fresh one, and the client never notices.
    void expiredTokenIsReplacedUnseen()
    {
        QString error;
        QVERIFY2(m_oidc.setAccessTokenLifetime(4, &error), qPrintable(error));
        m_cache->tokenRejected(account(), currentToken()); // the next token comes from a refresh, with 4 s to live
        const QByteArray token = currentToken();
        QVERIFY(!token.isEmpty());
        m_frozenAt = m_clock.elapsed();
        QTest::qWait(6000);
        const QByteArray reply = popLogin(kPopTls);
        m_frozenAt = -1;
        QVERIFY2(m_oidc.setAccessTokenLifetime(600, &error), qPrintable(error));
        QVERIFY2(reply.startsWith("+OK"), qPrintable(QString::fromUtf8(reply) + engineLog().right(3000) +
                                                     QString::fromUtf8(m_oidc.log().right(1500))));
        QVERIFY2(m_bed->logContains(QStringLiteral("refused the access token; trying a fresh one")),
                 qPrintable(engineLog().right(3000)));
        const QByteArray fresh = currentToken();
        QVERIFY(!fresh.isEmpty() && fresh != token);
    }

    // The provider is down while a new token is needed: a temporary error for the client, no server contacted; when it
    // is back (and the marks have run out) the next login works.
    void providerDownIsTemporary()
    {
        m_cache->tokenRejected(account(), currentToken()); // the next session needs a refresh
        m_oidc.stop();
        const QByteArray reply = popLogin(kPopTls);
        QVERIFY2(reply.startsWith("-ERR [SYS/TEMP]"), reply.constData());
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        QByteArray again;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         again = popLogin(kPopTls);
                         return again.startsWith("+OK");
                     },
                     20000),
                 again.constData());
        QVERIFY(currentToken().size() > 0);
    }

    // The user removed MailShim's access at the provider: POP3 and SMTP clients are told to sign in again, the
    // listener says so, and the cache no longer asks the provider.
    void revokedGrantSaysSignInAgain()
    {
        int grants = 0;
        QString error;
        QVERIFY2(m_oidc.revokeGrants(DovecotFixture::user(), &grants, &error), qPrintable(error));
        QVERIFY(grants >= 1);
        const QByteArray reply = popLogin(kPopTls);
        QVERIFY2(reply.startsWith("-ERR [AUTH] sign in again in MailShim ("),
                 qPrintable(QString::fromUtf8(reply) + engineLog().right(3000)));
        QTRY_COMPARE(m_bed->engine().status(kPopTls).lastFailure, ServerError::Kind::SignInNeeded);
        QVERIFY(m_cache->needsSignIn(account()));
        QCOMPARE(popLogin(kPopStls), reply);

        TestClient smtp;
        QVERIFY(smtp.connectTo(m_ports.value(kSmtp)));
        QVERIFY(smtp.readLine(15000).startsWith("220"));
        smtp.send("EHLO old\r\n");
        while (!smtp.readLine().startsWith("250 ")) {
        }
        const QByteArray plain =
            (QByteArray(1, '\0') + DovecotFixture::user().toUtf8() + QByteArray(1, '\0') + "dummy").toBase64();
        const QByteArray answer = smtp.command("AUTH PLAIN " + plain, 15000);
        QVERIFY2(answer.startsWith("535 5.7.8 MailShim: sign in again in MailShim ("), answer.constData());
    }
};

QTEST_GUILESS_MAIN(TestE2eOAuth)
#include "tst_e2e_oauth.moc"
