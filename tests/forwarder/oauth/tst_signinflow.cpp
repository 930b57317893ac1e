// SignInFlow with a scripted "browser" (the injected open-URL function follows the authorization URL's redirect_uri
// the way a provider's redirect would) and a fake token endpoint: the authorization request (PKCE S256, state,
// loopback redirect, the provider's extra parameters), the code exchange (verifier, the exact redirect_uri), the
// refresh token stored, and each failure with its own reason: state mismatch, access denied, timeout, refused code,
// no refresh token, bad settings.
#include "faketokenendpoint.h"
#include "memorycredentialstore.h"
#include "oauth/pkce.h"
#include "oauth/refreshtokenstore.h"
#include "oauth/signinflow.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QtTest>
#include <memory>
#include <optional>

using namespace mailshim;
using Status = SignInResult::Status;

class TestSignInFlow : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeTokenEndpoint> m_endpoint;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<RefreshTokenStore> m_store;
    std::unique_ptr<SignInFlow> m_flow;
    QNetworkAccessManager m_browser;
    QUrlQuery m_authorization; // what the "browser" was asked to open
    int m_browserStatus = 0;   // the loopback listener's answer to the redirect

    OAuthAccount account() const
    {
        OAuthSettings s;
        s.provider = QStringLiteral("custom");
        s.authorizationUrl = m_endpoint->url(QStringLiteral("/auth")).toString();
        s.tokenUrl = m_endpoint->url(QStringLiteral("/token")).toString();
        s.clientId = QStringLiteral("mailshim-test");
        s.scopes = {QStringLiteral("openid"), QStringLiteral("offline_access"), QStringLiteral("mail")};
        return {s, QStringLiteral("alice@example.org")};
    }

    // The provider's redirect, delivered as a browser would: GET redirect_uri?<query>.
    void deliver(const QString &query, const QString &path = {})
    {
        QUrl redirect(m_authorization.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        if (!path.isEmpty())
            redirect.setPath(path);
        redirect.setQuery(query);
        QNetworkReply *reply = m_browser.get(QNetworkRequest(redirect));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            m_browserStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
        });
    }
    QString state() const { return m_authorization.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded); }

    // Runs a sign-in whose browser answers with query(state); returns its result.
    SignInResult run(const std::function<QString(const QString &state)> &query, int timeoutMs = 60000)
    {
        m_flow->setTimeoutMs(timeoutMs);
        m_flow->setOpenUrl([this, query](const QUrl &url) {
            m_authorization = QUrlQuery(url);
            if (query)
                deliver(query(state()));
        });
        QSignalSpy finished(m_flow.get(), &SignInFlow::finished);
        m_flow->start(account());
        if (!finished.wait(15000))
            return {Status::Cancelled, QStringLiteral("no result in time")};
        [&] { QCOMPARE(finished.size(), 1); }();
        return finished.first().first().value<SignInResult>();
    }

    void tokenEndpointChecksPkce()
    {
        m_endpoint->handler = [this](const FakeTokenEndpoint::Request &request) {
            const QString challenge = m_authorization.queryItemValue(QStringLiteral("code_challenge"));
            const QByteArray verifier = request.field(QStringLiteral("code_verifier")).toUtf8();
            if (request.field(QStringLiteral("grant_type")) != QLatin1String("authorization_code") ||
                request.field(QStringLiteral("code")) != QLatin1String("the-code") ||
                request.field(QStringLiteral("redirect_uri")) !=
                    m_authorization.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded) ||
                verifier.size() < 43 || QString::fromLatin1(Pkce::challengeS256(verifier)) != challenge)
                return FakeTokenEndpoint::error(400, "invalid_grant", "PKCE or redirect_uri mismatch");
            return FakeTokenEndpoint::tokens("at-1", "rt-1", 60);
        };
    }

private Q_SLOTS:
    void init()
    {
        m_endpoint = std::make_unique<FakeTokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_credentials = std::make_unique<MemoryCredentialStore>();
        m_store = std::make_unique<RefreshTokenStore>(*m_credentials);
        m_flow = std::make_unique<SignInFlow>(*m_store);
        m_authorization.clear();
        m_browserStatus = 0;
        tokenEndpointChecksPkce();
    }
    void cleanup()
    {
        m_flow.reset();
        m_store.reset();
        m_credentials.reset();
        m_endpoint.reset();
    }

    void signsInAndStoresTheRefreshToken()
    {
        QSignalSpy signedIn(m_store.get(), &RefreshTokenStore::signedIn);
        const SignInResult result = run([](const QString &s) { return QStringLiteral("code=the-code&state=") + s; });
        QVERIFY2(result.status == Status::SignedIn, qPrintable(result.detail));
        QCOMPARE(m_credentials->entries.value(RefreshTokenStore::keyFor(account()).toString()), QByteArray("rt-1"));
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(m_endpoint->requests.size(), 1);
        QTRY_COMPARE(m_browserStatus, 200); // the browser got the "you can close this page" answer
        QTest::qWait(300);
        QCOMPARE(m_endpoint->requests.size(), 1); // QtNetworkAuth did not redeem the code a second time

        // The authorization request as RFC 6749, 7636 and 8252 want it.
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("client_id")), QStringLiteral("mailshim-test"));
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("code_challenge")).size(), 43);
        QVERIFY(state().size() >= 22);
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded),
                 QStringLiteral("openid offline_access mail"));
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("prompt")), QStringLiteral("consent"));
        QCOMPARE(m_authorization.queryItemValue(QStringLiteral("login_hint"), QUrl::FullyDecoded),
                 QStringLiteral("alice@example.org"));
        const QUrl redirect(m_authorization.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QCOMPARE(redirect.scheme(), QStringLiteral("http"));
        QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(redirect.port() > 0);
        QCOMPARE(redirect.path(), QStringLiteral("/"));
        QCOMPARE(m_flow->redirectUri(), redirect.toString());
        QVERIFY(!m_flow->isRunning());
    }

    void eachSignInHasItsOwnStateAndVerifier()
    {
        run([](const QString &s) { return QStringLiteral("code=the-code&state=") + s; });
        const QUrlQuery first = m_authorization;
        run([](const QString &s) { return QStringLiteral("code=the-code&state=") + s; });
        QVERIFY(first.queryItemValue(QStringLiteral("state")) != state());
        QVERIFY(first.queryItemValue(QStringLiteral("code_challenge")) !=
                m_authorization.queryItemValue(QStringLiteral("code_challenge")));
    }

    void strayRequestsAreIgnored()
    {
        const SignInResult result = run([this](const QString &s) {
            deliver({}, QStringLiteral("/favicon.ico"));
            return QStringLiteral("code=the-code&state=") + s;
        });
        QVERIFY2(result.status == Status::SignedIn, qPrintable(result.detail));
    }

    void stateMismatch()
    {
        const SignInResult result = run([](const QString &) { return QStringLiteral("code=the-code&state=forged"); });
        QCOMPARE(result.status, Status::StateMismatch);
        QVERIFY2(result.detail.contains(QLatin1String("state")), qPrintable(result.detail));
        QCOMPARE(m_endpoint->requests.size(), 0); // the code was never redeemed
        QVERIFY(m_credentials->entries.isEmpty());
    }

    void accessDenied()
    {
        const SignInResult result = run([](const QString &s) {
            return QStringLiteral("error=access_denied&error_description=The+user+said+no&state=") + s;
        });
        QCOMPARE(result.status, Status::AccessDenied);
        QVERIFY2(result.detail.contains(QLatin1String("denied")), qPrintable(result.detail));
        QCOMPARE(m_endpoint->requests.size(), 0);
    }

    void otherErrorRedirect()
    {
        const SignInResult result =
            run([](const QString &s) { return QStringLiteral("error=invalid_scope&state=") + s; });
        QCOMPARE(result.status, Status::Refused);
        QVERIFY2(result.detail.contains(QLatin1String("invalid_scope")), qPrintable(result.detail));
    }

    void timeout()
    {
        QElapsedTimer timer;
        timer.start();
        const SignInResult result = run(nullptr, 500);
        QCOMPARE(result.status, Status::TimedOut);
        QVERIFY(timer.elapsed() < 10000);
        // The loopback port is closed afterwards: a late redirect finds nobody.
        QTest::qWait(50);
        deliver(QStringLiteral("code=the-code&state=") + state());
        QTRY_VERIFY(m_browserStatus == 0);
        QTest::qWait(300);
        QCOMPARE(m_endpoint->requests.size(), 0);
    }

    void refusedCode()
    {
        const SignInResult result = run([](const QString &s) { return QStringLiteral("code=wrong-code&state=") + s; });
        QCOMPARE(result.status, Status::Refused);
        QVERIFY2(result.detail.contains(QLatin1String("invalid_grant")), qPrintable(result.detail));
        QVERIFY(m_credentials->entries.isEmpty());
    }

    void providerDownIsUnavailable()
    {
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &) { return FakeTokenEndpoint::json(503, {}); };
        const SignInResult result = run([](const QString &s) { return QStringLiteral("code=the-code&state=") + s; });
        QCOMPARE(result.status, Status::Unavailable);
    }

    void noRefreshToken()
    {
        m_endpoint->handler = [](const FakeTokenEndpoint::Request &) { return FakeTokenEndpoint::tokens("at-1"); };
        const SignInResult result = run([](const QString &s) { return QStringLiteral("code=the-code&state=") + s; });
        QCOMPARE(result.status, Status::NoRefreshToken);
        QVERIFY(m_credentials->entries.isEmpty());
    }

    void keychainRefuses()
    {
        m_credentials->refuseWith = QStringLiteral("the keychain is locked");
        const SignInResult result = run([](const QString &s) { return QStringLiteral("code=the-code&state=") + s; });
        QCOMPARE(result.status, Status::StoreFailed);
        QVERIFY2(result.detail.contains(QLatin1String("locked")), qPrintable(result.detail));
    }

    void missingClientId()
    {
        OAuthAccount broken = account();
        broken.settings.clientId.clear();
        bool opened = false;
        m_flow->setOpenUrl([&](const QUrl &) { opened = true; });
        QSignalSpy finished(m_flow.get(), &SignInFlow::finished);
        m_flow->start(broken);
        QVERIFY(finished.wait(5000));
        const SignInResult result = finished.first().first().value<SignInResult>();
        QCOMPARE(result.status, Status::InvalidSettings);
        QVERIFY2(result.detail.contains(QLatin1String("oauth.clientId")), qPrintable(result.detail));
        QVERIFY(!opened);
    }

    void discoveredIssuerMustAnswer()
    {
        // A custom provider by issuer: endpoints discovered, and an "iss" in the answer must name that issuer.
        const QString issuer = m_endpoint->url(QStringLiteral("/issuer")).toString();
        const auto token = m_endpoint->handler;
        m_endpoint->handler = [this, issuer, token](const FakeTokenEndpoint::Request &request) {
            if (request.path.endsWith(QLatin1String("/.well-known/openid-configuration")))
                return FakeTokenEndpoint::json(
                    200,
                    QStringLiteral("{\"issuer\":\"%1\",\"authorization_endpoint\":\"%2\",\"token_endpoint\":\"%3\"}")
                        .arg(issuer, m_endpoint->url(QStringLiteral("/auth")).toString(),
                             m_endpoint->url(QStringLiteral("/token")).toString())
                        .toUtf8());
            return token(request);
        };
        OAuthAccount byIssuer = account();
        byIssuer.settings.authorizationUrl.clear();
        byIssuer.settings.tokenUrl.clear();
        byIssuer.settings.issuer = issuer;
        for (const bool sameIssuer : {true, false}) {
            m_flow->setOpenUrl([this, issuer, sameIssuer](const QUrl &url) {
                m_authorization = QUrlQuery(url);
                const QString iss = sameIssuer ? issuer : QStringLiteral("https://evil.example.org");
                deliver(QStringLiteral("code=the-code&state=%1&iss=%2")
                            .arg(state(), QString::fromLatin1(QUrl::toPercentEncoding(iss))));
            });
            QSignalSpy finished(m_flow.get(), &SignInFlow::finished);
            m_flow->start(byIssuer);
            QVERIFY(finished.wait(15000));
            const SignInResult result = finished.first().first().value<SignInResult>();
            QVERIFY2(result.status == (sameIssuer ? Status::SignedIn : Status::StateMismatch),
                     qPrintable(result.detail));
            QVERIFY(
                m_flow->authorizationUrl().toString().startsWith(m_endpoint->url(QStringLiteral("/auth")).toString()));
        }
    }

    void cancel()
    {
        QSignalSpy finished(m_flow.get(), &SignInFlow::finished);
        QSignalSpy ready(m_flow.get(), &SignInFlow::authorizationUrlReady);
        m_flow->start(account());
        QVERIFY(ready.wait(5000));
        QVERIFY(m_flow->isRunning());
        m_flow->cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<SignInResult>().status, Status::Cancelled);
        QVERIFY(!m_flow->isRunning());
    }
};

QTEST_GUILESS_MAIN(TestSignInFlow)
#include "tst_signinflow.moc"
