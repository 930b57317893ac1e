#include "ui/chainwizard/chainwizard.h"

#include "service/control/enginebackend.h"
#include "ui/chainwizard/chainwizardhopspage.h"
#include "ui/chainwizard/chainwizardresultpage.h"
#include "ui/chainwizard/chainwizardserverpage.h"
#include "ui/listeners/portcheck.h"

#include <QAbstractButton>

namespace mailshim {

ChainWizard::ChainWizard(EngineBackend *backend, CredentialStore *credentials, QWidget *parent)
    : QWizard(parent), m_backend(backend), m_credentials(credentials)
{
    setObjectName(QStringLiteral("chainWizard"));
    setWindowTitle(tr("MailShim proxy chain"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(ServerPage, new ChainWizardServerPage(this));
    setPage(HopsPage, new ChainWizardHopsPage(this));
    setPage(ResultPage, new ChainWizardResultPage(this));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("chainNext"));
    button(QWizard::BackButton)->setObjectName(QStringLiteral("chainBack"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("chainFinish"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("chainCancel"));
    resize(820, 640);
}

ChainContext ChainWizard::context() const
{
    ChainContext context;
    for (const ListenerConfig &listener : m_backend->config().listeners) {
        if (listener.name == updatedListener)
            context.ownListenerPort = listener.port;
        else if (listener.enabled)
            context.otherListeners.insert(listener.port, listener.name);
    }
    context.canListen = [](const QString &address, quint16 port) {
        const QHostAddress host(address);
        return PortCheck::canListen(host.isNull() ? QHostAddress(QHostAddress::LocalHost) : host, port);
    };
    return context;
}

} // namespace mailshim
