// The setup wizard's outgoing side against a real Postfix (SMTPS, submission with STARTTLS, SASL through Dovecot) in
// front of a real Dovecot, driven by objectName: the probe finds 465 and 587 with their AUTH mechanisms and
// certificates, recommends tls, logs in for real, both listeners are created, the last page says what to type into
// Outlook for both directions, and Python's smtplib then sends a message through the created SMTP listener that
// arrives in Dovecot's mailbox. Also: a wrong password stops on the page, an untrusted certificate needs consent and
// gets no password, starttls can be chosen, and a server that cannot be reached lets the user skip sending.

#include "memorycredentialstore.h"
#include "postfixfixture.h"
#include "service/control/localenginebackend.h"
#include "ui/setupwizard/setupwizard.h"
#include "ui/setupwizard/wizardprobepage.h"
#include "ui/setupwizard/wizardresultpage.h"
#include "widgetlookup.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryFile>
#include <QTest>

using namespace mailshim;

class TestOutgoingWizard : public QObject
{
    Q_OBJECT

private:
    PostfixFixture m_postfix;
    Config m_saved;
    MemoryCredentialStore m_store;
    std::unique_ptr<LocalEngineBackend> m_backend;
    std::unique_ptr<SetupWizard> m_wizard;

    // Fills the account page for the fixture's account, probes the incoming side and goes on to the outgoing page.
    bool probeBothSides(bool withCaFile, const QString &password = PostfixFixture::password(), quint16 smtpsPort = 0,
                        quint16 submissionPort = 0)
    {
        SetupWizard &w = *m_wizard;
        const DovecotFixture &dovecot = m_postfix.dovecot();
        child<QLineEdit>(w, "addressEdit")->setText(PostfixFixture::address(PostfixFixture::user()));
        child<QLineEdit>(w, "serverEdit")->setText(m_postfix.tlsHostName());
        child<QLineEdit>(w, "smtpServerEdit")->setText(m_postfix.tlsHostName());
        child<QLineEdit>(w, "userEdit")->setText(PostfixFixture::user());
        child<QLineEdit>(w, "passwordEdit")->setText(password);
        child<QSpinBox>(w, "plainPortSpin")->setValue(dovecot.pop3Port());
        child<QSpinBox>(w, "tlsPortSpin")->setValue(dovecot.pop3sPort());
        child<QSpinBox>(w, "smtpTlsPortSpin")->setValue(smtpsPort ? smtpsPort : m_postfix.smtpsPort());
        child<QSpinBox>(w, "submissionPortSpin")
            ->setValue(submissionPort ? submissionPort : m_postfix.submissionPort());
        child<QLineEdit>(w, "caFileEdit")->setText(withCaFile ? m_postfix.caFile() : QString());
        child<QAbstractButton>(w, "wizardNext")->click();
        auto *incoming = qobject_cast<WizardProbePage *>(w.currentPage());
        if (w.currentId() != SetupWizard::ProbePage ||
            !QTest::qWaitFor([incoming] { return incoming->probeFinished(); }, 30000))
            return false;
        if (!withCaFile) // the incoming certificate needs the same consent
            child<QCheckBox>(*incoming, "trustCertificateCheck")->setChecked(true);
        if (incoming->loginFailed()) // a wrong password: the incoming page is acknowledged, the outgoing one is tested
            child<QCheckBox>(*incoming, "createAnywayCheck")->setChecked(true);
        child<QAbstractButton>(w, "wizardNext")->click();
        auto *outgoing = qobject_cast<WizardProbePage *>(w.currentPage());
        return w.currentId() == SetupWizard::OutgoingPage &&
               QTest::qWaitFor([outgoing] { return outgoing->probeFinished(); }, 30000);
    }

    QStringList offeredModes() const
    {
        auto *mode = child<QComboBox>(*m_wizard->currentPage(), "modeCombo");
        QStringList offered;
        for (int i = 0; i < mode->count(); ++i)
            offered << securityName(Security(mode->itemData(i).toInt()), Protocol::Smtp);
        return offered;
    }

    // Python's smtplib, as an old client would: plain SMTP on loopback, AUTH, one message to the account itself.
    QJsonObject sendThrough(quint16 port, const QString &password, const QByteArray &message)
    {
        QTemporaryFile file;
        if (!file.open())
            return {};
        file.write(message);
        file.flush();
        QProcess client;
        client.start(QStringLiteral("python3"),
                     {QStringLiteral(MAILSHIM_SMTPCLIENT_PY), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--port"), QString::number(port), QStringLiteral("--mode"),
                      QStringLiteral("plain"), QStringLiteral("--user"), PostfixFixture::user(),
                      QStringLiteral("--password"), password, QStringLiteral("--from"),
                      PostfixFixture::address(PostfixFixture::user()), QStringLiteral("--to"),
                      PostfixFixture::address(PostfixFixture::user()), QStringLiteral("--message"), file.fileName()});
        // The event loop runs meanwhile: the engine relaying the message lives in this process.
        if (!QTest::qWaitFor([&client] { return client.state() == QProcess::NotRunning; }, 60000))
            return {};
        return QJsonDocument::fromJson(client.readAllStandardOutput().trimmed()).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_postfix.start(&error), qPrintable(error));
    }

    void init()
    {
        m_saved = Config{};
        m_store.entries.clear();
        m_backend = std::make_unique<LocalEngineBackend>(
            Config{},
            [this](const Config &c, QString *) {
                m_saved = c;
                return true;
            },
            &m_store);
        m_wizard = std::make_unique<SetupWizard>(m_backend.get(), &m_store);
        m_wizard->show();
    }

    void cleanup()
    {
        m_wizard.reset();
        m_backend.reset();
    }

    void probesTheOutgoingServerAndCreatesBothListeners()
    {
        QVERIFY(probeBothSides(true));
        SetupWizard &w = *m_wizard;
        const ProbeReport &report = w.outgoingReport;
        QCOMPARE(report.protocol, Protocol::Smtp);
        QVERIFY(report.implicitTls.greetingOk);
        QVERIFY(report.implicitTls.tlsOk);
        QVERIFY(report.plain.stls); // STARTTLS offered on submission and answered 220
        QVERIFY(report.plain.tlsOk);
        QVERIFY2(report.implicitTls.authMechanisms.contains(QStringLiteral("PLAIN")),
                 qPrintable(report.implicitTls.authMechanisms.join(QLatin1Char(' '))));
        QVERIFY(report.plain.authMechanisms.contains(QStringLiteral("PLAIN"))); // learned inside TLS
        QCOMPARE(report.recommended, std::optional<Security>(Security::Tls));
        QCOMPARE(report.loginOk, std::optional<bool>(true)); // a real AUTH at Postfix
        QCOMPARE(offeredModes(), QStringList({QStringLiteral("tls"), QStringLiteral("starttls")}));
        const QString shown = child<QLabel>(*w.currentPage(), "probeResult")->text();
        QVERIFY2(shown.contains(QStringLiteral("AUTH")) && shown.contains(QStringLiteral("STARTTLS")) &&
                     shown.contains(QString::number(m_postfix.smtpsPort())),
                 qPrintable(shown));

        child<QAbstractButton>(w, "wizardNext")->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ResultPage));
        QCOMPARE(m_saved.listeners.size(), 2);
        const ListenerConfig pop = m_saved.listeners.at(0);
        const ListenerConfig smtp = m_saved.listeners.at(1);
        QCOMPARE(pop.protocol, Protocol::Pop3);
        QCOMPARE(smtp.protocol, Protocol::Smtp);
        QVERIFY(smtp.port >= 3587 && smtp.port != pop.port); // the first free one from 3587 up
        QCOMPARE(smtp.upstream->security, Security::Tls);
        QCOMPARE(smtp.upstream->effectivePort(), m_postfix.smtpsPort());
        QCOMPARE(smtp.upstream->tls.caFile, m_postfix.caFile());
        QCOMPARE(smtp.clientAuth, ClientAuth::Required);
        QVERIFY(!smtp.popBeforeSmtp);

        // What to type into Outlook, for both directions.
        QVERIFY(child<QGroupBox>(w, "resultOutgoingGroup")->isVisible());
        QCOMPARE(child<QLineEdit>(w, "resultServer")->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(child<QLineEdit>(w, "resultPort")->text(), QString::number(pop.port));
        QCOMPARE(child<QLineEdit>(w, "resultSmtpServer")->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(child<QLineEdit>(w, "resultSmtpPort")->text(), QString::number(smtp.port));
        QVERIFY(child<QLineEdit>(w, "resultSmtpAuth")->text().startsWith(QStringLiteral("Yes")));
        QCOMPARE(child<QLineEdit>(w, "resultEncryption")->text(), QStringLiteral("None")); // on the local link
        QCOMPARE(child<QLineEdit>(w, "resultSmtpEncryption")->text(), QStringLiteral("None"));
        QVERIFY(child<QAbstractButton>(w, "resultSmtpPortCopy")->isVisible());
        const QString all = qobject_cast<WizardResultPage *>(w.currentPage())->settingsText();
        QVERIFY2(all.contains(QStringLiteral("Outgoing mail server (SMTP): 127.0.0.1\nPort: %1").arg(smtp.port)),
                 qPrintable(all));

        // And mail really leaves that way.
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->status(smtp.name).state, ListenerStatus::State::Listening, 10000);
        const int before = m_postfix.deliveredCount(PostfixFixture::user());
        const QByteArray message = "Subject: through the wizard's listener\r\n\r\n.dot at the start\r\nbye\r\n";
        const QJsonObject sent = sendThrough(smtp.port, PostfixFixture::password(), message);
        QVERIFY2(sent.value(QStringLiteral("ok")).toBool(), QJsonDocument(sent).toJson().constData());
        QVERIFY(m_postfix.waitForDelivery(PostfixFixture::user(), before + 1));
    }

    void starttlsCanBeChosen()
    {
        QVERIFY(probeBothSides(true));
        auto *mode = child<QComboBox>(*m_wizard->currentPage(), "modeCombo");
        mode->setCurrentIndex(mode->findData(int(Security::Stls)));
        QVERIFY(
            child<QLabel>(*m_wizard->currentPage(), "modeExplanation")->text().contains(QStringLiteral("submission")));
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QCOMPARE(m_wizard->currentId(), int(SetupWizard::ResultPage));
        const ListenerConfig smtp = m_saved.listeners.at(1);
        QCOMPARE(smtp.upstream->security, Security::Stls);
        QCOMPARE(smtp.upstream->effectivePort(), m_postfix.submissionPort());
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->status(smtp.name).state, ListenerStatus::State::Listening, 10000);
        const int before = m_postfix.deliveredCount(PostfixFixture::user());
        const QJsonObject sent = sendThrough(smtp.port, PostfixFixture::password(), "Subject: starttls\r\n\r\nhi\r\n");
        QVERIFY2(sent.value(QStringLiteral("ok")).toBool(), QJsonDocument(sent).toJson().constData());
        QVERIFY(m_postfix.waitForDelivery(PostfixFixture::user(), before + 1));
    }

    void aWrongPasswordStopsOnTheOutgoingPage()
    {
        QVERIFY(probeBothSides(true, QStringLiteral("wrong")));
        // The incoming page let us on only because its failure was acknowledged below; here the same stop.
        const ProbeReport &report = m_wizard->outgoingReport;
        QCOMPARE(report.loginOk, std::optional<bool>(false));
        QVERIFY2(report.loginReply.startsWith(QStringLiteral("535")), qPrintable(report.loginReply));
        QLabel *failure = child<QLabel>(*m_wizard->currentPage(), "loginFailure");
        QVERIFY(failure->isVisible() && failure->text().contains(report.loginReply));
        QVERIFY(!child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        child<QCheckBox>(*m_wizard->currentPage(), "createAnywayCheck")->setChecked(true);
        QVERIFY(child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
    }

    void anUntrustedCertificateNeedsConsentAndGetsNoPassword()
    {
        QVERIFY(probeBothSides(false));
        const ProbeReport &report = m_wizard->outgoingReport;
        QVERIFY(report.recommendationNeedsPin);
        QVERIFY(!report.loginOk); // no password over a link not yet trusted
        QVERIFY(!child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        QLabel *shown = child<QLabel>(*m_wizard->currentPage(), "certificateInfo");
        const QByteArray key = report.certificateFor(Security::Tls)->spkiSha256Hex;
        QVERIFY2(shown->isVisible() && shown->text().contains(QString::fromLatin1(key)), qPrintable(shown->text()));
        child<QCheckBox>(*m_wizard->currentPage(), "trustCertificateCheck")->setChecked(true);
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QCOMPARE(m_wizard->currentId(), int(SetupWizard::ResultPage));
        QCOMPARE(m_saved.listeners.at(1).upstream->tls.pinSha256, key);
    }

    void sendingCanBeSkippedWhenNothingAnswers()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 nobody = closed.serverPort();
        closed.close();
        QVERIFY(probeBothSides(true, PostfixFixture::password(), nobody, nobody));
        QCOMPARE(offeredModes(), QStringList());
        auto *skip = child<QCheckBox>(*m_wizard->currentPage(), "skipSendingCheck");
        QVERIFY(skip->isVisible());
        QVERIFY(!child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        skip->setChecked(true);
        QVERIFY(child<QAbstractButton>(*m_wizard, "wizardNext")->isEnabled());
        child<QAbstractButton>(*m_wizard, "wizardNext")->click();
        QCOMPARE(m_wizard->currentId(), int(SetupWizard::ResultPage));
        QCOMPARE(m_saved.listeners.size(), 1);
        QVERIFY(!child<QGroupBox>(*m_wizard, "resultOutgoingGroup")->isVisible());
    }

    void receivingOnlySkipsTheOutgoingPage()
    {
        child<QCheckBox>(*m_wizard, "setUpSendingCheck")->setChecked(false);
        SetupWizard &w = *m_wizard;
        child<QLineEdit>(w, "serverEdit")->setText(m_postfix.tlsHostName());
        child<QSpinBox>(w, "plainPortSpin")->setValue(m_postfix.dovecot().pop3Port());
        child<QSpinBox>(w, "tlsPortSpin")->setValue(m_postfix.dovecot().pop3sPort());
        child<QLineEdit>(w, "caFileEdit")->setText(m_postfix.caFile());
        child<QAbstractButton>(w, "wizardNext")->click();
        auto *incoming = qobject_cast<WizardProbePage *>(w.currentPage());
        QVERIFY(QTest::qWaitFor([incoming] { return incoming->probeFinished(); }, 30000));
        child<QAbstractButton>(w, "wizardNext")->click();
        QCOMPARE(w.currentId(), int(SetupWizard::ResultPage));
        QCOMPARE(m_saved.listeners.size(), 1);
    }
};

QTEST_MAIN(TestOutgoingWizard)
#include "tst_outgoingwizard.moc"
