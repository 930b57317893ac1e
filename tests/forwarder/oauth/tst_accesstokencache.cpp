// AccessTokenCache against a fake token endpoint and the memory CredentialStore: rotation (the newest refresh token
// stored before its access token is used, an old one never sent again), refresh ahead of expiry, one refresh for many
// waiters, SignInNeeded remembered until a new sign-in, Unavailable with back-off, tokenRejected.
#include "faketokenendpoint.h"
#include "memorycredentialstore.h"
#include "oauth/accesstokencache.h"
#include "oauth/refreshtokenstore.h"
#include "oauth/tokenclient.h"

#include <QSignalSpy>
#include <QtTest>
#include <memory>
#include <optional>

using namespace mailshim;
using Status = AccessTokenAnswer::Status;

class TestAccessTokenCache : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeTokenEndpoint> m_endpoint;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<RefreshTokenStore> m_store;
    std::unique_ptr<AccessTokenCache> m_cache;
    qint64 m_now = 1000000;
    int m_issued = 0; // the fake provider's token counter

    OAuthAccount account(const QString &user = QStringLiteral("alice@example.org")) const
    {
        OAuthSettings s;
        s.provider = QStringLiteral("custom");
        s.authorizationUrl = m_endpoint->url(QStringLiteral("/auth")).toString();
        s.tokenUrl = m_endpoint->url(QStringLiteral("/token")).toString();
        s.clientId = QStringLiteral("mailshim-test");
        return {s, user};
    }
    QString key(const OAuthAccount &a) const { return RefreshTokenStore::keyFor(a).toString(); }

    AccessTokenAnswer ask(const OAuthAccount &a, int timeoutMs = 10000)
    {
        std::optional<AccessTokenAnswer> answer;
        m_cache->accessToken(a, this, [&](const AccessTokenAnswer &r) { answer = r; });
        if (!QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs))
            return {Status::Found, "no answer in time", {}};
        return *answer;
    }

    // A rotating provider: every refresh answers at-<n> and rt-<n+1>, for the refresh token it last issued only.
    void rotatingProvider(int expiresIn = 3600)
    {
        m_endpoint->handler = [this, expiresIn](const FakeTokenEndpoint::Request &request) {
            const QString expected = QStringLiteral("rt-%1").arg(m_issued);
            if (request.field(QStringLiteral("refresh_token")) != expected)
                return FakeTokenEndpoint::error(400, "invalid_grant", "refresh token reused or unknown");
            ++m_issued;
            return FakeTokenEndpoint::tokens("at-" + QByteArray::number(m_issued), "rt-" + QByteArray::number(m_issued),
                                             expiresIn);
        };
    }
    int requestsWith(const QString &refreshToken) const
    {
        int n = 0;
        for (const auto &request : m_endpoint->requests)
            n += request.field(QStringLiteral("refresh_token")) == refreshToken;
        return n;
    }

private Q_SLOTS:
    void init()
    {
        m_endpoint = std::make_unique<FakeTokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_credentials = std::make_unique<MemoryCredentialStore>();
        m_store = std::make_unique<RefreshTokenStore>(*m_credentials);
        m_cache = std::make_unique<AccessTokenCache>(*m_store);
        m_cache->setClock([this] { return m_now; });
        m_cache->tokenClient()->setTimeoutMs(2000);
        m_issued = 0;
        m_credentials->entries.insert(key(account()), "rt-0");
    }
    void cleanup()
    {
        m_cache.reset();
        m_store.reset();
        m_credentials.reset();
        m_endpoint.reset();
    }

    void refreshRotatesAndNeverReusesTheOldToken()
    {
        rotatingProvider();
        m_credentials->delayMs = 300; // a slow keychain: the access token must wait for it
        std::optional<AccessTokenAnswer> answer;
        QByteArray storedWhenAnswered;
        m_cache->accessToken(account(), this, [&](const AccessTokenAnswer &r) {
            answer = r;
            storedWhenAnswered = m_credentials->entries.value(key(account()));
        });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QCOMPARE(answer->status, Status::Found);
        QCOMPARE(answer->token, QByteArray("at-1"));
        QCOMPARE(storedWhenAnswered, QByteArray("rt-1")); // stored before the access token was handed out

        // The server refuses at-1: the next login refreshes with rt-1, never rt-0.
        m_cache->tokenRejected(account(), "at-1");
        AccessTokenAnswer second = ask(account());
        QCOMPARE(second.status, Status::Found);
        QCOMPARE(second.token, QByteArray("at-2"));
        QCOMPARE(m_credentials->entries.value(key(account())), QByteArray("rt-2"));
        QCOMPARE(requestsWith(QStringLiteral("rt-0")), 1);
        QCOMPARE(requestsWith(QStringLiteral("rt-1")), 1);
        QCOMPARE(m_endpoint->requests.size(), 2);
    }

    void currentTokenNeedsNoRequest()
    {
        rotatingProvider();
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        m_now += 3000 * 1000; // 50 of 60 minutes: still more than 5 minutes left
        for (int i = 0; i < 5; ++i)
            QCOMPARE(ask(account()).token, QByteArray("at-1"));
        QCOMPARE(m_endpoint->requests.size(), 1);
    }

    void tokenRejectedForAnotherTokenIsIgnored()
    {
        rotatingProvider();
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        m_cache->tokenRejected(account(), "at-0");
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        QCOMPARE(m_endpoint->requests.size(), 1);
    }

    void refreshAheadOfExpiry()
    {
        rotatingProvider(3600);
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        m_now += (3600 - 301) * 1000; // more than 5 minutes left: nothing to do
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        QCOMPARE(m_endpoint->requests.size(), 1);
        m_now += 2000; // 4:59 left: the current token still serves, and a refresh starts behind it
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        QTRY_COMPARE(m_endpoint->requests.size(), 2);
        QTRY_COMPARE(m_credentials->entries.value(key(account())), QByteArray("rt-2"));
        QCOMPARE(ask(account()).token, QByteArray("at-2"));
        QCOMPARE(m_endpoint->requests.size(), 2);
    }

    void shortLivedTokenRefreshesAtTenPercent()
    {
        rotatingProvider(60);
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        m_now += 53 * 1000; // 7 s of 60 left: more than 10 %
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        QCOMPARE(m_endpoint->requests.size(), 1);
        m_now += 2000; // 5 s left
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        QTRY_COMPARE(m_endpoint->requests.size(), 2);
        m_now += 10 * 1000; // the old one has expired: the new one serves
        QCOMPARE(ask(account()).token, QByteArray("at-2"));
    }

    void expiredTokenWaitsForTheRefresh()
    {
        rotatingProvider(600);
        QCOMPARE(ask(account()).token, QByteArray("at-1"));
        m_now += 600 * 1000;
        QCOMPARE(ask(account()).token, QByteArray("at-2"));
    }

    void oneRefreshForManyWaiters()
    {
        rotatingProvider();
        const auto rotate = m_endpoint->handler;
        m_endpoint->handler = [rotate](const FakeTokenEndpoint::Request &request) {
            FakeTokenEndpoint::Reply reply = rotate(request);
            reply.delayMs = 300;
            return reply;
        };
        QList<AccessTokenAnswer> answers;
        std::vector<std::unique_ptr<QObject>> sessions;
        for (int i = 0; i < 25; ++i) {
            sessions.push_back(std::make_unique<QObject>());
            m_cache->accessToken(account(), sessions.back().get(),
                                 [&](const AccessTokenAnswer &r) { answers.append(r); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 25, 10000);
        for (const AccessTokenAnswer &a : answers) {
            QCOMPARE(a.status, Status::Found);
            QCOMPARE(a.token, QByteArray("at-1"));
        }
        QCOMPARE(m_endpoint->requests.size(), 1);
        QCOMPARE(m_credentials->asked.size(), 1); // one keychain read, too
    }

    void accountsAreSeparate()
    {
        const OAuthAccount bob = account(QStringLiteral("bob@example.org"));
        m_credentials->entries.insert(key(bob), "bob-rt");
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &request) {
            return FakeTokenEndpoint::tokens("at-for-" + request.field(QStringLiteral("refresh_token")).toUtf8());
        };
        QCOMPARE(ask(account()).token, QByteArray("at-for-rt-0"));
        QCOMPARE(ask(bob).token, QByteArray("at-for-bob-rt"));
        QCOMPARE(ask(account()).token, QByteArray("at-for-rt-0"));
        QCOMPARE(m_endpoint->requests.size(), 2);
    }

    void signInNeededIsRemembered_data()
    {
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("invalid_grant") << QByteArray("invalid_grant");
        QTest::newRow("invalid_client") << QByteArray("invalid_client");
        QTest::newRow("unauthorized_client") << QByteArray("unauthorized_client");
    }
    void signInNeededIsRemembered()
    {
        QFETCH(QByteArray, error);
        m_endpoint->handler = [&](const FakeTokenEndpoint::Request &) {
            return FakeTokenEndpoint::error(400, error, "no");
        };
        QSignalSpy needed(m_cache.get(), &AccessTokenCache::signInNeeded);
        AccessTokenAnswer answer = ask(account());
        QCOMPARE(answer.status, Status::SignInNeeded);
        QVERIFY2(answer.detail.contains(QString::fromLatin1(error)), qPrintable(answer.detail));
        QVERIFY(answer.token.isEmpty());
        QCOMPARE(needed.size(), 1);
        QCOMPARE(needed.first().first().value<OAuthAccount>().user, account().user);
        // No login loop: every later login hears SignInNeeded at once, with no request and no new signal.
        for (int i = 0; i < 10; ++i) {
            m_now += 3600 * 1000;
            QCOMPARE(ask(account()).status, Status::SignInNeeded);
        }
        QCOMPARE(m_endpoint->requests.size(), 1);
        QCOMPARE(needed.size(), 1);
        QVERIFY(m_cache->needsSignIn(account()));

        // A new sign-in stores a new refresh token: the account works again.
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &request) {
            if (request.field(QStringLiteral("refresh_token")) != QLatin1String("rt-new"))
                return FakeTokenEndpoint::error(400, "invalid_grant");
            return FakeTokenEndpoint::tokens("at-new");
        };
        bool stored = false;
        m_store->storeSignIn(account(), "rt-new", this, [&](bool ok, const QString &) { stored = ok; });
        QTRY_VERIFY(stored);
        QVERIFY(!m_cache->needsSignIn(account()));
        answer = ask(account());
        QCOMPARE(answer.status, Status::Found);
        QCOMPARE(answer.token, QByteArray("at-new"));
    }

    void changedSettingsGetOneMoreTry()
    {
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &request) {
            if (request.field(QStringLiteral("client_id")) != QLatin1String("fixed-client"))
                return FakeTokenEndpoint::error(401, "invalid_client");
            return FakeTokenEndpoint::tokens("at-1");
        };
        QCOMPARE(ask(account()).status, Status::SignInNeeded);
        QCOMPARE(ask(account()).status, Status::SignInNeeded);
        QCOMPARE(m_endpoint->requests.size(), 1);
        OAuthAccount fixed = account();
        fixed.settings.clientId = QStringLiteral("fixed-client");
        const AccessTokenAnswer answer = ask(fixed);
        QCOMPARE(answer.status, Status::Found);
        QCOMPARE(answer.token, QByteArray("at-1"));
        QCOMPARE(m_endpoint->requests.size(), 2);
    }

    void nothingStoredMeansSignIn()
    {
        m_credentials->entries.clear();
        QSignalSpy needed(m_cache.get(), &AccessTokenCache::signInNeeded);
        const AccessTokenAnswer answer = ask(account());
        QCOMPARE(answer.status, Status::SignInNeeded);
        QCOMPARE(m_endpoint->requests.size(), 0);
        QCOMPARE(needed.size(), 1);
    }

    void settingsErrorIsSignInNeeded()
    {
        OAuthAccount broken = account();
        broken.settings.clientId.clear();
        const AccessTokenAnswer answer = ask(broken);
        QCOMPARE(answer.status, Status::SignInNeeded);
        QVERIFY2(answer.detail.contains(QLatin1String("oauth.clientId")), qPrintable(answer.detail));
        QCOMPARE(m_endpoint->requests.size(), 0);
    }

    void unavailableBacksOff()
    {
        AccessTokenCache::Options options;
        options.backoffInitialMs = 1000;
        options.backoffMaxMs = 4000;
        m_cache->setOptions(options);
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &) { return FakeTokenEndpoint::json(503, {}); };
        QSignalSpy needed(m_cache.get(), &AccessTokenCache::signInNeeded);

        QCOMPARE(ask(account()).status, Status::Unavailable);
        QCOMPARE(m_endpoint->requests.size(), 1);
        const AccessTokenAnswer waiting = ask(account()); // within the back-off: no request
        QCOMPARE(waiting.status, Status::Unavailable);
        QVERIFY2(waiting.detail.contains(QLatin1String("next try")), qPrintable(waiting.detail));
        QCOMPARE(m_endpoint->requests.size(), 1);

        m_now += 1001; // 1 s passed: the second try
        QCOMPARE(ask(account()).status, Status::Unavailable);
        QCOMPARE(m_endpoint->requests.size(), 2);
        m_now += 1001; // now it waits 2 s
        QCOMPARE(ask(account()).status, Status::Unavailable);
        QCOMPARE(m_endpoint->requests.size(), 2);
        m_now += 1000;
        QCOMPARE(ask(account()).status, Status::Unavailable);
        QCOMPARE(m_endpoint->requests.size(), 3);
        m_now += 4001; // then 4 s, the cap
        QCOMPARE(ask(account()).status, Status::Unavailable);
        QCOMPARE(m_endpoint->requests.size(), 4);
        m_now += 3999;
        QCOMPARE(ask(account()).status, Status::Unavailable);
        QCOMPARE(m_endpoint->requests.size(), 4);

        // The provider is back, and the refresh token was never given up on.
        rotatingProvider();
        m_now += 2;
        const AccessTokenAnswer back = ask(account());
        QCOMPARE(back.status, Status::Found);
        QCOMPARE(back.token, QByteArray("at-1"));
        QCOMPARE(needed.size(), 0);
        // And a later failure starts again from the first step.
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &) { return FakeTokenEndpoint::json(503, {}); };
        m_cache->tokenRejected(account(), "at-1");
        QCOMPARE(ask(account()).status, Status::Unavailable);
        m_now += 1001;
        ask(account());
        QCOMPARE(m_endpoint->requests.size(), 7);
    }

    void networkFailuresAreUnavailable()
    {
        m_cache->tokenClient()->setTimeoutMs(300);
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &) {
            FakeTokenEndpoint::Reply reply;
            reply.hang = true;
            return reply;
        };
        QCOMPARE(ask(account()).status, Status::Unavailable);
        m_now += 10 * 60 * 1000;
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &) {
            FakeTokenEndpoint::Reply reply;
            reply.drop = true;
            return reply;
        };
        QCOMPARE(ask(account()).status, Status::Unavailable);
        QVERIFY(!m_cache->needsSignIn(account()));
    }

    void keychainLockedIsUnavailable()
    {
        m_credentials->refuseWith = QStringLiteral("the keychain is locked");
        const AccessTokenAnswer answer = ask(account());
        QCOMPARE(answer.status, Status::Unavailable);
        QVERIFY2(answer.detail.contains(QLatin1String("locked")), qPrintable(answer.detail));
        QCOMPARE(m_endpoint->requests.size(), 0);
    }

    void rotatedTokenThatCouldNotBeStoredIsKeptInMemory()
    {
        rotatingProvider();
        QCOMPARE(ask(account()).token, QByteArray("at-1")); // rt-1 stored
        m_credentials->refuseWith = QStringLiteral("the keychain is locked");
        m_cache->tokenRejected(account(), "at-1");
        QCOMPARE(ask(account()).token, QByteArray("at-2")); // rt-2 could not be stored
        QCOMPARE(m_credentials->entries.value(key(account())), QByteArray("rt-1"));
        m_credentials->refuseWith.clear();
        m_cache->tokenRejected(account(), "at-2");
        QCOMPARE(ask(account()).token, QByteArray("at-3")); // from rt-2, kept in memory
        QCOMPARE(requestsWith(QStringLiteral("rt-1")), 1);

        // A second cache (a restarted engine in this process) finds rt-1 in the store: it was replaced, so it is not
        // sent (the provider would take it as a stolen token and revoke the grant).
        m_credentials->entries.insert(key(account()), "rt-1");
        AccessTokenCache fresh(*m_store);
        std::optional<AccessTokenAnswer> answer;
        fresh.accessToken(account(), this, [&](const AccessTokenAnswer &r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->status, Status::SignInNeeded);
        QCOMPARE(requestsWith(QStringLiteral("rt-1")), 1);
    }

    void noAnswerAfterTheSessionIsGone()
    {
        rotatingProvider();
        const auto rotate = m_endpoint->handler;
        m_endpoint->handler = [rotate](const FakeTokenEndpoint::Request &request) {
            FakeTokenEndpoint::Reply reply = rotate(request);
            reply.delayMs = 200;
            return reply;
        };
        bool called = false;
        auto *session = new QObject;
        m_cache->accessToken(account(), session, [&](const AccessTokenAnswer &) { called = true; });
        QTRY_COMPARE(m_endpoint->requests.size(), 1);
        delete session;
        QTest::qWait(600);
        QVERIFY(!called);
        QCOMPARE(ask(account()).token, QByteArray("at-1")); // the refresh itself completed
    }

    void answersComeLater()
    {
        rotatingProvider();
        ask(account());
        bool called = false;
        m_cache->accessToken(account(), this, [&](const AccessTokenAnswer &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }
};

QTEST_GUILESS_MAIN(TestAccessTokenCache)
#include "tst_accesstokencache.moc"
