// The token library against a real OpenID provider (OidcFixture: npm's oidc-provider on loopback HTTPS, a public
// native client with PKCE required and refresh tokens rotated on every use, where reusing a rotated token revokes the
// whole grant). SignInFlow signs alice in through the test browser (custom provider, endpoints discovered from the
// issuer); AccessTokenCache then refreshes with rotation (the grant survives, so no old token was reused), after an
// expiry, across the provider going down and up; a revoked grant turns into SignInNeeded, remembered.
#include "memorycredentialstore.h"
#include "oauth/accesstokencache.h"
#include "oauth/refreshtokenstore.h"
#include "oauth/signinflow.h"
#include "oauth/tokenclient.h"
#include "oidcfixture.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QtTest>
#include <memory>
#include <optional>

using namespace mailshim;
using Status = AccessTokenAnswer::Status;

namespace {

QStringList g_log;
QtMessageHandler g_previous = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log.append(message);
    g_previous(type, context, message);
}

} // namespace

class TestOAuthOidc : public QObject
{
    Q_OBJECT

    OidcFixture m_oidc;
    MemoryCredentialStore m_credentials;
    std::unique_ptr<RefreshTokenStore> m_store;
    std::unique_ptr<AccessTokenCache> m_cache;
    QStringList m_tokens; // every token seen, to prove none reached the log

    OAuthAccount account() const
    {
        OAuthSettings s;
        s.provider = QStringLiteral("custom");
        s.issuer = m_oidc.issuer();
        s.clientId = OidcFixture::clientId();
        s.scopes = OidcFixture::defaultScope().split(QLatin1Char(' '));
        return {s, DovecotFixture::user()};
    }
    QByteArray storedRefreshToken() const
    {
        return m_credentials.entries.value(RefreshTokenStore::keyFor(account()).toString());
    }
    AccessTokenAnswer ask()
    {
        std::optional<AccessTokenAnswer> answer;
        m_cache->accessToken(account(), this, [&](const AccessTokenAnswer &r) { answer = r; });
        if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000))
            return {Status::Unavailable, {}, QStringLiteral("no answer in time")};
        if (!answer->token.isEmpty())
            m_tokens.append(QString::fromUtf8(answer->token));
        return *answer;
    }
    bool active(const QByteArray &token)
    {
        const OidcFixture::HttpReply reply = m_oidc.introspect(QString::fromUtf8(token));
        return reply.status == 200 && reply.json.value(QStringLiteral("active")).toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        g_previous = qInstallMessageHandler(captureLog);
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        // The provider's certificate comes from the fixture's own CA.
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_oidc.caFile()));
        QSslConfiguration::setDefaultConfiguration(tls);
        m_store = std::make_unique<RefreshTokenStore>(m_credentials);
        m_cache = std::make_unique<AccessTokenCache>(*m_store);
        AccessTokenCache::Options options;
        options.backoffInitialMs = 500;
        options.backoffMaxMs = 1000;
        m_cache->setOptions(options);
        m_cache->tokenClient()->setTimeoutMs(5000);
    }
    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        for (const QString &line : qAsConst(g_log)) {
            for (const QString &token : qAsConst(m_tokens))
                QVERIFY2(!line.contains(token), "a token reached the log");
        }
    }

    void signInThroughTheBrowser()
    {
        // Not signed in yet: the cache says so without asking the provider.
        QCOMPARE(ask().status, Status::SignInNeeded);

        SignInFlow flow(*m_store);
        std::unique_ptr<QProcess> browser;
        flow.setOpenUrl([&](const QUrl &url) {
            browser = m_oidc.startBrowser(url.toString(QUrl::FullyEncoded), DovecotFixture::user(),
                                          DovecotFixture::password());
        });
        QSignalSpy finished(&flow, &SignInFlow::finished);
        flow.start(account());
        QVERIFY(finished.wait(60000));
        const SignInResult result = finished.first().first().value<SignInResult>();
        QVERIFY(browser);
        browser->waitForFinished(10000);
        const QJsonObject seen = OidcFixture::browserResult(*browser);
        QVERIFY2(result.status == SignInResult::Status::SignedIn,
                 qPrintable(result.detail + QStringLiteral(" / browser: ") +
                            QString::fromUtf8(QJsonDocument(seen).toJson(QJsonDocument::Compact))));
        QVERIFY2(seen.value(QStringLiteral("ok")).toBool(),
                 QJsonDocument(seen).toJson(QJsonDocument::Compact).constData());
        QVERIFY(flow.authorizationUrl().toString().startsWith(m_oidc.authorizationEndpoint()));
        QVERIFY(!storedRefreshToken().isEmpty());
        m_tokens.append(QString::fromUtf8(storedRefreshToken()));
        QCOMPARE(m_oidc.grantCount(DovecotFixture::user()), 1);
        QVERIFY(!m_cache->needsSignIn(account())); // the sign-in told the cache
    }

    void refreshRotates()
    {
        const QByteArray signedIn = storedRefreshToken();
        const AccessTokenAnswer first = ask();
        QVERIFY2(first.status == Status::Found, qPrintable(first.detail));
        QVERIFY(active(first.token));
        const QByteArray rotated = storedRefreshToken();
        QVERIFY(!rotated.isEmpty());
        QVERIFY(rotated != signedIn); // the provider rotated it, and the newest was stored
        m_tokens.append(QString::fromUtf8(rotated));

        // Twice more: each refresh sends the newest token. Had an old one been sent, the provider would have
        // revoked the grant and the refresh would fail.
        QByteArray previous = first.token;
        for (int i = 0; i < 2; ++i) {
            m_cache->tokenRejected(account(), previous);
            const AccessTokenAnswer next = ask();
            QVERIFY2(next.status == Status::Found, qPrintable(next.detail));
            QVERIFY(next.token != previous);
            QVERIFY(active(next.token));
            QVERIFY(storedRefreshToken() != rotated);
            m_tokens.append(QString::fromUtf8(storedRefreshToken()));
            previous = next.token;
        }
        QCOMPARE(m_oidc.grantCount(DovecotFixture::user()), 1);
        // And the cache hands out the current token without asking again.
        QCOMPARE(ask().token, previous);
    }

    void expiredTokenIsRefreshed()
    {
        QString error;
        QVERIFY2(m_oidc.setAccessTokenLifetime(3, &error), qPrintable(error));
        const AccessTokenAnswer current = ask();
        m_cache->tokenRejected(account(), current.token); // the next one gets the short lifetime
        const AccessTokenAnswer shortLived = ask();
        QVERIFY2(shortLived.status == Status::Found, qPrintable(shortLived.detail));
        QTest::qWait(3500);
        QVERIFY(!active(shortLived.token));
        const AccessTokenAnswer renewed = ask();
        QVERIFY2(renewed.status == Status::Found, qPrintable(renewed.detail));
        QVERIFY(renewed.token != shortLived.token);
        QVERIFY(active(renewed.token));
        QVERIFY2(m_oidc.setAccessTokenLifetime(60, &error), qPrintable(error));
    }

    void providerDownIsTemporary()
    {
        const AccessTokenAnswer current = ask();
        m_oidc.stop();
        m_cache->tokenRejected(account(), current.token);
        const AccessTokenAnswer down = ask();
        QCOMPARE(down.status, Status::Unavailable);
        QVERIFY(!m_cache->needsSignIn(account()));
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        QTest::qWait(600); // the back-off
        const AccessTokenAnswer back = ask();
        QVERIFY2(back.status == Status::Found, qPrintable(back.detail));
        QVERIFY(active(back.token));
        QCOMPARE(m_oidc.grantCount(DovecotFixture::user()), 1);
    }

    void revokedGrantNeedsSignIn()
    {
        QSignalSpy needed(m_cache.get(), &AccessTokenCache::signInNeeded);
        const AccessTokenAnswer current = ask();
        int revoked = 0;
        QString error;
        QVERIFY2(m_oidc.revokeGrants(DovecotFixture::user(), &revoked, &error), qPrintable(error));
        QCOMPARE(revoked, 1);
        QVERIFY(!active(current.token));
        m_cache->tokenRejected(account(), current.token); // as the mail server would
        const AccessTokenAnswer refused = ask();
        QCOMPARE(refused.status, Status::SignInNeeded);
        QVERIFY2(refused.detail.contains(QLatin1String("invalid_grant")), qPrintable(refused.detail));
        QCOMPARE(needed.size(), 1);
        const qsizetype providerLog = m_oidc.log().size();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(ask().status, Status::SignInNeeded);
        QCOMPARE(needed.size(), 1);
        QCOMPARE(m_oidc.log().size(), providerLog); // not one more request reached the provider
    }
};

QTEST_GUILESS_MAIN(TestOAuthOidc)
#include "tst_oauth_oidc.moc"
