#include "controlserver.h"

#include "controlconnection.h"

#include <QLocalSocket>

namespace mailshim {

ControlServer::ControlServer(EngineBackend *backend, Hooks hooks, QObject *parent)
    : QObject(parent), m_backend(backend), m_hooks(std::move(hooks))
{
    connect(&m_server, &QLocalServer::newConnection, this, &ControlServer::onNewConnection);
}

ControlServer::~ControlServer() = default;

bool ControlServer::listen(const QString &name, QString *error)
{
    QLocalSocket probe;
    probe.connectToServer(name);
    if (probe.waitForConnected(1000)) {
        *error = QStringLiteral("another MailShim service already answers on %1").arg(name);
        return false;
    }
    // Nobody answered: a socket file left by a crash is stale and may go.
    QLocalServer::removeServer(name);
    // Unix: the socket file is 0600 in a 0700 folder; Windows: the pipe's ACL names the owner only.
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(name)) {
        *error = QStringLiteral("cannot open the control channel %1: %2").arg(name, m_server.errorString());
        return false;
    }
    return true;
}

int ControlServer::connectionCount() const
{
    return int(findChildren<ControlConnection *>().size());
}

void ControlServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        auto *connection = new ControlConnection(socket, m_backend, m_hooks, this);
        connect(connection, &ControlConnection::log, this, &ControlServer::log);
    }
}

} // namespace mailshim
