#pragma once

// ChainWizardServerPage: the chain wizard's first page. The real server and the account at it, which MailShim
// listener becomes the chain's MailShim hop (a new one, or one the setup wizard made), and, optionally, a
// chained user name the user already has: it is read back and shown as the chain it describes, and its hops
// become the starting point of the next page.

#include "setup/chainhop.h"

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mailshim {

class ChainWizard;

class ChainWizardServerPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainWizardServerPage)

public:
    explicit ChainWizardServerPage(ChainWizard *wizard);
    void initializePage() override;
    bool validatePage() override;

private:
    void onListenerChosen();
    void onParse();

    ChainWizard *m_wizard;
    QComboBox *m_listener;
    QLineEdit *m_server;
    QSpinBox *m_port;
    QComboBox *m_security;
    QLineEdit *m_user;
    QLineEdit *m_caFile;
    QLabel *m_error;
    QLineEdit *m_parseEdit;
    QLabel *m_parseResult;
    QList<ChainHop> m_parsedHops;
};

} // namespace mailshim
