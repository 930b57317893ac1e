#pragma once

// ChainWizard: sets up a chain of local POP3 proxies (tray menu and main window, "Proxy chain..."). The user
// names the server and account (or pastes a chained user name they already have), picks and orders the hops,
// sees the chain drawn with its ports, the recommended order and every problem in plain words, lets MailShim
// find free ports, and ends on what to type into the mail client, what to set in each other proxy, MailShim's
// own listener (created or updated), and a Test chain button. Pages: ChainWizardServerPage,
// ChainWizardHopsPage, ChainWizardResultPage. The arithmetic is ChainModel's.

#include "core/config.h"
#include "setup/chainhop.h"
#include "setup/chainmodel.h"

#include <QWizard>

namespace mailshim {

class CredentialStore;
class EngineBackend;

class ChainWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainWizard)

public:
    enum PageId { ServerPage, HopsPage, ResultPage };

    ChainWizard(EngineBackend *backend, CredentialStore *credentials, QWidget *parent = nullptr);

    EngineBackend *backend() const { return m_backend; }
    CredentialStore *credentials() const { return m_credentials; }
    // What the model needs to know about MailShim's other listeners and the ports this system lets us open.
    ChainContext context() const;

    // Shared between the pages.
    Chain chain;
    QString updatedListener; // the existing listener the chain's MailShim hop replaces; empty: a new one
    ListenerConfig written;  // the listener the hops page saved

private:
    EngineBackend *m_backend;
    CredentialStore *m_credentials;
};

} // namespace mailshim
