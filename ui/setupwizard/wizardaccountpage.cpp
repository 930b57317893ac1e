#include "ui/setupwizard/wizardaccountpage.h"

#include "net/hostname.h"
#include "ui/common/fielderror.h"
#include "ui/common/filefield.h"
#include "ui/common/signinlauncher.h"
#include "ui/setupwizard/oauthdomains.h"
#include "ui/setupwizard/setupwizard.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace mailshim {

WizardAccountPage::WizardAccountPage(QWidget *parent)
    : QWizardPage(parent), m_address(new QLineEdit), m_oauth(new QCheckBox), m_oauthNote(new QLabel),
      m_server(new QLineEdit), m_serverError(FieldError::create(QStringLiteral("serverError"))),
      m_sending(new QCheckBox), m_smtpServer(new QLineEdit),
      m_smtpServerError(FieldError::create(QStringLiteral("smtpServerError"))), m_user(new QLineEdit),
      m_password(new QLineEdit), m_store(new QCheckBox), m_plainPort(new QSpinBox), m_tlsPort(new QSpinBox),
      m_submissionPort(new QSpinBox), m_smtpTlsPort(new QSpinBox), m_caFile(new QLineEdit)
{
    setObjectName(QStringLiteral("accountPage"));
    setTitle(tr("Your mail account"));
    setSubTitle(tr("MailShim will check which protections your mail server offers. Nothing is changed on the "
                   "server."));

    m_address->setObjectName(QStringLiteral("addressEdit"));
    m_address->setPlaceholderText(tr("you@example.net"));
    m_oauth->setObjectName(QStringLiteral("oauthCheck"));
    m_oauth->setText(tr("Sign in in the browser instead of a password (Microsoft 365, Outlook.com, Gmail, or a "
                        "company mailbox there)"));
    m_oauthNote->setObjectName(QStringLiteral("oauthNote"));
    m_oauthNote->setWordWrap(true);
    m_oauthNote->setText(tr("No password is needed here: on the next page you sign in once in your browser. The mail "
                            "program then keeps its user name and may send any password."));
    m_oauthNote->hide();
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_server->setPlaceholderText(tr("pop.example.net"));
    m_sending->setObjectName(QStringLiteral("setUpSendingCheck"));
    m_sending->setText(tr("Send mail through MailShim too"));
    m_sending->setChecked(true);
    m_smtpServer->setObjectName(QStringLiteral("smtpServerEdit"));
    m_smtpServer->setPlaceholderText(tr("smtp.example.net"));
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("optional: used to test the login"));
    m_store->setObjectName(QStringLiteral("storePasswordCheck"));
    m_store->setText(tr("Keep the password in the system keychain, so the mail client can use any password"));
    m_plainPort->setObjectName(QStringLiteral("plainPortSpin"));
    m_plainPort->setRange(1, 65535);
    m_plainPort->setValue(110);
    m_tlsPort->setObjectName(QStringLiteral("tlsPortSpin"));
    m_tlsPort->setRange(1, 65535);
    m_tlsPort->setValue(995);
    m_submissionPort->setObjectName(QStringLiteral("submissionPortSpin"));
    m_submissionPort->setRange(1, 65535);
    m_submissionPort->setValue(587);
    m_smtpTlsPort->setObjectName(QStringLiteral("smtpTlsPortSpin"));
    m_smtpTlsPort->setRange(1, 65535);
    m_smtpTlsPort->setValue(465);
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("only for a private certificate authority"));

    auto *form = new QFormLayout;
    form->addRow(tr("Mail &address:"), m_address);
    form->addRow(QString(), m_oauth);
    form->addRow(tr("POP3 &server (incoming):"), m_server);
    form->addRow(QString(), m_serverError);
    form->addRow(QString(), m_sending);
    form->addRow(tr("SMTP s&erver (outgoing):"), m_smtpServer);
    form->addRow(QString(), m_smtpServerError);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_store);
    form->addRow(QString(), m_oauthNote);
    auto *advanced = new QGroupBox(tr("Advanced"));
    advanced->setObjectName(QStringLiteral("advancedGroup"));
    auto *advancedForm = new QFormLayout(advanced);
    advancedForm->addRow(tr("POP3 port:"), m_plainPort);
    advancedForm->addRow(tr("POP3 over TLS port:"), m_tlsPort);
    advancedForm->addRow(tr("SMTP submission port:"), m_submissionPort);
    advancedForm->addRow(tr("SMTP over TLS port:"), m_smtpTlsPort);
    advancedForm->addRow(tr("CA file:"), FileField::caFileRow(m_caFile, QStringLiteral("caFileBrowse")));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(advanced);
    layout->addStretch();

    registerField(QStringLiteral("address"), m_address);
    registerField(QStringLiteral("oauth"), m_oauth);
    registerField(QStringLiteral("server*"), m_server);
    registerField(QStringLiteral("user"), m_user);
    registerField(QStringLiteral("password"), m_password);
    registerField(QStringLiteral("storePassword"), m_store);
    registerField(QStringLiteral("plainPort"), m_plainPort);
    registerField(QStringLiteral("tlsPort"), m_tlsPort);
    registerField(QStringLiteral("setUpSending"), m_sending);
    registerField(QStringLiteral("smtpServer"), m_smtpServer);
    registerField(QStringLiteral("submissionPort"), m_submissionPort);
    registerField(QStringLiteral("smtpTlsPort"), m_smtpTlsPort);
    registerField(QStringLiteral("caFile"), m_caFile);

    connect(m_address, &QLineEdit::textEdited, this, &WizardAccountPage::onAddressEdited);
    connect(m_oauth, &QCheckBox::clicked, this, [this] { m_oauthTouched = true; });
    connect(m_oauth, &QCheckBox::toggled, this, &WizardAccountPage::onOAuthToggled);
    connect(m_server, &QLineEdit::textEdited, this, [this] { m_serverTouched = true; });
    connect(m_server, &QLineEdit::textChanged, this, [this](const QString &server) {
        // pop.<domain> sends through smtp.<domain>; a single mail.<domain> does both.
        if (!m_smtpServerTouched) {
            QString smtp = server.trimmed();
            for (const QString &prefix : {QStringLiteral("pop3."), QStringLiteral("pop.")}) {
                if (smtp.startsWith(prefix, Qt::CaseInsensitive)) {
                    smtp = QStringLiteral("smtp.") + smtp.mid(prefix.size());
                    break;
                }
            }
            m_smtpServer->setText(smtp);
        }
    });
    connect(m_smtpServer, &QLineEdit::textEdited, this, [this] { m_smtpServerTouched = true; });
    connect(m_smtpServer, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_sending, &QCheckBox::toggled, this, [this](bool on) {
        m_smtpServer->setEnabled(on);
        m_submissionPort->setEnabled(on);
        m_smtpTlsPort->setEnabled(on);
        Q_EMIT completeChanged();
    });
    connect(m_user, &QLineEdit::textEdited, this, [this] { m_userTouched = true; });
    connect(m_password, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_store->setEnabled(!text.isEmpty());
        if (text.isEmpty())
            m_store->setChecked(false);
    });
    m_store->setEnabled(false);
}

// Most providers name their servers pop.<domain> and smtp.<domain>, and the user name is often the address itself.
// Microsoft's and Google's addresses get their real servers and the browser sign-in.
void WizardAccountPage::onAddressEdited(const QString &address)
{
    const qsizetype at = address.indexOf(QLatin1Char('@'));
    const std::optional<OAuthDomainGuess> oauth = oauthProviderForAddress(address);
    if (!m_serverTouched && at > 0 && at + 1 < address.size())
        m_server->setText(oauth ? oauth->popServer : QStringLiteral("pop.") + address.mid(at + 1).trimmed());
    if (!m_smtpServerTouched && at > 0 && at + 1 < address.size())
        m_smtpServer->setText(oauth ? oauth->smtpServer : QStringLiteral("smtp.") + address.mid(at + 1).trimmed());
    if (!m_userTouched)
        m_user->setText(address.trimmed());
    // Where this copy cannot sign in (the Windows build today: no QtNetworkAuth), the choice is not offered at all.
    const auto *setup = qobject_cast<const SetupWizard *>(wizard());
    const bool canSignIn = setup && setup->signInLauncher() && setup->signInLauncher()->available();
    m_oauth->setVisible(canSignIn);
    if (!canSignIn)
        m_oauth->setChecked(false);
    else if (!m_oauthTouched)
        m_oauth->setChecked(oauth.has_value());
}

// A sign-in needs no password: the field goes, and so does keeping it.
void WizardAccountPage::onOAuthToggled(bool on)
{
    if (on) {
        m_password->clear();
        m_store->setChecked(false);
    }
    m_password->setEnabled(!on);
    m_store->setVisible(!on);
    m_oauthNote->setVisible(on);
}

bool WizardAccountPage::isComplete() const
{
    return !m_server->text().trimmed().isEmpty() &&
           (!m_sending->isChecked() || !m_smtpServer->text().trimmed().isEmpty());
}

bool WizardAccountPage::validatePage()
{
    const QString server = m_server->text().trimmed();
    QString error;
    if (!HostName::normalize(server.toUtf8()))
        error = tr("\"%1\" is not a valid server name.").arg(server);
    else if (!m_caFile->text().trimmed().isEmpty() && !QFileInfo(m_caFile->text().trimmed()).isReadable())
        error = tr("The CA file %1 cannot be read.").arg(m_caFile->text().trimmed());
    FieldError::set(m_serverError, error);
    const QString smtpServer = m_smtpServer->text().trimmed();
    QString smtpError;
    if (m_sending->isChecked() && !HostName::normalize(smtpServer.toUtf8()))
        smtpError = tr("\"%1\" is not a valid server name.").arg(smtpServer);
    FieldError::set(m_smtpServerError, smtpError);
    return error.isEmpty() && smtpError.isEmpty();
}

} // namespace mailshim
