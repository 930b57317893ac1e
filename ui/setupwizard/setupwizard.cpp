#include "ui/setupwizard/setupwizard.h"

#include "ui/common/signinlauncher.h"
#include "ui/setupwizard/wizardaccountpage.h"
#include "ui/setupwizard/wizardprobepage.h"
#include "ui/setupwizard/wizardresultpage.h"
#include "ui/setupwizard/wizardsigninpage.h"

#include <QAbstractButton>

namespace mailshim {

SetupWizard::SetupWizard(EngineBackend *backend, CredentialStore *credentials, QWidget *parent)
    : QWizard(parent), m_backend(backend), m_credentials(credentials), m_signIn(new SignInLauncher(credentials, this))
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("MailShim setup"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(AccountPage, new WizardAccountPage(this));
    setPage(SignInPage, new WizardSignInPage(this));
    setPage(ProbePage, new WizardProbePage(this, Protocol::Pop3));
    setPage(OutgoingPage, new WizardProbePage(this, Protocol::Smtp));
    setPage(ResultPage, new WizardResultPage(this));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("wizardNext"));
    button(QWizard::BackButton)->setObjectName(QStringLiteral("wizardBack"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("wizardFinish"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("wizardCancel"));
    resize(720, 600);
}

void SetupWizard::reject()
{
    for (int id : {ProbePage, OutgoingPage}) {
        if (auto *probe = qobject_cast<WizardProbePage *>(page(id)); probe && probe->isBusy())
            return;
    }
    QWizard::reject();
}

bool SetupWizard::usesOAuth() const
{
    return field(QStringLiteral("oauth")).toBool();
}

int SetupWizard::nextId() const
{
    if (currentId() == AccountPage)
        return usesOAuth() ? SignInPage : ProbePage;
    if (currentId() == SignInPage)
        return ProbePage;
    if (currentId() == ResultPage)
        return -1; // the sign-in page has the highest id, but never comes after the end
    if (currentId() == ProbePage && !field(QStringLiteral("setUpSending")).toBool())
        return ResultPage;
    return QWizard::nextId();
}

} // namespace mailshim
