#pragma once

// WizardAccountPage: the setup wizard's first page. Mail address (the server name is guessed from it),
// server, user name and password, and under "Advanced" the ports and a CA file for unusual servers.

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
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_store;
    QSpinBox *m_plainPort;
    QSpinBox *m_tlsPort;
    QLineEdit *m_caFile;
    bool m_serverTouched = false;
    bool m_userTouched = false;
};

} // namespace mailshim
