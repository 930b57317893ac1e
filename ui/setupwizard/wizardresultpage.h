#pragma once

// WizardResultPage: the end of the setup wizard: exactly what to type into the mail client for incoming mail
// (server 127.0.0.1, port, user name, password) and, when a sending listener was created, for outgoing mail (server
// 127.0.0.1, port, "my outgoing server requires authentication"), with no encryption on the local link; each with a
// copy button, and one "copy all".

#include <QWizardPage>

class QGroupBox;
class QLabel;
class QLineEdit;

namespace mailshim {

class SetupWizard;

class WizardResultPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardResultPage)

public:
    explicit WizardResultPage(SetupWizard *wizard);
    void initializePage() override;
    // The settings as plain text, as "copy all" puts them on the clipboard.
    QString settingsText() const;

private:
    QString outgoingSummary() const;

    SetupWizard *m_wizard;
    QLineEdit *m_server = nullptr;
    QLineEdit *m_port = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QGroupBox *m_outgoing;
    QLineEdit *m_smtpServer = nullptr;
    QLineEdit *m_smtpPort = nullptr;
    QLineEdit *m_smtpAuth = nullptr;
    QLineEdit *m_encryption = nullptr;
    QLineEdit *m_smtpEncryption = nullptr;
    QLabel *m_summary;
};

} // namespace mailshim
