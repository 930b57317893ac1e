#pragma once

// WizardAccountPage: the setup wizard's first page. Mail address (the server names are guessed from it), the
// incoming (POP3) and outgoing (SMTP) servers, user name and password, and under "Advanced" the ports and a CA file
// for unusual servers.

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

    QLineEdit *m_address;
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
};

} // namespace mailshim
