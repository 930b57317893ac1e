// The listener editor's "Signing in" group (OAuthOptions), driven by objectName offscreen: the login choice shows and
// hides the sign-in fields and the password rows, each provider shows only its own fields, every missing or bad field
// is refused under the field and the dialog stays open, the engine's own refusal (it names the field) is shown at the
// top, an oauth2 listener is saved and read back as it was, and the status line says whether the account is signed in.

#include "memorycredentialstore.h"
#include "oauth/refreshtokenstore.h"
#include "service/control/enginebackend.h"
#include "ui/common/signinlauncher.h"
#include "ui/listeners/listenereditor.h"
#include "widgetlookup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace mailshim;

namespace {

struct Fixture
{
    MemoryCredentialStore store;
    ListenerEditor editor;
    explicit Fixture(const ListenerConfig &initial = fresh()) : editor(initial, {}, &store)
    {
        editor.show();
        if (initial.name.isEmpty()) {
            child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("m365"));
            child<QLineEdit>(editor, "hostEdit")->setText(QStringLiteral("outlook.office365.com"));
        }
    }
    static ListenerConfig fresh()
    {
        ListenerConfig l;
        l.port = 4995;
        l.upstream = UpstreamConfig{};
        return l;
    }
    void choose(const char *combo, const QVariant &data)
    {
        auto *box = child<QComboBox>(editor, combo);
        box->setCurrentIndex(box->findData(data));
        QVERIFY(box->currentIndex() >= 0);
    }
    void chooseOAuth(const QString &provider)
    {
        choose("loginCombo", int(UpstreamLogin::OAuth2));
        choose("oauthProviderCombo", provider);
    }
    bool shown(const char *name) { return child<QWidget>(editor, name)->isVisible(); }
    bool errorShown(const char *label, const QString &mentions)
    {
        QLabel *l = child<QLabel>(editor, label);
        return l->isVisible() && l->text().contains(mentions);
    }
    void clickOk() { child<QPushButton>(editor, "okButton")->click(); }
};

} // namespace

class TestOAuthOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passwordIsTheDefaultAndHidesTheSignIn()
    {
        Fixture f;
        QCOMPARE(UpstreamLogin(child<QComboBox>(f.editor, "loginCombo")->currentData().toInt()),
                 UpstreamLogin::Password);
        QVERIFY(!f.shown("oauthFields"));
        QVERIFY(f.shown("passwordEdit"));
        QVERIFY(f.shown("storedPasswordCheck"));
        QVERIFY(f.shown("routingCheck"));
        f.clickOk();
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
        QCOMPARE(f.editor.listener().login, UpstreamLogin::Password);
    }

    void fieldsFollowTheChoice()
    {
        Fixture f;
        child<QCheckBox>(f.editor, "storedPasswordCheck")->setChecked(true);
        f.chooseOAuth(QStringLiteral("microsoft"));
        QVERIFY(f.shown("oauthFields"));
        // No password with a sign-in, and the user name cannot choose the server.
        QVERIFY(!f.shown("passwordEdit"));
        QVERIFY(!f.shown("storedPasswordCheck"));
        QVERIFY(!child<QCheckBox>(f.editor, "storedPasswordCheck")->isChecked());
        QVERIFY(!f.shown("routingCheck"));
        QVERIFY(f.shown("oauthTenantEdit"));
        QVERIFY(f.shown("oauthClientIdEdit"));
        QVERIFY(!f.shown("oauthClientSecretEdit"));
        QVERIFY(!f.shown("oauthIssuerEdit"));
        QVERIFY(child<QLabel>(f.editor, "oauthHint")->text().contains(QStringLiteral("Microsoft Entra")));

        f.choose("oauthProviderCombo", QStringLiteral("google"));
        QVERIFY(!f.shown("oauthTenantEdit"));
        QVERIFY(f.shown("oauthClientSecretEdit"));
        QVERIFY(!f.shown("oauthIssuerEdit"));
        QVERIFY(child<QLabel>(f.editor, "oauthHint")->text().contains(QStringLiteral("Desktop app")));

        f.choose("oauthProviderCombo", QStringLiteral("custom"));
        for (const char *name : {"oauthIssuerEdit", "oauthAuthorizationUrlEdit", "oauthTokenUrlEdit", "oauthScopesEdit",
                                 "oauthClientSecretEdit", "oauthSignInButton", "oauthStatus"})
            QVERIFY2(f.shown(name), name);
        QVERIFY(!f.shown("oauthTenantEdit"));
        QVERIFY(!f.shown("oauthCancelButton"));

        f.choose("loginCombo", int(UpstreamLogin::Password));
        QVERIFY(!f.shown("oauthFields"));
        QVERIFY(f.shown("passwordEdit"));
    }

    void missingFieldsAreRefusedByName_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QString>("errorLabel");
        QTest::addColumn<QString>("mentions");
        const QString user = QStringLiteral("alice@contoso.com");
        QTest::newRow("no client id") << "microsoft" << user << ""
                                      << ""
                                      << "oauthClientIdError"
                                      << "client ID";
        QTest::newRow("no user") << "microsoft"
                                 << ""
                                 << "id"
                                 << ""
                                 << "userError"
                                 << "mailbox address";
        QTest::newRow("google without secret") << "google" << user << "id"
                                               << ""
                                               << "oauthClientSecretError"
                                               << "client secret";
        QTest::newRow("custom without issuer") << "custom" << user << "id"
                                               << ""
                                               << "oauthIssuerError"
                                               << "issuer";
        QTest::newRow("custom over http") << "custom" << user << "id"
                                          << "http://login.example.net"
                                          << "oauthIssuerError"
                                          << "https://";
    }
    void missingFieldsAreRefusedByName()
    {
        QFETCH(QString, provider);
        QFETCH(QString, user);
        QFETCH(QString, clientId);
        QFETCH(QString, issuer);
        QFETCH(QString, errorLabel);
        QFETCH(QString, mentions);
        Fixture f;
        f.chooseOAuth(provider);
        child<QLineEdit>(f.editor, "userEdit")->setText(user);
        child<QLineEdit>(f.editor, "oauthClientIdEdit")->setText(clientId);
        child<QLineEdit>(f.editor, "oauthIssuerEdit")->setText(issuer);
        f.clickOk();
        QTest::qWait(20);
        QVERIFY(f.editor.isVisible());
        QVERIFY2(f.errorShown(errorLabel.toLatin1().constData(), mentions),
                 qPrintable(child<QLabel>(f.editor, errorLabel.toLatin1().constData())->text()));
    }

    void engineRefusalNamesTheField()
    {
        // The dialog leaves the security mode to the engine's own check, which names the field.
        Fixture f;
        f.editor.setChecker([](const ListenerConfig &edited) {
            Config config;
            config.listeners = {edited};
            return EngineBackend::validate(config).errors;
        });
        f.chooseOAuth(QStringLiteral("microsoft"));
        f.choose("securityCombo", int(Security::Apop));
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("alice@contoso.com"));
        child<QLineEdit>(f.editor, "oauthClientIdEdit")
            ->setText(QStringLiteral("00000000-0000-0000-0000-000000000001"));
        f.clickOk();
        QTest::qWait(20);
        QVERIFY(f.editor.isVisible());
        QVERIFY2(f.errorShown("issueLabel", QStringLiteral("login")) &&
                     f.errorShown("issueLabel", QStringLiteral("oauth2")),
                 qPrintable(child<QLabel>(f.editor, "issueLabel")->text()));
    }

    void savedAsChosenAndReadBack()
    {
        Fixture f;
        f.chooseOAuth(QStringLiteral("microsoft"));
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("alice@contoso.com"));
        child<QLineEdit>(f.editor, "oauthClientIdEdit")->setText(QStringLiteral("  app-id  "));
        child<QLineEdit>(f.editor, "oauthTenantEdit")->setText(QStringLiteral("contoso.com"));
        f.clickOk();
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
        const ListenerConfig saved = f.editor.listener();
        QCOMPARE(saved.login, UpstreamLogin::OAuth2);
        QCOMPARE(saved.oauth.provider, QStringLiteral("microsoft"));
        QCOMPARE(saved.oauth.clientId, QStringLiteral("app-id"));
        QCOMPARE(saved.oauth.tenant, QStringLiteral("contoso.com"));
        QVERIFY(saved.oauth.clientSecret.isEmpty());
        QVERIFY(!saved.storedPassword);
        QVERIFY(f.store.entries.isEmpty());
        Config config;
        config.listeners = {saved};
        QVERIFY(EngineBackend::validate(config).ok()); // what the engine takes

        Fixture again(saved);
        QVERIFY(again.shown("oauthFields"));
        QCOMPARE(child<QLineEdit>(again.editor, "oauthClientIdEdit")->text(), QStringLiteral("app-id"));
        QCOMPARE(child<QLineEdit>(again.editor, "oauthTenantEdit")->text(), QStringLiteral("contoso.com"));
        again.clickOk();
        QCOMPARE(again.editor.result(), int(QDialog::Accepted));
        QCOMPARE(again.editor.listener().oauth, saved.oauth);
        QCOMPARE(again.editor.listener().login, UpstreamLogin::OAuth2);
    }

    void statusLineSaysWhetherSignedIn()
    {
        ListenerConfig initial = Fixture::fresh();
        initial.name = QStringLiteral("m365");
        initial.upstream->host = QStringLiteral("outlook.office365.com");
        initial.user = QStringLiteral("alice@contoso.com");
        initial.login = UpstreamLogin::OAuth2;
        initial.oauth.provider = QStringLiteral("microsoft");
        initial.oauth.clientId = QStringLiteral("app-id");
        Fixture f(initial);
        SignInLauncher launcher(&f.store);
        f.editor.setSignInLauncher(&launcher);
        auto *status = child<QLabel>(f.editor, "oauthStatus");
        QTRY_VERIFY2(status->text().contains(QStringLiteral("Not signed in")), qPrintable(status->text()));
        f.store.entries.insert(RefreshTokenStore::keyFor(initial.oauthAccount()).toString(), "stored-token");
        f.editor.setSignInLauncher(&launcher); // looks again
        QTRY_COMPARE(status->text(), QStringLiteral("Signed in."));
        f.editor.setNeedsSignInAgain(true);
        QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Sign in again")), qPrintable(status->text()));
        // Another account has no sign-in.
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("bob@contoso.com"));
        QTRY_VERIFY2(status->text().contains(QStringLiteral("Not signed in")), qPrintable(status->text()));
    }
};

QTEST_MAIN(TestOAuthOptions)
#include "tst_oauthoptions.moc"
