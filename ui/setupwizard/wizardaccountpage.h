#pragma once

// WizardAccountPage: the setup wizard's first page. Mail address (the server names are guessed from it), the
// incoming (POP3) and outgoing (SMTP) servers, user name and password, and under "Advanced" the ports and a CA file
// for unusual servers. For a Microsoft 365 or Google address (or when the user says the mailbox is there) a browser
// sign-in replaces the password: the "oauth" field, and the next page is WizardSignInPage.

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mailshim {

class WizardAccountPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardAccountPage)

public:
    explicit WizardAccountPage(QWidget *parent = nullptr);
    bool isComplete() const override;
    bool validatePage() override;

private:
    void onAddressEdited(const QString &address);
    void onOAuthToggled(bool on);

    QLineEdit *m_address;
    QCheckBox *m_oauth;
    QLabel *m_oauthNote;
    QLineEdit *m_server;
    QLabel *m_serverError;
    QCheckBox *m_sending;
    QLineEdit *m_smtpServer;
    QLabel *m_smtpServerError;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_store;
    QSpinBox *m_plainPort;
    QSpinBox *m_tlsPort;
    QSpinBox *m_submissionPort;
    QSpinBox *m_smtpTlsPort;
    QLineEdit *m_caFile;
    bool m_serverTouched = false;
    bool m_smtpServerTouched = false;
    bool m_userTouched = false;
    bool m_oauthTouched = false;
};

} // namespace mailshim
