#pragma once

// SetupWizard: first start (and the tray's "Setup wizard..."). Asks for the mail server and account,
// probes the server in the background, recommends the strongest mode that works (tls > stls > apop+tls >
// apop; plain only when the user confirms it), creates the listener, and ends on what to type into the
// mail client. Pages: WizardAccountPage, WizardProbePage, WizardResultPage.

#include "core/config.h"
#include "setup/probereport.h"

#include <QWizard>

namespace mailshim {

class CredentialStore;
class EngineBackend;

class SetupWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupWizard)

public:
    enum PageId { AccountPage, ProbePage, ResultPage };

    SetupWizard(EngineBackend *backend, CredentialStore *credentials, QWidget *parent = nullptr);

    EngineBackend *backend() const { return m_backend; }
    CredentialStore *credentials() const { return m_credentials; }
    // Cancel, Esc and the close button wait while a page is storing the password.
    void reject() override;

    // Shared between the pages: what the probe found, and the listener the wizard created.
    ProbeReport report;
    ListenerConfig created;
    bool passwordStored = false;

private:
    EngineBackend *m_backend;
    CredentialStore *m_credentials;
};

} // namespace mailshim
