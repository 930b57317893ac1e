#include "service/control/controlserver.h"

#include "service/control/controlconnection.h"
#include "service/control/controlprotocol.h"
#include "service/control/peeridentity.h"

#include <QDir>
#include <QFile>
#include <QLocalSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif
#ifdef Q_OS_WIN
#include "service/control/controlpipe_win.h"
#endif

namespace mailshim {

#ifdef Q_OS_WIN
constexpr int kRefusedClientGraceMs = 5000;
#endif

ControlServer::ControlServer(EngineBackend *backend, Hooks hooks, QObject *parent)
    : QObject(parent), m_backend(backend), m_hooks(std::move(hooks))
{
#ifdef Q_OS_UNIX
    m_authorizedUsers = {qint64(::getuid()), 0};
#endif
#ifdef Q_OS_WIN
    m_authorizedUsers = ControlPipe::defaultAuthorizedUsers();
#endif
    connect(&m_server, &QLocalServer::newConnection, this, &ControlServer::onNewConnection);
}

ControlServer::~ControlServer() = default;

QString ControlServer::fullName() const
{
#ifdef Q_OS_WIN
    if (m_pipe)
        return m_pipe->fullName();
#endif
    return m_server.fullServerName();
}

bool ControlServer::listen(const QString &name, QString *error)
{
#ifdef Q_OS_WIN
    // No probe by connecting: that would hand whatever holds the name a client. The listener refuses a name that
    // exists, whoever made it (FILE_FLAG_FIRST_PIPE_INSTANCE, and a WaitNamedPipe check first for Wine).
    delete m_pipe;
    m_pipe = new ControlPipe::Listener(this);
    const QString sddl = ControlPipe::securityDescriptorSddl(ControlPipe::currentUserSid(), m_authorizedUsers);
    if (!m_pipe->listen(name, sddl, error)) {
        delete m_pipe;
        m_pipe = nullptr;
        return false;
    }
    connect(m_pipe, &ControlPipe::Listener::connected, this, [this](qintptr pipe) {
        auto *socket = new QLocalSocket(this);
        socket->setSocketDescriptor(pipe, QLocalSocket::ConnectedState, QIODevice::ReadWrite);
        serve(socket);
    });
    connect(m_pipe, &ControlPipe::Listener::failed, this, [this](const QString &why) {
        Q_EMIT log(LogLevel::Problems,
                   Message(QT_TRANSLATE_NOOP("Engine", "control channel: no longer accepting clients: %1"), {why}));
    });
    return true;
#else
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
    // The socket file is 0600 in a 0700 folder.
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(name)) {
        *error = QStringLiteral("cannot open the control channel %1: %2").arg(name, m_server.errorString());
        return false;
    }
    return true;
#endif
}

int ControlServer::connectionCount() const
{
    return int(findChildren<ControlConnection *>().size());
}

void ControlServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection())
        serve(socket);
}

void ControlServer::serve(QLocalSocket *socket)
{
    if (!authorize(socket))
        return;
    auto *connection = new ControlConnection(socket, m_backend, m_hooks, this);
    connect(connection, &ControlConnection::log, this, &ControlServer::log);
}

bool ControlServer::authorize(QLocalSocket *socket)
{
    const PeerIdentity peer = peerIdentity(socket);
#if defined(Q_OS_LINUX) || defined(Q_OS_WIN)
    if (peer.isOneOf(m_authorizedUsers)) // a client the system cannot name is refused
        return true;
#else
    if (!peer.known || peer.isOneOf(m_authorizedUsers))
        return true;
#endif
    QString why = QStringLiteral("not authorised: %1 may not control this MailShim service").arg(peer.describe());
#ifdef Q_OS_WIN
    why += QStringLiteral(" (an administrator can add a user: mailshim-service --allow-user <account>, then restart "
                          "the service)");
#endif
    Q_EMIT log(LogLevel::Problems,
               Message(QT_TRANSLATE_NOOP("Engine", "control channel: refused %1"), {peer.describe()}));
    socket->setParent(this);
    socket->write(ControlProtocol::encode(
        QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}, {QStringLiteral("refused"), true}}));
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
#ifdef Q_OS_WIN
    // Closing the server end (DisconnectNamedPipe) throws away what the client has not read yet: the client hangs up
    // once it has the refusal, and one that does not is cut off after a few seconds.
    QTimer::singleShot(kRefusedClientGraceMs, socket, &QLocalSocket::abort);
#else
    socket->disconnectFromServer(); // after the refusal is written
#endif
    return false;
}

} // namespace mailshim
