#pragma once

// ChainWizardResultPage: the end of the chain wizard. What to type into the mail client (server, port, user
// name, each with a copy button), what to set in each other proxy, what MailShim's listener now does, and a
// Test chain button: a real login through every hop with the password stored in the keychain (or one typed
// here, which is used once and not stored), reporting which hop broke and its reply.

#include "setup/chaintester.h"

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPushButton;

namespace mailshim {

class ChainWizard;

class ChainWizardResultPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainWizardResultPage)

public:
    explicit ChainWizardResultPage(ChainWizard *wizard);
    void initializePage() override;
    void cleanupPage() override;
    bool isTesting() const { return m_tester->isRunning() || m_lookingUp; }
    // The last test's result, for the tests and the screenshot tool.
    const ChainTestResult &lastResult() const { return m_lastResult; }

private:
    void startTest();
    void onFinished(const ChainTestResult &result);

    ChainWizard *m_wizard;
    ChainTester *m_tester;
    QLineEdit *m_server = nullptr;
    QLineEdit *m_port = nullptr;
    QLineEdit *m_user = nullptr;
    QLabel *m_proxies;
    QLineEdit *m_password;
    QPushButton *m_test;
    QLabel *m_result;
    ChainTestResult m_lastResult;
    bool m_lookingUp = false;
    quint64 m_generation = 0;
};

} // namespace mailshim
