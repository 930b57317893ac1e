#include "service/control/peeridentity.h"

#include <QLocalSocket>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/types.h>
#endif

namespace mailshim {

QString PeerIdentity::describe() const
{
    if (!known)
        return QStringLiteral("an unknown user");
    return QStringLiteral("user %1 (process %2)").arg(uid).arg(pid);
}

PeerIdentity peerIdentity(const QLocalSocket *socket)
{
    PeerIdentity identity;
#ifdef Q_OS_LINUX
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (socket && socket->socketDescriptor() >= 0 &&
        ::getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0) {
        identity.known = true;
        identity.uid = credentials.uid;
        identity.pid = credentials.pid;
    }
#else
    Q_UNUSED(socket)
#endif
    return identity;
}

} // namespace mailshim
