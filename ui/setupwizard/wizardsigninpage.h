#pragma once

// WizardSignInPage: the setup wizard's browser sign-in, for a mailbox at Microsoft 365 or Google (or another OAuth 2.0
// provider) instead of a password. The provider is guessed from the mail address; the client ID (and the secret
// Google wants) are asked for, and "Sign in..." runs the sign-in through the wizard's SignInLauncher. Next waits for
// a sign-in that ended well: it is the login check the password pages make with a test login.

#include "core/config.h"

#include <QWizardPage>

namespace mailshim {

class OAuthOptions;
class SetupWizard;

class WizardSignInPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardSignInPage)

public:
    explicit WizardSignInPage(SetupWizard *wizard);
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    OAuthOptions *options() const { return m_options; }

private:
    SetupWizard *m_wizard;
    OAuthOptions *m_options;
    QString m_guessedFor; // the address the provider was last guessed from
};

} // namespace mailshim
