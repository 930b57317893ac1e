#include "service/control/controlserver.h"

#include "service/control/controlconnection.h"
#include "service/control/controlprotocol.h"
#include "service/control/peeridentity.h"

#include <QDir>
#include <QFile>
#include <QLocalSocket>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace mailshim {

ControlServer::ControlServer(EngineBackend *backend, Hooks hooks, QObject *parent)
    : QObject(parent), m_backend(backend), m_hooks(std::move(hooks))
{
#ifdef Q_OS_UNIX
    m_authorizedUsers = {qint64(::getuid()), 0};
#endif
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
#ifdef Q_OS_UNIX
    // Nobody answered: a socket left by a crash is stale and may go, but never a file that is not a socket.
    // QLocalServer puts a name without a '/' into the temporary folder.
    const QString path = name.contains(QLatin1Char('/')) ? name : QDir::tempPath() + QLatin1Char('/') + name;
    struct stat info = {};
    if (::lstat(QFile::encodeName(path).constData(), &info) == 0) {
        if (!S_ISSOCK(info.st_mode) || info.st_uid != ::getuid()) {
            *error = QStringLiteral("%1 exists and is not a socket of this user: not replacing it").arg(name);
            return false;
        }
        QLocalServer::removeServer(name);
    }
#else
    QLocalServer::removeServer(name);
#endif
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
        if (!authorize(socket))
            continue;
        auto *connection = new ControlConnection(socket, m_backend, m_hooks, this);
        connect(connection, &ControlConnection::log, this, &ControlServer::log);
    }
}

bool ControlServer::authorize(QLocalSocket *socket)
{
    const PeerIdentity peer = peerIdentity(socket);
    if (!peer.known || m_authorizedUsers.contains(peer.uid))
        return true;
    const QString why = QStringLiteral("not authorised: %1 may not control this MailShim service").arg(peer.describe());
    Q_EMIT log(LogLevel::Problems,
               Message(QT_TRANSLATE_NOOP("Engine", "control channel: refused %1"), {peer.describe()}));
    socket->setParent(this);
    socket->write(ControlProtocol::encode(
        QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}, {QStringLiteral("refused"), true}}));
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromServer(); // after the refusal is written
    return false;
}

} // namespace mailshim
