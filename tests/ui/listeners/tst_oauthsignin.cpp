// The listener editor's "Sign in..." against a real OpenID provider (OidcFixture: npm's oidc-provider on loopback
// HTTPS), with the test browser (oidcbrowser.py) as the function that opens the authorization URL: the refresh token
// lands in the credential store under RefreshTokenStore::keyFor, the editor says "Signed in" and the launcher tells
// whoever listens (the tray's engine). A sign-in refused in the browser and one the user gives up on (a wrong
// password, then "Cancel sign-in") are worded and store nothing.

#include "memorycredentialstore.h"
#include "oauth/refreshtokenstore.h"
#include "oidcfixture.h"
#include "ui/common/signinlauncher.h"
#include "ui/listeners/listenereditor.h"
#include "widgetlookup.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>
#include <QUrlQuery>
#include <memory>

using namespace mailshim;

class TestOAuthSignIn : public QObject
{
    Q_OBJECT

    OidcFixture m_oidc;
    MemoryCredentialStore m_store;
    std::unique_ptr<SignInLauncher> m_launcher;
    std::unique_ptr<ListenerEditor> m_editor;
    std::unique_ptr<QProcess> m_browser;
    QNetworkAccessManager m_network;

    OAuthSettings settings() const
    {
        OAuthSettings s;
        s.provider = QStringLiteral("custom");
        s.issuer = m_oidc.issuer();
        s.clientId = OidcFixture::clientId();
        s.scopes = OidcFixture::defaultScope().split(QLatin1Char(' '));
        return s;
    }
    OAuthAccount account() const { return {settings(), DovecotFixture::user()}; }
    QByteArray stored() const { return m_store.entries.value(RefreshTokenStore::keyFor(account()).toString()); }

    // An oauth2 listener of the fixture's provider, as it was saved before, in a new editor.
    void openEditor()
    {
        ListenerConfig l;
        l.name = QStringLiteral("oidc");
        l.port = 4993;
        l.upstream = UpstreamConfig{QStringLiteral("127.0.0.1"), 0, Security::Tls, {}};
        l.user = DovecotFixture::user();
        l.login = UpstreamLogin::OAuth2;
        l.oauth = settings();
        m_editor = std::make_unique<ListenerEditor>(l, QList<ListenerConfig>{}, &m_store);
        m_editor->setSignInLauncher(m_launcher.get());
        m_editor->show();
    }
    QString result() const { return child<QLabel>(*m_editor, "oauthResult")->text(); }
    void signIn() { child<QPushButton>(*m_editor, "oauthSignInButton")->click(); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_oidc.caFile()));
        QSslConfiguration::setDefaultConfiguration(tls);
    }

    void init()
    {
        m_store.entries.clear();
        m_launcher = std::make_unique<SignInLauncher>(&m_store);
        openEditor();
    }

    void cleanup()
    {
        m_editor.reset();
        if (m_browser) {
            m_browser->kill();
            m_browser->waitForFinished(5000);
            m_browser.reset();
        }
    }

    void signsInThroughTheBrowser()
    {
        m_launcher->setOpenUrl([this](const QUrl &url) {
            m_browser = m_oidc.startBrowser(url.toString(QUrl::FullyEncoded), DovecotFixture::user(),
                                            DovecotFixture::password());
        });
        QSignalSpy signedIn(m_launcher.get(), &SignInLauncher::signedIn);
        QTRY_VERIFY(child<QLabel>(*m_editor, "oauthStatus")->text().contains(QStringLiteral("Not signed in")));
        signIn();
        QVERIFY(child<QLabel>(*m_editor, "oauthProgress")->isVisible());
        QVERIFY(child<QLabel>(*m_editor, "oauthProgress")->text().contains(QStringLiteral("Waiting for the browser")));
        QVERIFY(child<QPushButton>(*m_editor, "oauthCancelButton")->isVisible());
        QVERIFY(!child<QPushButton>(*m_editor, "oauthSignInButton")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!result().isEmpty(), 60000);
        QVERIFY2(result().startsWith(QStringLiteral("Signed in.")), qPrintable(result()));
        QVERIFY(result().contains(DovecotFixture::user()));
        QCOMPARE(child<QLabel>(*m_editor, "oauthStatus")->text(), QStringLiteral("Signed in."));
        QVERIFY(!child<QLabel>(*m_editor, "oauthProgress")->isVisible());
        QVERIFY(child<QPushButton>(*m_editor, "oauthSignInButton")->isEnabled());
        QVERIFY(!stored().isEmpty());
        QCOMPARE(m_store.entries.size(), 1);
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(signedIn.first().first().value<OAuthAccount>().user, DovecotFixture::user());
        QCOMPARE(m_oidc.grantCount(DovecotFixture::user()), 1);

        // A new editor on the same listener finds the sign-in.
        openEditor();
        QTRY_COMPARE(child<QLabel>(*m_editor, "oauthStatus")->text(), QStringLiteral("Signed in."));
    }

    void refusedInTheBrowserIsWorded()
    {
        // What the provider sends back when the user presses "No" on its consent page.
        m_launcher->setOpenUrl([this](const QUrl &url) {
            const QUrlQuery asked(url);
            QUrl back(asked.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
            QUrlQuery answer;
            answer.addQueryItem(QStringLiteral("error"), QStringLiteral("access_denied"));
            answer.addQueryItem(QStringLiteral("state"), asked.queryItemValue(QStringLiteral("state")));
            back.setQuery(answer);
            QNetworkReply *reply = m_network.get(QNetworkRequest(back));
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        });
        signIn();
        QTRY_VERIFY_WITH_TIMEOUT(!result().isEmpty(), 30000);
        QVERIFY2(result().startsWith(QStringLiteral("The sign-in was refused in the browser.")), qPrintable(result()));
        QVERIFY(result().contains(QStringLiteral("access_denied")));
        QVERIFY(m_store.entries.isEmpty());
        QVERIFY(child<QLabel>(*m_editor, "oauthStatus")->text().contains(QStringLiteral("Not signed in")));
    }

    void wrongPasswordThenCancel()
    {
        // The provider keeps the browser on its login page: MailShim waits until the user gives up.
        m_launcher->setOpenUrl([this](const QUrl &url) {
            m_browser = m_oidc.startBrowser(url.toString(QUrl::FullyEncoded), DovecotFixture::user(),
                                            QStringLiteral("not the password"));
        });
        signIn();
        QTRY_VERIFY(m_browser && m_browser->state() == QProcess::NotRunning);
        QCOMPARE(m_browser->exitCode(), 1); // the provider refused the login
        QVERIFY(result().isEmpty());
        QVERIFY(child<QLabel>(*m_editor, "oauthProgress")->isVisible());
        child<QPushButton>(*m_editor, "oauthCancelButton")->click();
        QTRY_COMPARE(result(), QStringLiteral("The sign-in was cancelled."));
        QVERIFY(!child<QPushButton>(*m_editor, "oauthCancelButton")->isVisible());
        QVERIFY(m_store.entries.isEmpty());
    }
};

QTEST_MAIN(TestOAuthSignIn)
#include "tst_oauthsignin.moc"
