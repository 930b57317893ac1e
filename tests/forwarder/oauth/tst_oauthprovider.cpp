// The provider table, resolveOAuth (endpoints, scopes, client, the errors that name the field to fix), the URL rule
// (https, or http on loopback), PKCE's strings, the refresh token's store key and the discovery document's checks.
#include "oauth/oauthdiscovery.h"
#include "oauth/oauthprovider.h"
#include "oauth/pkce.h"
#include "oauth/refreshtokenstore.h"

#include <QRegularExpression>
#include <QtTest>

using namespace mailshim;

namespace {

OAuthSettings settings(const QString &provider, const QString &clientId = QStringLiteral("client-1"))
{
    OAuthSettings s;
    s.provider = provider;
    s.clientId = clientId;
    return s;
}

} // namespace

class TestOAuthProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void microsoftCommonByDefault()
    {
        const OAuthResolution r = resolveOAuth(settings(QStringLiteral("microsoft")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.endpoints.authorizationUrl,
                 QUrl(QStringLiteral("https://login.microsoftonline.com/common/oauth2/v2.0/authorize")));
        QCOMPARE(r.endpoints.tokenUrl,
                 QUrl(QStringLiteral("https://login.microsoftonline.com/common/oauth2/v2.0/token")));
        QCOMPARE(r.endpoints.scopes, (QStringList{QStringLiteral("https://outlook.office.com/POP.AccessAsUser.All"),
                                                  QStringLiteral("https://outlook.office.com/SMTP.Send"),
                                                  QStringLiteral("offline_access")}));
        QCOMPARE(r.endpoints.clientId, QStringLiteral("client-1"));
        QVERIFY(r.endpoints.clientSecret.isEmpty());
        QVERIFY(r.discoverFrom.isEmpty());
        QCOMPARE(r.endpoints.identity, QStringLiteral("microsoft/common"));
    }

    void microsoftTenants()
    {
        OAuthSettings s = settings(QStringLiteral("microsoft"));
        s.tenant = QStringLiteral("Contoso.onmicrosoft.com");
        OAuthResolution r = resolveOAuth(s);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.endpoints.tokenUrl.path(), QStringLiteral("/Contoso.onmicrosoft.com/oauth2/v2.0/token"));
        QCOMPARE(r.endpoints.identity, QStringLiteral("microsoft/contoso.onmicrosoft.com"));
        s.tenant = QStringLiteral("organizations");
        QCOMPARE(resolveOAuth(s).endpoints.authorizationUrl.path(),
                 QStringLiteral("/organizations/oauth2/v2.0/authorize"));
        for (const QString &bad : {QStringLiteral("a/b"), QStringLiteral("x?y=1"), QStringLiteral("../common")}) {
            s.tenant = bad;
            r = resolveOAuth(s);
            QVERIFY2(!r.ok(), qPrintable(bad));
            QVERIFY(r.error.contains(QLatin1String("oauth.tenant")));
        }
    }

    void scopesPerProtocol()
    {
        const OAuthSettings s = settings(QStringLiteral("microsoft"));
        QCOMPARE(resolveOAuth(s, oauthUseFor(Protocol::Pop3)).endpoints.scopes,
                 (QStringList{QStringLiteral("https://outlook.office.com/POP.AccessAsUser.All"),
                              QStringLiteral("offline_access")}));
        QCOMPARE(
            resolveOAuth(s, oauthUseFor(Protocol::Smtp)).endpoints.scopes,
            (QStringList{QStringLiteral("https://outlook.office.com/SMTP.Send"), QStringLiteral("offline_access")}));
        OAuthSettings own = s;
        own.scopes = {QStringLiteral("a"), QStringLiteral("b")};
        QCOMPARE(resolveOAuth(own).endpoints.scopes, own.scopes);
    }

    void googleNeedsSecret()
    {
        OAuthSettings s = settings(QStringLiteral("google"));
        OAuthResolution r = resolveOAuth(s);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("oauth.clientSecret")), qPrintable(r.error));
        s.clientSecret = QStringLiteral("not-so-secret");
        r = resolveOAuth(s);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.endpoints.tokenUrl, QUrl(QStringLiteral("https://oauth2.googleapis.com/token")));
        QCOMPARE(r.endpoints.scopes, QStringList{QStringLiteral("https://mail.google.com/")});
        QVERIFY(r.endpoints.authorizationParameters.contains(
            qMakePair(QStringLiteral("access_type"), QStringLiteral("offline"))));
        QCOMPARE(r.endpoints.identity, QStringLiteral("google"));
    }

    void missingClientIdIsAnError()
    {
        for (const QString &provider :
             {QStringLiteral("microsoft"), QStringLiteral("google"), QStringLiteral("custom")}) {
            OAuthSettings s = settings(provider, QStringLiteral("  "));
            s.clientSecret = QStringLiteral("x");
            s.issuer = QStringLiteral("https://id.example.org");
            const OAuthResolution r = resolveOAuth(s);
            QVERIFY2(!r.ok(), qPrintable(provider));
            QVERIFY2(r.error.contains(QLatin1String("oauth.clientId")), qPrintable(r.error));
        }
    }

    void unknownProvider()
    {
        const OAuthResolution r = resolveOAuth(settings(QStringLiteral("yahoo")));
        QVERIFY(!r.ok());
        QVERIFY(r.error.contains(QLatin1String("yahoo")));
    }

    void customIssuerIsDiscovered()
    {
        OAuthSettings s = settings(QStringLiteral("custom"));
        s.issuer = QStringLiteral("https://id.example.org/realms/mail");
        OAuthResolution r = resolveOAuth(s);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.discoverFrom, QUrl(s.issuer));
        QCOMPARE(r.endpoints.identity, QStringLiteral("custom/id.example.org/realms/mail"));
        QCOMPARE(r.endpoints.scopes, QStringList{QStringLiteral("offline_access")});
        s.issuer = QStringLiteral("http://id.example.org");
        QVERIFY(!resolveOAuth(s).ok());
        s.issuer = QStringLiteral("http://127.0.0.1:8080");
        QVERIFY(resolveOAuth(s).ok());
    }

    void customEndpoints()
    {
        OAuthSettings s = settings(QStringLiteral("custom"));
        QVERIFY(!resolveOAuth(s).ok()); // neither issuer nor endpoints
        s.authorizationUrl = QStringLiteral("https://id.example.org/auth");
        s.tokenUrl = QStringLiteral("http://id.example.org/token");
        OAuthResolution r = resolveOAuth(s);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("oauth.tokenUrl")), qPrintable(r.error));
        s.tokenUrl = QStringLiteral("https://id.example.org/token");
        r = resolveOAuth(s);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.endpoints.tokenUrl, QUrl(s.tokenUrl));
        QCOMPARE(r.endpoints.identity, QStringLiteral("custom/id.example.org/token"));
    }

    void urlRule_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("https") << "https://login.example.com/token" << true;
        QTest::newRow("http remote") << "http://login.example.com/token" << false;
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:4000/token" << true;
        QTest::newRow("http 127.1.2.3") << "http://127.1.2.3/token" << true;
        QTest::newRow("http ::1") << "http://[::1]:4000/token" << true;
        QTest::newRow("http localhost") << "http://localhost:4000/token" << true;
        QTest::newRow("user info") << "https://user:pw@login.example.com/token" << false;
        QTest::newRow("fragment") << "https://login.example.com/token#x" << false;
        QTest::newRow("ftp") << "ftp://login.example.com/token" << false;
        QTest::newRow("relative") << "/token" << false;
    }
    void urlRule()
    {
        QFETCH(QString, url);
        QFETCH(bool, acceptable);
        QCOMPARE(isAcceptableOAuthUrl(QUrl(url)), acceptable);
    }

    void pkceStrings()
    {
        const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]+$"));
        const QByteArray verifier = Pkce::newVerifier();
        QCOMPARE(verifier.size(), 43);
        QVERIFY(base64url.match(QString::fromLatin1(verifier)).hasMatch());
        QVERIFY(Pkce::newVerifier() != verifier);
        // Expected value from Python's hashlib: base64url(sha256(verifier)) without padding.
        QCOMPARE(Pkce::challengeS256("dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                 QByteArray("ngF5GsXcbwljx6u133FFr3Xht9xooA_DuaX_3QwODtc"));
        const QByteArray state = Pkce::newState();
        QVERIFY(state.size() >= 22);
        QVERIFY(base64url.match(QString::fromLatin1(state)).hasMatch());
        QVERIFY(Pkce::newState() != state);
    }

    void refreshTokenKeyHasItsOwnNamespace()
    {
        OAuthAccount account{settings(QStringLiteral("microsoft")), QStringLiteral("alice@contoso.com")};
        const CredentialKey key = RefreshTokenStore::keyFor(account);
        QVERIFY(key.host.startsWith(QLatin1String("oauth2/")));
        QCOMPARE(key.port, quint16(0));
        QCOMPARE(key.user, account.user);
        // Never the key of a password for a mail server, whatever its name.
        const CredentialKey password{QStringLiteral("outlook.office365.com"), 995, account.user};
        QVERIFY(!(key == password));
        QVERIFY(key.toString() != password.toString());
        // Tenants and providers do not share a token; the client id does not change where it lives.
        OAuthAccount other = account;
        other.settings.tenant = QStringLiteral("organizations");
        QVERIFY(RefreshTokenStore::keyFor(other).toString() != key.toString());
        other = account;
        other.settings.clientId = QStringLiteral("another");
        QCOMPARE(RefreshTokenStore::keyFor(other).toString(), key.toString());
    }

    void discoveryDocument()
    {
        const QUrl issuer(QStringLiteral("https://id.example.org/realms/mail"));
        QCOMPARE(OAuthDiscovery::documentUrl(issuer),
                 QUrl(QStringLiteral("https://id.example.org/realms/mail/.well-known/openid-configuration")));
        QCOMPARE(OAuthDiscovery::documentUrl(QUrl(QStringLiteral("https://id.example.org/"))),
                 QUrl(QStringLiteral("https://id.example.org/.well-known/openid-configuration")));

        const QByteArray good = "{\"issuer\":\"https://id.example.org/realms/mail\","
                                "\"authorization_endpoint\":\"https://id.example.org/auth\","
                                "\"token_endpoint\":\"https://id.example.org/token\"}";
        DiscoveryResult r = OAuthDiscovery::parse(issuer, good);
        QCOMPARE(r.status, DiscoveryResult::Status::Ok);
        QCOMPARE(r.tokenUrl, QUrl(QStringLiteral("https://id.example.org/token")));
        QCOMPARE(r.authorizationUrl, QUrl(QStringLiteral("https://id.example.org/auth")));

        r = OAuthDiscovery::parse(issuer, QByteArray(good).replace("realms/mail\",", "realms/other\","));
        QCOMPARE(r.status, DiscoveryResult::Status::Invalid);
        QVERIFY2(r.error.contains(QLatin1String("another issuer")), qPrintable(r.error));
        r = OAuthDiscovery::parse(
            issuer, QByteArray(good).replace("https://id.example.org/token", "http://id.example.org/token"));
        QCOMPARE(r.status, DiscoveryResult::Status::Invalid);
        QVERIFY2(r.error.contains(QLatin1String("token_endpoint")), qPrintable(r.error));
        QCOMPARE(OAuthDiscovery::parse(issuer, "<html>").status, DiscoveryResult::Status::Invalid);
    }
};

QTEST_GUILESS_MAIN(TestOAuthProvider)
#include "tst_oauthprovider.moc"
