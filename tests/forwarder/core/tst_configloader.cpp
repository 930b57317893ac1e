// ConfigLoader: the contract's JSON is read as written; every bad field is named with its value; a file
// written by toJson() reads back the same.

#include "core/configloader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

namespace {
const QByteArray kContractExample = R"({ "listeners": [ {
    "name": "isp", "enabled": true, "listen": "127.0.0.1:3999",
    "upstream": { "host": "pop.example.net", "port": 995, "security": "tls",
                  "caFile": "", "pinSha256": "", "verifyHostname": true },
    "routing": { "enabled": false, "separator": ":", "allow": [ { "host": "pop.example.net", "port": 995, "security": "tls" } ] },
    "maxSessions": 20, "failedHostRetrySeconds": 60, "failedAccountRetrySeconds": 600 } ],
  "logLevel": "problems" })";

// A POP3 listener with login oauth2; body replaces the default oauth object, extra is added to the listener.
QByteArray oauthJson(const QByteArray &extra, const QByteArray &security = "tls",
                     const QByteArray &oauth = "{\"provider\":\"microsoft\",\"clientId\":\"app-id\"}")
{
    return "{\"listeners\":[{\"name\":\"a\",\"user\":\"alice@example.com\",\"login\":\"oauth2\",\"oauth\":" + oauth +
           ",\"upstream\":{\"host\":\"outlook.office365.com\",\"security\":\"" + security + "\"}" +
           (extra.isEmpty() ? QByteArray() : "," + extra) + "}]}";
}

QByteArray withListener(const QByteArray &listenerBody)
{
    return R"({"listeners":[{"name":"a","upstream":{"host":"pop.example.net","security":"tls"})" +
           (listenerBody.isEmpty() ? QByteArray() : "," + listenerBody) + "}]}";
}
} // namespace

class TestConfigLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contractExample()
    {
        const ConfigLoadResult result = ConfigLoader::fromJson(kContractExample);
        QVERIFY2(result.ok(), qPrintable(result.errors.value(0).toString()));
        QCOMPARE(result.config.listeners.size(), 1);
        const ListenerConfig &l = result.config.listeners.first();
        QCOMPARE(l.name, QStringLiteral("isp"));
        QCOMPARE(l.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(l.port, quint16(3999));
        QVERIFY(l.upstream);
        QCOMPARE(l.upstream->host, QStringLiteral("pop.example.net"));
        QCOMPARE(l.upstream->effectivePort(), quint16(995));
        QCOMPARE(l.upstream->security, Security::Tls);
        QCOMPARE(l.maxSessions, 20);
        QCOMPARE(l.failedAccountRetrySeconds, 600);
        QCOMPARE(result.config.logLevel, LogLevel::Problems);
    }

    void defaults()
    {
        const ConfigLoadResult result = ConfigLoader::fromJson(withListener({}));
        QVERIFY(result.ok());
        const ListenerConfig &l = result.config.listeners.first();
        QCOMPARE(l.port, quint16(3999));
        QVERIFY(l.address.isLoopback());
        QCOMPARE(l.upstream->effectivePort(), quint16(995));
        QVERIFY(!l.routing.enabled);
        QVERIFY(l.upstream->tls.verifyHostname);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{\"listeners\": [") << QString() << QStringLiteral("not valid JSON");
        // Where an editor would show it: line 3, where the missing comma is noticed (not a byte offset).
        QTest::newRow("json error at line and column")
            << QByteArray("{\n  \"logLevel\": \"all\"\n  \"listeners\": []\n}") << QString()
            << QStringLiteral("at line 3, column ");
        QTest::newRow("top level array") << QByteArray("[]") << QString() << QStringLiteral("JSON object");
        QTest::newRow("no listeners") << QByteArray("{}") << QStringLiteral("listeners") << QStringLiteral("required");
        QTest::newRow("port too big") << withListener(R"("listen":"127.0.0.1:70000")")
                                      << QStringLiteral("listeners[0].listen") << QStringLiteral("70000");
        QTest::newRow("upstream port")
            << QByteArray(R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"tls","port":0}}]})")
            << QStringLiteral("listeners[0].upstream.port") << QStringLiteral("got 0");
        QTest::newRow("bad security") << QByteArray(
                                             R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"ssl"}}]})")
                                      << QStringLiteral("listeners[0].upstream.security") << QStringLiteral("\"ssl\"");
        QTest::newRow("security missing: plain never implied")
            << QByteArray(R"({"listeners":[{"name":"a","upstream":{"host":"h"}}]})")
            << QStringLiteral("listeners[0].upstream.security") << QStringLiteral("required");
        QTest::newRow("bad host")
            << QByteArray(R"({"listeners":[{"name":"a","upstream":{"host":"bad host!","security":"tls"}}]})")
            << QStringLiteral("listeners[0].upstream.host") << QStringLiteral("bad host!");
        QTest::newRow("bad pin")
            << QByteArray(R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"tls","pinSha256":"abc"}}]})")
            << QStringLiteral("listeners[0].upstream.pinSha256") << QStringLiteral("64 hex");
        QTest::newRow("missing caFile")
            << QByteArray(
                   R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"tls","caFile":"/nonexistent/ca.pem"}}]})")
            << QStringLiteral("listeners[0].upstream.caFile") << QStringLiteral("/nonexistent/ca.pem");
        QTest::newRow("hostname check off without pin")
            << QByteArray(
                   R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"tls","verifyHostname":false}}]})")
            << QStringLiteral("listeners[0].upstream.verifyHostname") << QStringLiteral("needs pinSha256");
        QTest::newRow("pin without tls")
            << QByteArray(R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"apop","pinSha256":")" +
                          QByteArray(64, 'a') + R"("}}]})")
            << QStringLiteral("listeners[0].upstream.security") << QStringLiteral("TLS mode");
        QTest::newRow("typo key") << withListener(R"("maxSesions": 5)") << QStringLiteral("listeners[0].maxSesions")
                                  << QStringLiteral("unknown setting; did you mean \"maxSessions\"?");
        QTest::newRow("typo key, case") << withListener(R"("StoredPassword": true)")
                                        << QStringLiteral("listeners[0].StoredPassword")
                                        << QStringLiteral("did you mean \"storedPassword\"?");
        QTest::newRow("unknown key, nothing near")
            << withListener(R"("colour": "blue")") << QStringLiteral("listeners[0].colour")
            << QStringLiteral("unknown setting");
        QTest::newRow("wrong type") << withListener(R"("enabled": "yes")") << QStringLiteral("listeners[0].enabled")
                                    << QStringLiteral("true or false");
        QTest::newRow("sessions range") << withListener(R"("maxSessions": 0)")
                                        << QStringLiteral("listeners[0].maxSessions") << QStringLiteral("from 1");
        // Found by fuzz_configloader: beyond qint64 the integer check itself was undefined behaviour (UBSan).
        QTest::newRow("number beyond any integer")
            << withListener(R"("maxSessions": 3e36)") << QStringLiteral("listeners[0].maxSessions")
            << QStringLiteral("whole number");
        QTest::newRow("fraction") << withListener(R"("maxSessions": 2.5)") << QStringLiteral("listeners[0].maxSessions")
                                  << QStringLiteral("2.5");
        QTest::newRow("non-loopback") << withListener(R"("listen":"0.0.0.0:3999")")
                                      << QStringLiteral("listeners[0].listen") << QStringLiteral("allowNonLoopback");
        QTest::newRow("user with CR") << withListener(R"("user":"al\rice")") << QStringLiteral("listeners[0].user")
                                      << QStringLiteral("control characters");
        QTest::newRow("storedPassword type")
            << withListener(R"("storedPassword":1)") << QStringLiteral("listeners[0].storedPassword")
            << QStringLiteral("true or false");
        QTest::newRow("separator") << withListener(R"("routing":{"separator":"ab"})")
                                   << QStringLiteral("listeners[0].routing.separator") << QStringLiteral("\"ab\"");
        QTest::newRow("routing without allow")
            << withListener(R"("routing":{"enabled":true})") << QStringLiteral("listeners[0].routing.allow")
            << QStringLiteral("empty");
        QTest::newRow("allow entry bad")
            << withListener(R"("routing":{"enabled":true,"allow":[{"host":"h","security":"tls","port":-1}]})")
            << QStringLiteral("listeners[0].routing.allow[0].port") << QStringLiteral("-1");
        QTest::newRow("no upstream") << QByteArray(R"({"listeners":[{"name":"a"}]})")
                                     << QStringLiteral("listeners[0].upstream") << QStringLiteral("routing");
        QTest::newRow("self loop")
            << QByteArray(
                   R"({"listeners":[{"name":"a","listen":"127.0.0.1:4100","upstream":{"host":"localhost","port":4100,"security":"plain"}}]})")
            << QStringLiteral("listeners[0].upstream") << QStringLiteral("loop");
        QTest::newRow("duplicate name")
            << QByteArray(
                   R"({"listeners":[{"name":"a","listen":"127.0.0.1:1","upstream":{"host":"h","security":"tls"}},{"name":"a","listen":"127.0.0.1:2","upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[1].name") << QStringLiteral("already used");
        QTest::newRow("duplicate port")
            << QByteArray(
                   R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"tls"}},{"name":"b","upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[1].listen") << QStringLiteral("3999");
        QTest::newRow("log level") << QByteArray(R"({"listeners":[],"logLevel":"verbose"})")
                                   << QStringLiteral("logLevel") << QStringLiteral("verbose");
        QTest::newRow("timeouts") << QByteArray(R"({"listeners":[],"timeouts":{"connectSeconds":0}})")
                                  << QStringLiteral("timeouts.connectSeconds") << QStringLiteral("got 0");
        QTest::newRow("unknown protocol") << withListener(R"("protocol":"imap")")
                                          << QStringLiteral("listeners[0].protocol") << QStringLiteral("imap");
        QTest::newRow("apop on smtp")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","upstream":{"host":"h","security":"apop+tls"}}]})")
            << QStringLiteral("listeners[0].upstream.security") << QStringLiteral("tls, starttls or plain");
        QTest::newRow("routing on smtp")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","routing":{"enabled":true,"allow":[{"host":"h","security":"tls"}]}}]})")
            << QStringLiteral("listeners[0].routing") << QStringLiteral("POP3 listeners only");
        QTest::newRow("clientAuth on pop3") << withListener(R"("clientAuth":"optional")")
                                            << QStringLiteral("listeners[0].clientAuth") << QStringLiteral("SMTP");
        QTest::newRow("clientAuth value")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","clientAuth":"maybe","upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[0].clientAuth") << QStringLiteral("maybe");
        QTest::newRow("optional without stored password")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","clientAuth":"optional","user":"u","upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[0].clientAuth") << QStringLiteral("storedPassword");
        QTest::newRow("popBeforeSmtp names no POP3 listener")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","upstream":{"host":"h","security":"tls"},"popBeforeSmtp":{"listener":"nope"}}]})")
            << QStringLiteral("listeners[0].popBeforeSmtp.listener") << QStringLiteral("nope");
        QTest::newRow("popBeforeSmtp delay past window")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","upstream":{"host":"h","security":"tls"},"popBeforeSmtp":{"listener":"p","windowSeconds":10,"delaySeconds":10}},{"name":"p","listen":"127.0.0.1:4000","upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[0].popBeforeSmtp.delaySeconds") << QStringLiteral("shorter");
        // login oauth2: every way to get it wrong names its field. URLs are written "https:\/\/" (JSON's escaped
        // slash): moc takes a double slash inside a raw string for a comment.
        QTest::newRow("login value") << withListener(R"("login":"token")") << QStringLiteral("listeners[0].login")
                                     << QStringLiteral("password or oauth2");
        QTest::newRow("oauth without oauth2") << withListener(R"("oauth":{"provider":"google","clientId":"x"})")
                                              << QStringLiteral("listeners[0].oauth") << QStringLiteral("only with");
        QTest::newRow("oauth2 without oauth") << withListener(R"("login":"oauth2","user":"u")")
                                              << QStringLiteral("listeners[0].oauth") << QStringLiteral("required");
        QTest::newRow("oauth2 over plain")
            << oauthJson({}, "plain") << QStringLiteral("listeners[0].login") << QStringLiteral("\"plain\"");
        QTest::newRow("oauth2 with apop")
            << oauthJson({}, "apop") << QStringLiteral("listeners[0].login") << QStringLiteral("tls or stls");
        QTest::newRow("oauth2 with apop+tls")
            << oauthJson({}, "apop+tls") << QStringLiteral("listeners[0].login") << QStringLiteral("\"apop+tls\"");
        QTest::newRow("oauth2 smtp plain")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","user":"u","login":"oauth2","oauth":{"provider":"google","clientId":"x"},"upstream":{"host":"h","security":"plain"}}]})")
            << QStringLiteral("listeners[0].login") << QStringLiteral("tls or starttls");
        QTest::newRow("oauth2 without user")
            << QByteArray(
                   R"({"listeners":[{"name":"a","login":"oauth2","oauth":{"provider":"google","clientId":"x"},"upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[0].user") << QStringLiteral("required");
        QTest::newRow("oauth2 with routing")
            << oauthJson(R"("routing":{"enabled":true,"allow":[{"host":"h","security":"tls"}]})")
            << QStringLiteral("listeners[0].routing") << QStringLiteral("oauth2");
        QTest::newRow("oauth2 with storedPassword")
            << oauthJson(R"("storedPassword":true)") << QStringLiteral("listeners[0].storedPassword")
            << QStringLiteral("oauth2");
        QTest::newRow("no provider") << oauthJson({}, "tls", R"({"clientId":"x"})")
                                     << QStringLiteral("listeners[0].oauth.provider") << QStringLiteral("required");
        QTest::newRow("unknown provider")
            << oauthJson({}, "tls", R"({"provider":"yahoo","clientId":"x"})")
            << QStringLiteral("listeners[0].oauth.provider") << QStringLiteral("microsoft, google, custom");
        QTest::newRow("no clientId") << oauthJson({}, "tls", R"({"provider":"google"})")
                                     << QStringLiteral("listeners[0].oauth.clientId") << QStringLiteral("required");
        QTest::newRow("empty clientId") << oauthJson({}, "tls", R"({"provider":"google","clientId":" "})")
                                        << QStringLiteral("listeners[0].oauth.clientId") << QStringLiteral("1 to 512");
        QTest::newRow("custom without endpoints")
            << oauthJson({}, "tls", R"({"provider":"custom","clientId":"x"})")
            << QStringLiteral("listeners[0].oauth.authorizationUrl") << QStringLiteral("without an issuer");
        QTest::newRow("custom without tokenUrl")
            << oauthJson({}, "tls",
                         R"({"provider":"custom","clientId":"x","authorizationUrl":"https:\/\/id.example/auth"})")
            << QStringLiteral("listeners[0].oauth.tokenUrl") << QStringLiteral("without an issuer");
        QTest::newRow("http issuer") << oauthJson(
                                            {}, "tls",
                                            R"({"provider":"custom","clientId":"x","issuer":"http:\/\/id.example"})")
                                     << QStringLiteral("listeners[0].oauth.issuer") << QStringLiteral("https://");
        QTest::newRow("not a URL") << oauthJson({}, "tls",
                                                R"({"provider":"custom","clientId":"x","issuer":"id.example"})")
                                   << QStringLiteral("listeners[0].oauth.issuer") << QStringLiteral("https://");
        QTest::newRow("tokenUrl ftp")
            << oauthJson(
                   {}, "tls",
                   R"({"provider":"custom","clientId":"x","authorizationUrl":"https:\/\/a.example/","tokenUrl":"ftp:\/\/a.example/"})")
            << QStringLiteral("listeners[0].oauth.tokenUrl") << QStringLiteral("https://");
        QTest::newRow("scope with a space")
            << oauthJson({}, "tls", R"({"provider":"google","clientId":"x","scopes":["a b"]})")
            << QStringLiteral("listeners[0].oauth.scopes[0]") << QStringLiteral("scope name");
        QTest::newRow("oauth2 with popBeforeSmtp")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","user":"u","login":"oauth2","oauth":{"provider":"google","clientId":"x"},"upstream":{"host":"h","security":"tls"},"popBeforeSmtp":{"listener":"p"}},{"name":"p","listen":"127.0.0.1:4000","upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[0].popBeforeSmtp") << QStringLiteral("oauth2");
        QTest::newRow("popBeforeSmtp names an oauth2 listener")
            << QByteArray(
                   R"({"listeners":[{"name":"s","protocol":"smtp","upstream":{"host":"h","security":"tls"},"popBeforeSmtp":{"listener":"p"}},{"name":"p","listen":"127.0.0.1:4000","user":"u","login":"oauth2","oauth":{"provider":"google","clientId":"x"},"upstream":{"host":"h","security":"tls"}}]})")
            << QStringLiteral("listeners[0].popBeforeSmtp.listener") << QStringLiteral("password login");
        QTest::newRow("tenant for google")
            << oauthJson({}, "tls", R"({"provider":"google","clientId":"x","tenant":"t"})")
            << QStringLiteral("listeners[0].oauth.tenant") << QStringLiteral("microsoft");
        QTest::newRow("tenant with a slash")
            << oauthJson({}, "tls", R"({"provider":"microsoft","clientId":"x","tenant":"a/b"})")
            << QStringLiteral("listeners[0].oauth.tenant") << QStringLiteral("a/b");
        QTest::newRow("oauth misspelt key")
            << oauthJson({}, "tls", R"({"provider":"google","clientID":"x"})")
            << QStringLiteral("listeners[0].oauth.clientID") << QStringLiteral("clientId");
        QTest::newRow("limits under the RFC") << QByteArray(R"({"listeners":[],"limits":{"maxCommandLength":100}})")
                                              << QStringLiteral("limits.maxCommandLength") << QStringLiteral("255");
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, mentions);
        const ConfigLoadResult result = ConfigLoader::fromJson(json);
        QVERIFY(!result.ok());
        bool found = false;
        QStringList all;
        for (const ConfigIssue &issue : result.errors) {
            all << issue.toString();
            if (issue.field == field && issue.message.english().contains(mentions))
                found = true;
        }
        QVERIFY2(found, qPrintable(all.join(QStringLiteral(" | "))));
    }

    void warnings()
    {
        const ConfigLoadResult result =
            ConfigLoader::fromJson(R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"apop"}},
            {"name":"b","listen":"127.0.0.1:4000","upstream":{"host":"h","security":"plain"}}]})");
        QVERIFY(result.ok());
        QCOMPARE(result.warnings.size(), 2);
        QCOMPARE(result.warnings.at(0).field, QStringLiteral("listeners[0].upstream.security"));
        QVERIFY(result.warnings.at(1).message.english().contains(QStringLiteral("unprotected")));
    }

    void pinNormalized()
    {
        QByteArray pin;
        for (int i = 0; i < 32; ++i)
            pin += (i ? ":" : "") + QByteArray("AB");
        const ConfigLoadResult result = ConfigLoader::fromJson(
            R"({"listeners":[{"name":"a","upstream":{"host":"h","security":"tls","pinSha256":")" + pin + R"("}}]})");
        QVERIFY2(result.ok(), qPrintable(result.errors.value(0).toString()));
        QCOMPARE(result.config.listeners.first().upstream->tls.pinSha256, QByteArray(32, 'a').replace("a", "ab"));
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QByteArray json = R"({"listeners":[
            {"name":"a","listen":"[::1]:4001","upstream":{"host":"pop.example.net","security":"stls","port":110,"verifyHostname":false,"pinSha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
             "maxSessions":3,"failedHostRetrySeconds":5,"failedAccountRetrySeconds":7,"user":"alice","storedPassword":true},
            {"name":"b","enabled":false,"listen":"127.0.0.1:4002","routing":{"enabled":true,"separator":"%","allow":[{"host":"x.example","security":"apop+tls"}]}}],
            "logLevel":"all","timeouts":{"idleSeconds":99},"retry":{"connectAttempts":2},"limits":{"maxSessionsTotal":1000}})";
        const ConfigLoadResult first = ConfigLoader::fromJson(json);
        QVERIFY2(first.ok(), qPrintable(first.errors.value(0).toString()));
        const QString path = dir.filePath(QStringLiteral("mailshim.json"));
        QString error;
        QVERIFY2(ConfigLoader::saveFile(first.config, path, &error), qPrintable(error));
        const ConfigLoadResult second = ConfigLoader::fromFile(path);
        QVERIFY2(second.ok(), qPrintable(second.errors.value(0).toString()));
        QCOMPARE(second.config.listeners.size(), 2);
        for (int i = 0; i < 2; ++i)
            QVERIFY(second.config.listeners.at(i) == first.config.listeners.at(i));
        QVERIFY(second.config.timeouts == first.config.timeouts);
        QCOMPARE(second.config.timeouts.idleSeconds, 99);
        QCOMPARE(second.config.listeners.first().user, QStringLiteral("alice"));
        QVERIFY(second.config.listeners.first().storedPassword);
        QCOMPARE(second.config.logLevel, LogLevel::All);
        QCOMPARE(second.config.limits.maxSessionsTotal, 1000);
    }

    void smtpListener()
    {
        const ConfigLoadResult result = ConfigLoader::fromJson(
            R"({"listeners":[{"name":"out","protocol":"smtp","upstream":{"host":"smtp.example.net","security":"starttls"},
                "popBeforeSmtp":{"listener":"in"}},
               {"name":"in","upstream":{"host":"pop.example.net","security":"starttls"}}]})");
        QVERIFY2(result.ok(), qPrintable(result.errors.value(0).toString()));
        const ListenerConfig &smtp = result.config.listeners.at(0);
        QCOMPARE(smtp.protocol, Protocol::Smtp);
        QCOMPARE(smtp.port, quint16(3587)); // SMTP's default local port
        QCOMPARE(smtp.upstream->security, Security::Stls);
        QCOMPARE(smtp.upstream->effectivePort(), quint16(587)); // submission
        QCOMPARE(smtp.clientAuth, ClientAuth::Required);
        QVERIFY(smtp.popBeforeSmtp);
        QCOMPARE(smtp.popBeforeSmtp->windowSeconds, 900);
        QCOMPARE(smtp.popBeforeSmtp->delaySeconds, 5);
        // "starttls" is another name for "stls" on POP3 listeners.
        const ListenerConfig &pop = result.config.listeners.at(1);
        QCOMPARE(pop.upstream->security, Security::Stls);
        QCOMPARE(pop.upstream->effectivePort(), quint16(110));
        QCOMPARE(pop.port, quint16(3999));

        // Written back: "starttls" for SMTP, "stls" for POP3, and the SMTP settings survive.
        const QByteArray written = ConfigLoader::toJson(result.config);
        QVERIFY(written.contains(R"("security": "starttls")"));
        QVERIFY(written.contains(R"("security": "stls")"));
        const ConfigLoadResult again = ConfigLoader::fromJson(written);
        QVERIFY2(again.ok(), qPrintable(again.errors.value(0).toString()));
        QVERIFY(again.config.listeners.at(0) == smtp);
        QVERIFY(again.config.listeners.at(1) == pop);

        const ConfigLoadResult implicit = ConfigLoader::fromJson(
            R"({"listeners":[{"name":"s","protocol":"smtp","clientAuth":"optional","user":"scanner","storedPassword":true,
                "upstream":{"host":"h","security":"tls"}}]})");
        QVERIFY2(implicit.ok(), qPrintable(implicit.errors.value(0).toString()));
        QCOMPARE(implicit.config.listeners.first().upstream->effectivePort(), quint16(465));
        QCOMPARE(implicit.config.listeners.first().clientAuth, ClientAuth::Optional);
    }

    void oauthListener()
    {
        // custom with both endpoints, http allowed on loopback (a test provider), scopes and a secret.
        const ConfigLoadResult result = ConfigLoader::fromJson(oauthJson(
            {}, "stls",
            R"({"provider":"custom","clientId":"mailshim","clientSecret":"s3","authorizationUrl":"http:\/\/127.0.0.1:8443/auth",
                "tokenUrl":"https:\/\/id.example/token","scopes":["openid","offline_access"]})"));
        QVERIFY2(result.ok(), qPrintable(result.errors.value(0).toString()));
        const ListenerConfig &l = result.config.listeners.first();
        QCOMPARE(l.login, UpstreamLogin::OAuth2);
        QCOMPARE(l.oauth.provider, QStringLiteral("custom"));
        QCOMPARE(l.oauth.authorizationUrl, QStringLiteral("http://127.0.0.1:8443/auth"));
        QCOMPARE(l.oauth.scopes, (QStringList{QStringLiteral("openid"), QStringLiteral("offline_access")}));
        QCOMPARE(l.oauthAccount().user, QStringLiteral("alice@example.com"));
        QCOMPARE(l.oauthAccount().settings, l.oauth);

        // Written back and read again, the same; a change in the oauth object is a change of the listener.
        const QByteArray written = ConfigLoader::toJson(result.config);
        QVERIFY(written.contains(R"("login": "oauth2")"));
        const ConfigLoadResult again = ConfigLoader::fromJson(written);
        QVERIFY2(again.ok(), qPrintable(again.errors.value(0).toString()));
        QVERIFY(again.config.listeners.first() == l);
        ListenerConfig changed = l;
        changed.oauth.clientId = QStringLiteral("other");
        QVERIFY(changed != l);
        changed = l;
        changed.login = UpstreamLogin::Password;
        QVERIFY(changed != l);

        // Microsoft with one directory, written back.
        const ConfigLoadResult tenant = ConfigLoader::fromJson(
            oauthJson({}, "tls", R"({"provider":"microsoft","clientId":"x","tenant":"contoso.onmicrosoft.com"})"));
        QVERIFY2(tenant.ok(), qPrintable(tenant.errors.value(0).toString()));
        QCOMPARE(tenant.config.listeners.first().oauth.tenant, QStringLiteral("contoso.onmicrosoft.com"));
        QVERIFY(ConfigLoader::fromJson(ConfigLoader::toJson(tenant.config)).config.listeners.first() ==
                tenant.config.listeners.first());

        // A custom provider with an issuer to discover from; SMTP with starttls and clientAuth optional.
        const ConfigLoadResult smtp = ConfigLoader::fromJson(
            R"({"listeners":[{"name":"s","protocol":"smtp","user":"u@example.com","login":"oauth2","clientAuth":"optional",
                "oauth":{"provider":"custom","issuer":"https:\/\/id.example/realms/x","clientId":"c"},
                "upstream":{"host":"smtp.example.com","security":"starttls"}}]})");
        QVERIFY2(smtp.ok(), qPrintable(smtp.errors.value(0).toString()));
        QCOMPARE(smtp.config.listeners.first().clientAuth, ClientAuth::Optional);

        // Today's files: no login written means password, and nothing new is written back.
        const ConfigLoadResult old = ConfigLoader::fromJson(withListener(R"("user":"bob")"));
        QVERIFY(old.ok());
        QCOMPARE(old.config.listeners.first().login, UpstreamLogin::Password);
        QVERIFY(!ConfigLoader::toJson(old.config).contains(R"("login")"));
        QVERIFY(!ConfigLoader::toJson(old.config).contains(R"("oauth")"));
        QVERIFY(ConfigLoader::fromJson(withListener(R"("login":"password")")).ok());
    }

    void missingFile()
    {
        const ConfigLoadResult result = ConfigLoader::fromFile(QStringLiteral("/nonexistent/mailshim.json"));
        QVERIFY(!result.ok());
        QVERIFY(result.errors.first().message.english().contains(QStringLiteral("/nonexistent/mailshim.json")));
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_configloader.moc"
