#pragma once

// SetupWizard: first start (and the tray's "Setup wizard..."). Asks for the mail servers and account,
// probes the incoming server in the background, recommends the strongest mode that works (tls > stls > apop+tls >
// apop; plain only when the user confirms it) and creates its listener, then does the same for the outgoing (SMTP)
// server (tls > starttls), and ends on what to type into the mail client for both. Pages: WizardAccountPage,
// WizardSignInPage (a browser sign-in instead of a password: Microsoft 365, Google), WizardProbePage (twice: POP3,
// then SMTP), WizardResultPage.

#include "core/config.h"
#include "setup/probereport.h"

#include <QWizard>

namespace mailshim {

class CredentialStore;
class EngineBackend;
class SignInLauncher;

class SetupWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupWizard)

public:
    enum PageId { AccountPage, ProbePage, OutgoingPage, ResultPage, SignInPage };

    SetupWizard(EngineBackend *backend, CredentialStore *credentials, QWidget *parent = nullptr);

    EngineBackend *backend() const { return m_backend; }
    CredentialStore *credentials() const { return m_credentials; }
    // Where the sign-in page runs its browser sign-in (the tray's, which tells the engine); unset: the wizard's own
    // over credentials.
    void setSignInLauncher(SignInLauncher *launcher) { m_signIn = launcher; }
    SignInLauncher *signInLauncher() const { return m_signIn; }
    // The account page chose the browser sign-in: the listeners log in with OAuth 2.0 (login oauth2, this oauth).
    bool usesOAuth() const;
    // Cancel, Esc and the close button wait while a page is storing the password.
    void reject() override;
    // The outgoing page only when the account page asks for sending too.
    int nextId() const override;

    // Shared between the pages: what the probes found, and the listeners the wizard created (an empty name: none).
    ProbeReport report;
    ListenerConfig created;
    bool passwordStored = false;
    ProbeReport outgoingReport;
    ListenerConfig createdOutgoing;
    bool outgoingPasswordStored = false;
    OAuthSettings oauth; // after the sign-in page: where the account signed in

private:
    EngineBackend *m_backend;
    CredentialStore *m_credentials;
    SignInLauncher *m_signIn;
};

} // namespace mailshim
