// The listener editor, driven by objectName offscreen: each bad field is refused next to the field and the
// dialog stays open; the port follows the security mode; a typed password goes to the keychain only. SMTP: the
// protocol choice brings its own modes, ports and options (client auth, POP before SMTP), and they are saved.

#include "memorycredentialstore.h"
#include "ui/common/filefield.h"
#include "ui/listeners/listenereditor.h"
#include "widgetlookup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

namespace {

ListenerConfig existing(const QString &name, quint16 port)
{
    ListenerConfig l;
    l.name = name;
    l.port = port;
    l.upstream = UpstreamConfig{QStringLiteral("pop.other.example"), 0, Security::Tls, {}};
    return l;
}

// A fresh listener as MainWindow's Add starts it, with valid server fields filled in.
struct EditorFixture
{
    MemoryCredentialStore store;
    ListenerEditor editor;
    explicit EditorFixture(quint16 port = 4997) : editor(fresh(port), {existing(QStringLiteral("taken"), 4998)}, &store)
    {
        editor.show();
        child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("isp"));
        child<QLineEdit>(editor, "hostEdit")->setText(QStringLiteral("pop.example.net"));
    }
    static ListenerConfig fresh(quint16 port)
    {
        ListenerConfig l;
        l.port = port;
        l.upstream = UpstreamConfig{};
        return l;
    }
    void clickOk() { child<QPushButton>(editor, "okButton")->click(); }
    bool errorShown(const char *label, const QString &mentions)
    {
        QLabel *l = child<QLabel>(editor, label);
        return l->isVisible() && l->text().contains(mentions);
    }
};

} // namespace

class TestListenerEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsValidInput()
    {
        EditorFixture f;
        child<QComboBox>(f.editor, "securityCombo")
            ->setCurrentIndex(child<QComboBox>(f.editor, "securityCombo")->findData(int(Security::Stls)));
        f.clickOk();
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
        const ListenerConfig l = f.editor.listener();
        QCOMPARE(l.name, QStringLiteral("isp"));
        QCOMPARE(l.port, quint16(4997));
        QVERIFY(l.upstream);
        QCOMPARE(l.upstream->host, QStringLiteral("pop.example.net"));
        QCOMPARE(l.upstream->security, Security::Stls);
        QCOMPARE(l.upstream->effectivePort(), quint16(110));
        QVERIFY(f.store.entries.isEmpty());
    }

    void refusesBadFields_data()
    {
        QTest::addColumn<QString>("widget");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("errorLabel");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty name") << "nameEdit"
                                    << ""
                                    << "nameError"
                                    << "name";
        QTest::newRow("duplicate name") << "nameEdit"
                                        << "taken"
                                        << "nameError"
                                        << "already called";
        QTest::newRow("empty host") << "hostEdit"
                                    << ""
                                    << "hostError"
                                    << "pop.example.net";
        QTest::newRow("bad host") << "hostEdit"
                                  << "pop example!net"
                                  << "hostError"
                                  << "not a valid server name";
        QTest::newRow("short pin") << "pinEdit"
                                   << "abcd"
                                   << "pinError"
                                   << "64 hexadecimal";
        QTest::newRow("missing CA file") << "caFileEdit"
                                         << "/nonexistent/ca.pem"
                                         << "caFileError"
                                         << "cannot be read";
    }

    void refusesBadFields()
    {
        QFETCH(QString, widget);
        QFETCH(QString, value);
        QFETCH(QString, errorLabel);
        QFETCH(QString, mentions);
        EditorFixture f;
        child<QLineEdit>(f.editor, widget.toLatin1().constData())->setText(value);
        f.clickOk();
        QVERIFY(f.editor.isVisible());
        QCOMPARE(f.editor.result(), int(QDialog::Rejected)); // not accepted
        QVERIFY2(f.errorShown(errorLabel.toLatin1().constData(), mentions),
                 qPrintable(child<QLabel>(f.editor, errorLabel.toLatin1().constData())->text()));
    }

    // Browse opens the file chooser (replaced here) and a cancelled choice leaves the field as it was.
    void caFileBrowseFillsTheField()
    {
        EditorFixture f;
        int asked = 0;
        QString answer = QStringLiteral("/etc/ssl/certs/private-ca.pem");
        FileField::setChooser([&](QWidget *, const QString &, const QString &, const QString &) {
            ++asked;
            return answer;
        });
        child<QPushButton>(f.editor, "caFileBrowse")->click();
        QCOMPARE(child<QLineEdit>(f.editor, "caFileEdit")->text(), answer);
        answer.clear();
        child<QPushButton>(f.editor, "caFileBrowse")->click();
        FileField::setChooser({});
        QCOMPARE(asked, 2);
        QCOMPARE(child<QLineEdit>(f.editor, "caFileEdit")->text(), QStringLiteral("/etc/ssl/certs/private-ca.pem"));
    }

    void caFileWithoutCertificateIsRefused()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("not-a-cert.pem")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("hello\n");
        file.close();
        EditorFixture f;
        child<QLineEdit>(f.editor, "caFileEdit")->setText(file.fileName());
        f.clickOk();
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.errorShown("caFileError", QStringLiteral("no PEM certificate")));
    }

    void portClashWithAnotherListenerIsRefused()
    {
        EditorFixture f;
        child<QSpinBox>(f.editor, "localPortSpin")->setValue(4998);
        QVERIFY(f.errorShown("localPortNote", QStringLiteral("\"taken\"")));
        f.clickOk();
        QVERIFY(f.editor.isVisible());
    }

    void warnsAboutBusyPortsAndFiveDigitPorts()
    {
        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        EditorFixture f;
        child<QSpinBox>(f.editor, "localPortSpin")->setValue(other.serverPort());
        QVERIFY(f.errorShown("localPortNote", QStringLiteral("cannot be opened")));
        other.close();
        child<QSpinBox>(f.editor, "localPortSpin")->setValue(12345 == other.serverPort() ? 12346 : 12345);
        QVERIFY(f.errorShown("localPortNote", QStringLiteral("four-digit")));
        f.clickOk(); // a warning, not a refusal
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
    }

    void serverPortFollowsTheSecurityMode()
    {
        EditorFixture f;
        auto *security = child<QComboBox>(f.editor, "securityCombo");
        auto *port = child<QSpinBox>(f.editor, "serverPortSpin");
        QCOMPARE(port->value(), 995); // tls is the default
        security->setCurrentIndex(security->findData(int(Security::Apop)));
        QCOMPARE(port->value(), 110);
        QVERIFY(child<QLabel>(f.editor, "securityWarning")->isVisible());
        QVERIFY(!child<QLineEdit>(f.editor, "pinEdit")->isEnabled());
        port->setValue(1110); // the user's own port stays
        security->setCurrentIndex(security->findData(int(Security::Plain)));
        QCOMPARE(port->value(), 1110);
        QVERIFY(child<QLabel>(f.editor, "securityWarning")->text().contains(QStringLiteral("unprotected")));
        security->setCurrentIndex(security->findData(int(Security::Tls)));
        QVERIFY(!child<QLabel>(f.editor, "securityWarning")->isVisible());
    }

    void typedPasswordGoesToTheKeychain()
    {
        EditorFixture f;
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("alice"));
        child<QLineEdit>(f.editor, "passwordEdit")->setText(QStringLiteral("s3cret \u00e9"));
        child<QCheckBox>(f.editor, "storedPasswordCheck")->setChecked(true);
        f.clickOk();
        QTRY_COMPARE(f.editor.result(), int(QDialog::Accepted));
        QCOMPARE(f.store.entries.value(QStringLiteral("alice@pop.example.net:995")),
                 QStringLiteral("s3cret \u00e9").toUtf8());
        QVERIFY(f.editor.listener().storedPassword);
        QCOMPARE(f.editor.listener().user, QStringLiteral("alice"));
    }

    void keychainRefusalKeepsTheDialogOpen()
    {
        EditorFixture f;
        f.store.refuseWith = QStringLiteral("no Secret Service");
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("alice"));
        child<QLineEdit>(f.editor, "passwordEdit")->setText(QStringLiteral("secret"));
        child<QCheckBox>(f.editor, "storedPasswordCheck")->setChecked(true);
        f.clickOk();
        QTRY_VERIFY(f.errorShown("passwordNote", QStringLiteral("no Secret Service")));
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.store.entries.isEmpty());
    }

    // A stored password lets any local program read the mailbox with any password: only on explicit consent.
    void typedPasswordWithoutConsentIsRefused()
    {
        EditorFixture f;
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("alice"));
        child<QLineEdit>(f.editor, "passwordEdit")->setText(QStringLiteral("secret"));
        f.clickOk();
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.errorShown("passwordNote", QStringLiteral("Use the password stored")));
        QVERIFY(f.store.entries.isEmpty());
    }

    void engineRefusalStoresNothing()
    {
        EditorFixture f;
        f.editor.setChecker([](const ListenerConfig &) {
            return QList<ConfigIssue>{{QStringLiteral("listeners[0].upstream"), QStringLiteral("loops back")}};
        });
        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("alice"));
        child<QLineEdit>(f.editor, "passwordEdit")->setText(QStringLiteral("secret"));
        child<QCheckBox>(f.editor, "storedPasswordCheck")->setChecked(true);
        f.clickOk();
        QTest::qWait(50);
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.errorShown("issueLabel", QStringLiteral("listeners[0].upstream: loops back")));
        QVERIFY(f.store.entries.isEmpty());
    }

    void separatorMustBeOneTheEngineAccepts()
    {
        EditorFixture f;
        child<QCheckBox>(f.editor, "routingCheck")->setChecked(true);
        child<QLineEdit>(f.editor, "separatorEdit")->setText(QStringLiteral("@"));
        f.clickOk();
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.errorShown("separatorError", QStringLiteral("%")));
        child<QLineEdit>(f.editor, "separatorEdit")->setText(QStringLiteral("%"));
        f.clickOk();
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
        QCOMPARE(f.editor.listener().routing.separator, '%');
        QCOMPARE(f.editor.listener().routing.allow.size(), 1); // its own server
    }

    void tlsFieldsAreIgnoredWithoutTls()
    {
        EditorFixture f;
        child<QLineEdit>(f.editor, "pinEdit")->setText(QStringLiteral("not a pin"));
        auto *security = child<QComboBox>(f.editor, "securityCombo");
        security->setCurrentIndex(security->findData(int(Security::Apop)));
        f.clickOk();
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
        QVERIFY(f.editor.listener().upstream->tls.pinSha256.isEmpty());
    }

    void storedPasswordNeedsAUserName()
    {
        EditorFixture f;
        child<QCheckBox>(f.editor, "storedPasswordCheck")->setChecked(true);
        f.clickOk();
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.errorShown("passwordNote", QStringLiteral("user name")));
    }

    void smtpBringsItsOwnModesAndPorts()
    {
        EditorFixture f;
        QVERIFY(!child<QWidget>(f.editor, "smtpGroup")->isVisible());
        auto *protocol = child<QComboBox>(f.editor, "protocolCombo");
        protocol->setCurrentIndex(protocol->findData(int(Protocol::Smtp)));
        auto *security = child<QComboBox>(f.editor, "securityCombo");
        QStringList offered;
        for (int i = 0; i < security->count(); ++i)
            offered << securityName(Security(security->itemData(i).toInt()), Protocol::Smtp);
        QCOMPARE(offered, QStringList({QStringLiteral("tls"), QStringLiteral("starttls"), QStringLiteral("plain")}));
        QCOMPARE(child<QSpinBox>(f.editor, "localPortSpin")->value(), 3587);
        QCOMPARE(child<QSpinBox>(f.editor, "serverPortSpin")->value(), 465);
        QVERIFY(child<QWidget>(f.editor, "smtpGroup")->isVisible());
        QVERIFY(!child<QWidget>(f.editor, "routingCheck")->isVisible());
        QVERIFY(child<QLabel>(f.editor, "securityExplanation")->text().contains(QStringLiteral("outgoing server")));
        security->setCurrentIndex(security->findData(int(Security::Stls)));
        QCOMPARE(child<QSpinBox>(f.editor, "serverPortSpin")->value(), 587);
        QVERIFY(child<QLabel>(f.editor, "securityExplanation")->text().contains(QStringLiteral("submission port")));
        child<QLineEdit>(f.editor, "hostEdit")->setText(QStringLiteral("smtp.example.net"));
        f.clickOk();
        QCOMPARE(f.editor.result(), int(QDialog::Accepted));
        const ListenerConfig l = f.editor.listener();
        QCOMPARE(l.protocol, Protocol::Smtp);
        QCOMPARE(l.port, quint16(3587));
        QCOMPARE(l.upstream->protocol, Protocol::Smtp);
        QCOMPARE(l.upstream->security, Security::Stls);
        QCOMPARE(l.upstream->port, quint16(0)); // the mode's default, 587, is written as no port
        QCOMPARE(l.clientAuth, ClientAuth::Required);
        QVERIFY(!l.popBeforeSmtp);
        QVERIFY(!l.routing.enabled);

        // And back: POP3's modes and default ports return.
        protocol->setCurrentIndex(protocol->findData(int(Protocol::Pop3)));
        QCOMPARE(security->count(), 5);
        QCOMPARE(child<QSpinBox>(f.editor, "localPortSpin")->value(), 3999);
        QCOMPARE(child<QSpinBox>(f.editor, "serverPortSpin")->value(), 110);
    }

    void clientAuthOptionalNeedsAStoredPassword()
    {
        EditorFixture f;
        auto *protocol = child<QComboBox>(f.editor, "protocolCombo");
        protocol->setCurrentIndex(protocol->findData(int(Protocol::Smtp)));
        child<QCheckBox>(f.editor, "clientAuthOptionalCheck")->setChecked(true);
        f.clickOk();
        QVERIFY(f.editor.isVisible());
        QVERIFY(f.errorShown("clientAuthError", QStringLiteral("keychain")));

        child<QLineEdit>(f.editor, "userEdit")->setText(QStringLiteral("scanner@example.net"));
        // The risk is named with the account it concerns.
        QVERIFY(
            child<QLabel>(f.editor, "clientAuthExplanation")->text().contains(QStringLiteral("scanner@example.net")));
        QVERIFY(child<QLabel>(f.editor, "clientAuthExplanation")->text().contains(QStringLiteral("Any program")));
        child<QLineEdit>(f.editor, "passwordEdit")->setText(QStringLiteral("s3cret"));
        child<QCheckBox>(f.editor, "storedPasswordCheck")->setChecked(true);
        f.clickOk();
        QTRY_COMPARE(f.editor.result(), int(QDialog::Accepted));
        QCOMPARE(f.editor.listener().clientAuth, ClientAuth::Optional);
        QCOMPARE(f.store.entries.value(
                     CredentialKey{QStringLiteral("pop.example.net"), 465, QStringLiteral("scanner@example.net")}
                         .toString()),
                 QByteArray("s3cret"));
    }

    void popBeforeSmtpPicksAPop3Listener()
    {
        MemoryCredentialStore store;
        ListenerConfig routed = existing(QStringLiteral("routed"), 4100);
        routed.upstream.reset();
        routed.routing.enabled = true;
        ListenerConfig otherSmtp = existing(QStringLiteral("other smtp"), 4101);
        otherSmtp.protocol = Protocol::Smtp;
        ListenerConfig smtp = EditorFixture::fresh(3587);
        smtp.protocol = Protocol::Smtp;
        smtp.upstream->protocol = Protocol::Smtp;
        ListenerEditor editor(smtp, {existing(QStringLiteral("isp"), 3999), routed, otherSmtp}, &store);
        editor.show();
        child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("isp smtp"));
        child<QLineEdit>(editor, "hostEdit")->setText(QStringLiteral("smtp.example.net"));
        auto *picker = child<QComboBox>(editor, "popBeforeSmtpCombo");
        QVERIFY(!picker->isVisible()); // until POP before SMTP is ticked
        QCOMPARE(picker->count(), 1);  // only a POP3 listener with a fixed server can log in
        QCOMPARE(picker->itemData(0).toString(), QStringLiteral("isp"));
        child<QCheckBox>(editor, "popBeforeSmtpCheck")->setChecked(true);
        QVERIFY(picker->isVisible());
        child<QSpinBox>(editor, "popBeforeSmtpWindowSpin")->setValue(1);
        child<QSpinBox>(editor, "popBeforeSmtpDelaySpin")->setValue(60);
        child<QPushButton>(editor, "okButton")->click();
        QVERIFY(editor.isVisible());
        QLabel *error = child<QLabel>(editor, "popBeforeSmtpError");
        QVERIFY(error->isVisible() && error->text().contains(QStringLiteral("shorter")));

        child<QSpinBox>(editor, "popBeforeSmtpWindowSpin")->setValue(20);
        child<QSpinBox>(editor, "popBeforeSmtpDelaySpin")->setValue(7);
        child<QPushButton>(editor, "okButton")->click();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        const ListenerConfig l = editor.listener();
        QVERIFY(l.popBeforeSmtp);
        QCOMPARE(*l.popBeforeSmtp, (PopBeforeSmtpConfig{QStringLiteral("isp"), 1200, 7}));
    }

    void anSmtpListenerIsSavedAsItWasRead()
    {
        // A file's 90-second window and its other SMTP settings come back unchanged when only OK is pressed.
        MemoryCredentialStore store;
        ListenerConfig smtp = existing(QStringLiteral("scanner"), 3588);
        smtp.protocol = Protocol::Smtp;
        smtp.upstream->protocol = Protocol::Smtp;
        smtp.upstream->security = Security::Stls;
        smtp.user = QStringLiteral("alice");
        smtp.storedPassword = true;
        smtp.clientAuth = ClientAuth::Optional;
        smtp.popBeforeSmtp = PopBeforeSmtpConfig{QStringLiteral("isp"), 90, 3};
        ListenerEditor editor(smtp, {existing(QStringLiteral("isp"), 3999)}, &store);
        editor.show();
        QVERIFY(child<QCheckBox>(editor, "clientAuthOptionalCheck")->isChecked());
        QVERIFY(child<QCheckBox>(editor, "popBeforeSmtpCheck")->isChecked());
        child<QPushButton>(editor, "okButton")->click();
        QCOMPARE(editor.result(), int(QDialog::Accepted));
        QVERIFY(editor.listener() == smtp);
    }
};

QTEST_MAIN(TestListenerEditor)
#include "tst_listenereditor.moc"
