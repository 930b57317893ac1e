#include "ui/setupwizard/wizardsigninpage.h"

#include "ui/listeners/oauthoptions.h"
#include "ui/setupwizard/oauthdomains.h"
#include "ui/setupwizard/setupwizard.h"

#include <QVBoxLayout>

namespace mailshim {

namespace {
ListenerConfig oauthListener()
{
    ListenerConfig listener;
    listener.login = UpstreamLogin::OAuth2;
    listener.oauth.provider = QStringLiteral("microsoft");
    return listener;
}
} // namespace

WizardSignInPage::WizardSignInPage(SetupWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_options(new OAuthOptions(oauthListener()))
{
    setObjectName(QStringLiteral("signInPage"));
    setTitle(tr("Sign in to your mailbox"));
    setSubTitle(tr("Your provider wants you to sign in in the browser instead of giving MailShim your password. "
                   "You do this once; MailShim then stays signed in."));
    m_options->setOAuthOnly();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_options);
    layout->addStretch();
    connect(m_options, &OAuthOptions::signInStateChanged, this, &QWizardPage::completeChanged);
}

void WizardSignInPage::initializePage()
{
    m_options->setLauncher(m_wizard->signInLauncher());
    m_options->setUser(field(QStringLiteral("user")).toString().trimmed());
    const QString address = field(QStringLiteral("address")).toString().trimmed();
    if (address != m_guessedFor) {
        m_guessedFor = address;
        if (const std::optional<OAuthDomainGuess> guess = oauthProviderForAddress(address))
            m_options->setProvider(guess->provider);
    }
    Q_EMIT completeChanged();
}

bool WizardSignInPage::isComplete() const
{
    return m_options->isSignedIn() && !m_options->isSigningIn();
}

bool WizardSignInPage::validatePage()
{
    if (!m_options->validate() || !m_options->isSignedIn())
        return false;
    m_wizard->oauth = m_options->settings();
    return true;
}

} // namespace mailshim
