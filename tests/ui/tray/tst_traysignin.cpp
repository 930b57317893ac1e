// The tray program's own engine and the OAuth 2.0 sign-in, end to end: a TrayApplication whose listener logs in with
// oauth2 to the test Dovecot (which validates tokens at the real OpenID provider, OidcFixture), the keychain a
// throwaway GNOME Keyring (with-keyring.sh). Before any sign-in the mail client is refused with "sign in again" and
// the tray offers "Sign in again to ..."; the tray's sign-in (the test browser as the browser) stores the refresh
// token in the keychain and tells the engine's AccessTokenCache, so the very next login reads mail with a dummy
// password, and the tray's entry is gone. Without that wiring the cache would keep answering "sign in again".

#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "oidcfixture.h"
#include "testclient.h"
#include "ui/common/signinlauncher.h"
#include "ui/common/switchableenginebackend.h"
#include "ui/tray/trayapplication.h"
#include "ui/tray/traycontroller.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestTraySignIn : public QObject
{
    Q_OBJECT

    OidcFixture m_oidc;
    DovecotFixture m_dovecot;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("MAILSHIM_THROWAWAY_KEYRING"), "run through tests/ui/with-keyring.sh");
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        DovecotFixture::OAuth oauth = m_oidc.dovecotIntrospection();
        m_dovecot.enableOAuth(oauth);
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_oidc.caFile()));
        QSslConfiguration::setDefaultConfiguration(tls);
    }

    void signInAgainFromTheTrayReachesTheEngine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint16 port = EngineTestbed::freePort();
        const QJsonObject listener{
            {QStringLiteral("name"), QStringLiteral("oidc")},
            {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
            {QStringLiteral("user"), DovecotFixture::user()},
            {QStringLiteral("login"), QStringLiteral("oauth2")},
            {QStringLiteral("oauth"),
             QJsonObject{{QStringLiteral("provider"), QStringLiteral("custom")},
                         {QStringLiteral("issuer"), m_oidc.issuer()},
                         {QStringLiteral("clientId"), OidcFixture::clientId()},
                         {QStringLiteral("scopes"),
                          QJsonArray::fromStringList(OidcFixture::defaultScope().split(QLatin1Char(' ')))}}},
            {QStringLiteral("upstream"), QJsonObject{{QStringLiteral("host"), m_dovecot.tlsHostName()},
                                                     {QStringLiteral("port"), m_dovecot.pop3sPort()},
                                                     {QStringLiteral("security"), QStringLiteral("tls")},
                                                     {QStringLiteral("caFile"), m_dovecot.caFile()}}}};
        QFile config(dir.filePath(QStringLiteral("mailshim.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QJsonDocument(QJsonObject{{QStringLiteral("listeners"), QJsonArray{listener}}}).toJson());
        config.close();

        TrayApplication::Options options;
        options.configPath = config.fileName();
        options.controlName = dir.filePath(QStringLiteral("no-service")); // the tray runs the engine
        options.trayAvailable = false;
        options.minimized = true;
        options.logDirectory = dir.filePath(QStringLiteral("logs"));
        TrayApplication app(options);
        QCOMPARE(app.backend()->config().listeners.size(), 1);
        std::unique_ptr<QProcess> browser;
        app.signInLauncher()->setOpenUrl([&](const QUrl &url) {
            browser = m_oidc.startBrowser(url.toString(QUrl::FullyEncoded), DovecotFixture::user(),
                                          DovecotFixture::password());
        });
        app.start();
        QSignalSpy notified(app.tray(), &TrayController::notified);

        // Not signed in: refused with the reason, and the tray offers the sign-in.
        {
            TestClient client;
            QVERIFY(client.connectTo(port));
            const QByteArray answer = client.login(DovecotFixture::user().toUtf8(), "dummy");
            QVERIFY2(answer.startsWith("-ERR [AUTH]") && answer.contains("sign in again"), answer.constData());
        }
        QTRY_COMPARE(app.tray()->signInNeeded(), QStringList{QStringLiteral("oidc")});

        // "Sign in again to oidc...": the browser, the keychain, and the engine told.
        app.signInAgain(QStringLiteral("oidc"));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(notified.begin(), notified.end(),
                                             [](const QList<QVariant> &n) {
                                                 return n.at(0).toString().startsWith(
                                                     QStringLiteral("MailShim: signed in"));
                                             }),
                                 60000);
        QVERIFY(app.tray()->signInNeeded().isEmpty());

        TestClient client;
        QVERIFY(client.connectTo(port));
        const QByteArray answer = client.login(DovecotFixture::user().toUtf8(), "dummy");
        QVERIFY2(answer.startsWith("+OK"), answer.constData());
        QVERIFY(client.command("STAT").startsWith("+OK 5 "));
        QVERIFY(client.command("RETR 1").startsWith("+OK"));
        QCOMPARE(client.readMultiLine().join("\r\n") + "\r\n", m_dovecot.messages().at(0));
        client.command("QUIT");
        if (browser)
            browser->waitForFinished(5000);
    }
};

QTEST_MAIN(TestTraySignIn)
#include "tst_traysignin.moc"
