// The setup wizard's browser sign-in (issue 20), driven by objectName offscreen: a Microsoft or Google address turns
// the sign-in on (with the provider's real servers), a company domain lets the user turn it on; then against the real
// OpenID provider (OidcFixture, with the test browser) and the test Dovecot: the sign-in page waits for a sign-in that
// worked, the probe checks the server without a test login and offers only TLS modes, the listener is created with
// login oauth2, and the result page says the password the mail program sends is not used.

#include "oauth/refreshtokenstore.h"
#include "oidcfixture.h"
#include "ui/common/signinlauncher.h"
#include "ui/setupwizard/setupwizard.h"
#include "ui/setupwizard/wizardprobepage.h"
#include "widgetlookup.h"
#include "wizardfixture.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>

using namespace mailshim;

class TestOAuthWizard : public QObject, protected WizardFixture<SetupWizard>
{
    Q_OBJECT

    OidcFixture m_oidc;
    std::unique_ptr<SignInLauncher> m_launcher;
    std::unique_ptr<QProcess> m_browser;

    void typeAddress(const QString &address)
    {
        auto *edit = child<QLineEdit>(*m_wizard, "addressEdit");
        edit->clear();
        QTest::keyClicks(edit, address); // typed, as the wizard's guesses follow typing only
    }
    QString text(const char *name) { return child<QLineEdit>(*m_wizard, name)->text(); }
    bool oauthTicked() { return child<QCheckBox>(*m_wizard, "oauthCheck")->isChecked(); }
    QAbstractButton *next() { return child<QAbstractButton>(*m_wizard, "wizardNext"); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_oidc.caFile()));
        QSslConfiguration::setDefaultConfiguration(tls);
    }

    void init()
    {
        openWizard();
        m_launcher = std::make_unique<SignInLauncher>(&m_store);
        m_launcher->setOpenUrl([this](const QUrl &url) {
            m_browser = m_oidc.startBrowser(url.toString(QUrl::FullyEncoded), DovecotFixture::user(),
                                            DovecotFixture::password());
        });
        m_wizard->setSignInLauncher(m_launcher.get());
    }

    void cleanup()
    {
        QVERIFY(closeWizard());
        if (m_browser) {
            m_browser->waitForFinished(5000);
            m_browser.reset();
        }
    }

    void theAddressChoosesTheSignIn()
    {
        typeAddress(QStringLiteral("alice@gmail.com"));
        QVERIFY(oauthTicked());
        QCOMPARE(text("serverEdit"), QStringLiteral("pop.gmail.com"));
        QCOMPARE(text("smtpServerEdit"), QStringLiteral("smtp.gmail.com"));
        QVERIFY(!child<QLineEdit>(*m_wizard, "passwordEdit")->isEnabled());
        QVERIFY(child<QLabel>(*m_wizard, "oauthNote")->isVisible());
        QVERIFY(!child<QCheckBox>(*m_wizard, "storePasswordCheck")->isVisible());

        typeAddress(QStringLiteral("bob@hotmail.co.uk"));
        QVERIFY(oauthTicked());
        QCOMPARE(text("serverEdit"), QStringLiteral("outlook.office365.com"));
        QCOMPARE(text("smtpServerEdit"), QStringLiteral("smtp.office365.com"));
        typeAddress(QStringLiteral("it@contoso.onmicrosoft.com"));
        QVERIFY(oauthTicked());

        typeAddress(QStringLiteral("carol@example.net"));
        QVERIFY(!oauthTicked());
        QCOMPARE(text("serverEdit"), QStringLiteral("pop.example.net"));
        QVERIFY(child<QLineEdit>(*m_wizard, "passwordEdit")->isEnabled());
        QVERIFY(!child<QLabel>(*m_wizard, "oauthNote")->isVisible());

        // A company mailbox at Microsoft or Google: the user's own choice, kept while the address changes.
        child<QCheckBox>(*m_wizard, "oauthCheck")->click();
        QVERIFY(oauthTicked());
        typeAddress(QStringLiteral("carol@example.org"));
        QVERIFY(oauthTicked());
    }

    // A copy that cannot sign in (no keychain; the Windows build without QtNetworkAuth) does not offer it: the
    // checkbox is gone and a Microsoft address keeps the password path.
    void noSignInOfferedWhereItCannotRun()
    {
        SignInLauncher unable(nullptr);
        QVERIFY(!unable.available());
        m_wizard->setSignInLauncher(&unable);
        typeAddress(QStringLiteral("bob@outlook.com"));
        QVERIFY(!oauthTicked());
        QVERIFY(!child<QCheckBox>(*m_wizard, "oauthCheck")->isVisible());
        QVERIFY(child<QLineEdit>(*m_wizard, "passwordEdit")->isEnabled());
        QCOMPARE(text("serverEdit"), QStringLiteral("outlook.office365.com"));
        m_wizard->setSignInLauncher(m_launcher.get());
        typeAddress(QStringLiteral("bob@outlook.com"));
        QVERIFY(oauthTicked());
        QVERIFY(child<QCheckBox>(*m_wizard, "oauthCheck")->isVisible());
    }

    void signInCreatesAnOAuthListener()
    {
        SetupWizard &w = *m_wizard;
        typeAddress(QStringLiteral("alice@example.com"));
        child<QCheckBox>(w, "oauthCheck")->click();
        QVERIFY(oauthTicked());
        child<QLineEdit>(w, "serverEdit")->setText(m_dovecot.tlsHostName());
        child<QLineEdit>(w, "userEdit")->setText(DovecotFixture::user());
        child<QSpinBox>(w, "plainPortSpin")->setValue(m_dovecot.pop3Port());
        child<QSpinBox>(w, "tlsPortSpin")->setValue(m_dovecot.pop3sPort());
        child<QLineEdit>(w, "caFileEdit")->setText(m_dovecot.caFile());
        child<QCheckBox>(w, "setUpSendingCheck")->setChecked(false);
        next()->click();
        QCOMPARE(w.currentId(), int(SetupWizard::SignInPage));
        QVERIFY(!next()->isEnabled()); // not signed in yet

        auto *provider = child<QComboBox>(w, "oauthProviderCombo");
        QCOMPARE(provider->currentData().toString(), QStringLiteral("microsoft")); // nothing to guess from
        QVERIFY(!child<QComboBox>(w, "loginCombo")->isVisible());                  // a sign-in only
        provider->setCurrentIndex(provider->findData(QStringLiteral("custom")));
        child<QLineEdit>(w, "oauthIssuerEdit")->setText(m_oidc.issuer());
        child<QLineEdit>(w, "oauthClientIdEdit")->setText(OidcFixture::clientId());
        child<QLineEdit>(w, "oauthScopesEdit")->setText(OidcFixture::defaultScope());
        child<QPushButton>(w, "oauthSignInButton")->click();
        QTRY_VERIFY_WITH_TIMEOUT(next()->isEnabled(), 60000);
        QVERIFY2(child<QLabel>(w, "oauthResult")->text().startsWith(QStringLiteral("Signed in.")),
                 qPrintable(child<QLabel>(w, "oauthResult")->text()));
        OAuthSettings settings;
        settings.provider = QStringLiteral("custom");
        settings.issuer = m_oidc.issuer();
        settings.clientId = OidcFixture::clientId();
        settings.scopes = OidcFixture::defaultScope().split(QLatin1Char(' '));
        const OAuthAccount account{settings, DovecotFixture::user()};
        QVERIFY(!m_store.entries.value(RefreshTokenStore::keyFor(account).toString()).isEmpty());

        next()->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ProbePage));
        auto *page = qobject_cast<WizardProbePage *>(w.currentPage());
        QVERIFY(QTest::qWaitFor([page] { return page->probeFinished(); }, 30000));
        QVERIFY(!w.report.loginOk); // no password: the sign-in was the login check
        auto *mode = child<QComboBox>(w, "modeCombo");
        QVERIFY(mode->count() > 0);
        for (int i = 0; i < mode->count(); ++i) {
            const auto offered = Security(mode->itemData(i).toInt());
            QVERIFY2(offered == Security::Tls || offered == Security::Stls, qPrintable(securityName(offered)));
        }
        QCOMPARE(Security(mode->currentData().toInt()), Security::Tls);
        next()->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ResultPage));

        QCOMPARE(m_saved.listeners.size(), 1);
        const ListenerConfig listener = m_saved.listeners.first();
        QCOMPARE(listener.login, UpstreamLogin::OAuth2);
        QCOMPARE(listener.oauth, settings);
        QCOMPARE(listener.user, DovecotFixture::user());
        QVERIFY(!listener.storedPassword);
        QCOMPARE(listener.upstream->security, Security::Tls);
        QCOMPARE(text("resultUser"), DovecotFixture::user());
        QVERIFY2(text("resultPassword").contains(QStringLiteral("not used")), qPrintable(text("resultPassword")));
        QVERIFY(child<QLabel>(w, "resultSummary")->text().contains(QStringLiteral("ignored")));
    }
};

QTEST_MAIN(TestOAuthWizard)
#include "tst_oauthwizard.moc"
