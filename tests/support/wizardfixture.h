#pragma once

// WizardFixture<Wizard>: what the setup wizard's and the chain wizard's tests have around the wizard: the test
// Dovecot, the memory credential store, a LocalEngineBackend whose saved configuration lands in m_saved, and a new
// wizard on them, shown, for every test. A test class derives from it next to QObject:
//
//     class TestSetupWizard : public QObject, protected WizardFixture<SetupWizard>
//     ...  void init() { openWizard(); }   void cleanup() { QVERIFY(closeWizard()); }

#include "dovecotfixture.h"
#include "memorycredentialstore.h"
#include "service/control/localenginebackend.h"

#include <memory>

template <typename Wizard> class WizardFixture
{
protected:
    DovecotFixture m_dovecot;
    mailshim::Config m_saved;
    MemoryCredentialStore m_store;
    std::unique_ptr<mailshim::LocalEngineBackend> m_backend;
    std::unique_ptr<Wizard> m_wizard;

    // Forgets what the last test saved and stored and how the store behaved, then opens a new wizard on a new
    // backend that starts from an empty configuration.
    void openWizard()
    {
        m_saved = mailshim::Config{};
        m_store.entries.clear();
        m_store.refuseWith.clear();
        m_store.delayMs = 0;
        m_store.lookupDelayMs = 0;
        m_store.asked.clear();
        m_backend = std::make_unique<mailshim::LocalEngineBackend>(
            mailshim::Config{},
            [this](const mailshim::Config &c, QString *) {
                m_saved = c;
                return true;
            },
            &m_store);
        m_wizard = std::make_unique<Wizard>(m_backend.get(), &m_store);
        m_wizard->show();
    }

    // Closes the wizard and its backend; false if a Dovecot session outlived them.
    bool closeWizard()
    {
        m_wizard.reset();
        m_backend.reset();
        return m_dovecot.waitForSessionsToEnd();
    }
};
