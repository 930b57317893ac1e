// The setup wizard against a real Dovecot (APOP, STLS and POP3S on loopback), driven by objectName: the
// probe finds STLS, APOP and port 995, the strongest mode is recommended, the listener is created, and a
// POP3 client then reads mail through it byte for byte. Also: the stored-password path and the pin path.

#include "testclient.h"
#include "ui/common/filefield.h"
#include "ui/setupwizard/setupwizard.h"
#include "ui/setupwizard/wizardprobepage.h"
#include "widgetlookup.h"
#include "wizardfixture.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>

using namespace mailshim;

class TestSetupWizard : public QObject, protected WizardFixture<SetupWizard>
{
    Q_OBJECT

private:
    // Fills the first page for the fixture's account and goes on to the probe page.
    bool fillAccountAndProbe(bool withCaFile, bool storePassword, const QString &password = DovecotFixture::password())
    {
        SetupWizard &w = *m_wizard;
        child<QLineEdit>(w, "addressEdit")->setText(QStringLiteral("alice@localhost"));
        child<QLineEdit>(w, "serverEdit")->setText(m_dovecot.tlsHostName());
        child<QLineEdit>(w, "userEdit")->setText(DovecotFixture::user());
        child<QLineEdit>(w, "passwordEdit")->setText(password);
        child<QCheckBox>(w, "storePasswordCheck")->setChecked(storePassword);
        child<QSpinBox>(w, "plainPortSpin")->setValue(m_dovecot.pop3Port());
        child<QSpinBox>(w, "tlsPortSpin")->setValue(m_dovecot.pop3sPort());
        child<QLineEdit>(w, "caFileEdit")->setText(withCaFile ? m_dovecot.caFile() : QString());
        // Receiving only: the outgoing side has its own test against Postfix (tst_outgoingwizard).
        child<QCheckBox>(w, "setUpSendingCheck")->setChecked(false);
        child<QAbstractButton>(w, "wizardNext")->click();
        if (w.currentId() != SetupWizard::ProbePage)
            return false;
        auto *page = qobject_cast<WizardProbePage *>(w.currentPage());
        return QTest::qWaitFor([page] { return page->probeFinished(); }, 30000);
    }

    // Logs in through the created listener and compares message 1 with what the fixture stored.
    void readMailThrough(quint16 port, const QByteArray &password)
    {
        TestClient client;
        QVERIFY(client.connectTo(port));
        const QByteArray answer = client.login(DovecotFixture::user().toUtf8(), password);
        QVERIFY2(answer.startsWith("+OK"), answer.constData());
        QVERIFY(client.command("STAT").startsWith("+OK 5 "));
        QVERIFY(client.command("RETR 1").startsWith("+OK"));
        const QByteArray body = client.readMultiLine().join("\r\n") + "\r\n";
        QCOMPARE(body, m_dovecot.messages().at(0));
        client.command("QUIT");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
    }

    void init() { openWizard(); }

    void cleanup() { QVERIFY(closeWizard()); }

    void probesRecommendsAndCreatesAWorkingListener()
    {
        QVERIFY(fillAccountAndProbe(true, false));
        SetupWizard &w = *m_wizard;
        const ProbeReport &report = w.report;
        QVERIFY(report.plain.stls);
        QVERIFY(report.plain.apopTimestamp);
        QVERIFY(report.implicitTls.tlsOk);
        QCOMPARE(report.loginOk, std::optional<bool>(true));
        const QString shown = child<QLabel>(w, "probeResult")->text();
        QVERIFY2(shown.contains(QStringLiteral("STARTTLS")) && shown.contains(QStringLiteral("APOP")),
                 qPrintable(shown));
        auto *mode = child<QComboBox>(w, "modeCombo");
        QCOMPARE(Security(mode->currentData().toInt()), Security::Tls);
        QVERIFY(child<QAbstractButton>(w, "wizardNext")->isEnabled());

        child<QAbstractButton>(w, "wizardNext")->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ResultPage));
        QCOMPARE(m_saved.listeners.size(), 1);
        const ListenerConfig listener = m_saved.listeners.first();
        QCOMPARE(listener.upstream->security, Security::Tls);
        QCOMPARE(listener.upstream->effectivePort(), m_dovecot.pop3sPort());
        QCOMPARE(listener.upstream->tls.caFile, m_dovecot.caFile());
        QVERIFY(!listener.storedPassword);
        QCOMPARE(child<QLineEdit>(w, "resultServer")->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(child<QLineEdit>(w, "resultPort")->text(), QString::number(listener.port));
        QCOMPARE(child<QLineEdit>(w, "resultUser")->text(), DovecotFixture::user());

        QTRY_COMPARE(m_backend->status(listener.name).state, ListenerStatus::State::Listening);
        readMailThrough(listener.port, DovecotFixture::password().toUtf8());
    }

    void otherModesCanBeChosen()
    {
        QVERIFY(fillAccountAndProbe(true, false));
        auto *mode = child<QComboBox>(*m_wizard, "modeCombo");
        QStringList offered;
        for (int i = 0; i < mode->count(); ++i)
            offered << securityName(Security(mode->itemData(i).toInt()));
        QCOMPARE(offered.mid(0, 4), QStringList({QStringLiteral("tls"), QStringLiteral("stls"),
                                                 QStringLiteral("apop+tls"), QStringLiteral("apop")}));
        // Plain is offered last and only goes on once the risk is confirmed.
        mode->setCurrentIndex(mode->count() - 1);
        QCOMPARE(Security(mode->currentData().toInt()), Security::Plain);
        QVERIFY(!child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        child<QCheckBox>(*m_wizard, "plainConfirmCheck")->setChecked(true);
        QVERIFY(child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        // STLS it is.
        mode->setCurrentIndex(1);
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QCOMPARE(m_saved.listeners.first().upstream->security, Security::Stls);
        QCOMPARE(m_saved.listeners.first().upstream->effectivePort(), m_dovecot.pop3Port());
        readMailThrough(m_saved.listeners.first().port, DovecotFixture::password().toUtf8());
    }

    void storedPasswordLetsTheClientSendADummy()
    {
        QVERIFY(fillAccountAndProbe(true, true));
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QTRY_COMPARE(m_wizard->currentId(), int(SetupWizard::ResultPage));
        const ListenerConfig listener = m_saved.listeners.first();
        QVERIFY(listener.storedPassword);
        const QString key =
            CredentialKey{QStringLiteral("localhost"), m_dovecot.pop3sPort(), DovecotFixture::user()}.toString();
        QCOMPARE(m_store.entries.value(key), DovecotFixture::password().toUtf8());
        QVERIFY(child<QLineEdit>(*m_wizard, "resultPassword")->text().contains(QStringLiteral("keychain")));
        readMailThrough(listener.port, "dummy");
    }

    void keychainRefusalStopsOnTheProbePage()
    {
        m_store.refuseWith = QStringLiteral("keyring locked");
        QVERIFY(fillAccountAndProbe(true, true));
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QTRY_VERIFY(child<QLabel>(*m_wizard, "createError")->text().contains(QStringLiteral("keyring locked")));
        QCOMPARE(m_wizard->currentId(), int(SetupWizard::ProbePage));
        QVERIFY(m_saved.listeners.isEmpty());
        QVERIFY(child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled()); // the user can try again
    }

    // A keychain waiting for an unlock prompt: Cancel waits, nothing is created twice, and the wizard goes on
    // by itself once the password is stored.
    void slowKeychainHoldsCancelAndThenGoesOn()
    {
        m_store.delayMs = 1500;
        QVERIFY(fillAccountAndProbe(true, true));
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QVERIFY(!child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        child<QAbstractButton>(*m_wizard, "wizardCancel")->click();
        m_wizard->reject(); // Esc and the close button end up here
        QVERIFY(m_wizard->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(m_wizard->currentId(), int(SetupWizard::ResultPage), 5000);
        QCOMPARE(m_saved.listeners.size(), 1);
        QVERIFY(m_saved.listeners.first().storedPassword);
    }

    void untrustedCertificateNeedsConsentAndIsPinned()
    {
        QVERIFY(fillAccountAndProbe(false, false));
        SetupWizard &w = *m_wizard;
        QVERIFY(w.report.recommendationNeedsPin);
        QVERIFY(!w.report.loginOk); // no password over a link not yet trusted
        QVERIFY(child<QCheckBox>(w, "trustCertificateCheck")->isVisible());
        // The certificate the user is asked to trust is shown, not hidden in a tooltip.
        auto *shown = child<QLabel>(w, "certificateInfo");
        QVERIFY(shown->isVisible());
        QVERIFY2(shown->text().contains(QString::fromLatin1(w.report.certificateFor(Security::Tls)->spkiSha256Hex)) ||
                     shown->text().contains(QStringLiteral("SHA-256")),
                 qPrintable(shown->text()));
        QVERIFY(!child<QAbstractButton>(w, "wizardNext")->isEnabled());
        child<QCheckBox>(w, "trustCertificateCheck")->setChecked(true);
        child<QAbstractButton>(w, "wizardNext")->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ResultPage));
        const ListenerConfig listener = m_saved.listeners.first();
        QCOMPARE(listener.upstream->tls.pinSha256.size(), 64);
        QVERIFY(listener.upstream->tls.caFile.isEmpty());
        readMailThrough(listener.port, DovecotFixture::password().toUtf8());
    }

    // A refused test login is not dropped: the page says why, Next waits, and Back returns to the account page.
    void failedLoginStopsWithTheReasonAndAWayBack()
    {
        QVERIFY(fillAccountAndProbe(true, false, QStringLiteral("wrong password")));
        SetupWizard &w = *m_wizard;
        QCOMPARE(w.report.loginOk, std::optional<bool>(false));
        auto *failure = child<QLabel>(w, "loginFailure");
        QVERIFY(failure->isVisible());
        QVERIFY2(!w.report.loginReply.isEmpty() && failure->text().contains(w.report.loginReply),
                 qPrintable(failure->text()));
        QVERIFY(!child<QAbstractButton>(w, "wizardNext")->isEnabled());
        QVERIFY(child<QAbstractButton>(w, "createAnywayCheck")->isVisible());
        auto *back = child<QAbstractButton>(w, "backToAccountButton");
        QVERIFY(back->isVisible());
        back->click();
        QCOMPARE(w.currentId(), int(SetupWizard::AccountPage));
        QVERIFY(m_saved.listeners.isEmpty());
        // With the right password the login works and nothing is in the way any more.
        child<QLineEdit>(w, "passwordEdit")->setText(DovecotFixture::password());
        child<QAbstractButton>(w, "wizardNext")->click();
        auto *page = qobject_cast<WizardProbePage *>(w.currentPage());
        QVERIFY(page && QTest::qWaitFor([page] { return page->probeFinished(); }, 30000));
        QCOMPARE(w.report.loginOk, std::optional<bool>(true));
        QVERIFY(!child<QLabel>(w, "loginFailure")->isVisible());
        QVERIFY(!child<QAbstractButton>(w, "createAnywayCheck")->isVisible());
        QVERIFY(child<QAbstractButton>(w, "wizardNext")->isEnabled());
    }

    // "Create anyway" is an explicit choice, and the result page repeats that the login failed.
    void failedLoginCanBeCreatedAnyway()
    {
        QVERIFY(fillAccountAndProbe(true, false, QStringLiteral("wrong password")));
        SetupWizard &w = *m_wizard;
        QVERIFY(!child<QAbstractButton>(w, "wizardNext")->isEnabled());
        child<QAbstractButton>(w, "createAnywayCheck")->click();
        QVERIFY(child<QAbstractButton>(w, "wizardNext")->isEnabled());
        child<QAbstractButton>(w, "wizardNext")->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ResultPage));
        QCOMPARE(m_saved.listeners.size(), 1);
        const QString summary = child<QLabel>(w, "resultSummary")->text();
        QVERIFY2(summary.contains(QStringLiteral("test login")) && summary.contains(w.report.loginReply),
                 qPrintable(summary));
    }

    // The CA file has a Browse button that opens the file chooser and puts the chosen file into the field.
    void caFileBrowseFillsTheField()
    {
        QString askedTitle;
        FileField::setChooser([&](QWidget *, const QString &title, const QString &, const QString &filter) {
            askedTitle = title + QLatin1Char('|') + filter;
            return m_dovecot.caFile();
        });
        child<QAbstractButton>(*m_wizard, "caFileBrowse")->click();
        FileField::setChooser({});
        QVERIFY2(askedTitle.contains(QStringLiteral("*.pem")), qPrintable(askedTitle));
        QCOMPARE(child<QLineEdit>(*m_wizard, "caFileEdit")->text(), m_dovecot.caFile());
        QCOMPARE(m_wizard->field(QStringLiteral("caFile")).toString(), m_dovecot.caFile());
    }

    void guessesTheOutgoingServer()
    {
        QTest::keyClicks(child<QLineEdit>(*m_wizard, "addressEdit"), QStringLiteral("bob@example.net"));
        QCOMPARE(child<QLineEdit>(*m_wizard, "serverEdit")->text(), QStringLiteral("pop.example.net"));
        QCOMPARE(child<QLineEdit>(*m_wizard, "smtpServerEdit")->text(), QStringLiteral("smtp.example.net"));
        child<QLineEdit>(*m_wizard, "serverEdit")->setText(QStringLiteral("mail.example.jp")); // one host for both
        QCOMPARE(child<QLineEdit>(*m_wizard, "smtpServerEdit")->text(), QStringLiteral("mail.example.jp"));
        auto *smtp = child<QLineEdit>(*m_wizard, "smtpServerEdit");
        smtp->clear();
        QTest::keyClicks(smtp, QStringLiteral("out.example.jp")); // typed by the user: kept from now on
        child<QLineEdit>(*m_wizard, "serverEdit")->setText(QStringLiteral("pop3.example.jp"));
        QCOMPARE(smtp->text(), QStringLiteral("out.example.jp"));
        // Receiving only: no outgoing server needed to go on.
        smtp->clear();
        QVERIFY(!child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        child<QCheckBox>(*m_wizard, "setUpSendingCheck")->setChecked(false);
        QVERIFY(child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
    }

    void badServerNameStaysOnTheFirstPage()
    {
        child<QLineEdit>(*m_wizard, "serverEdit")->setText(QStringLiteral("pop example"));
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QCOMPARE(m_wizard->currentId(), int(SetupWizard::AccountPage));
        QVERIFY(child<QLabel>(*m_wizard, "serverError")->text().contains(QStringLiteral("not a valid server name")));
    }
};

QTEST_MAIN(TestSetupWizard)
#include "tst_setupwizard.moc"
