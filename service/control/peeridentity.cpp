#include "service/control/peeridentity.h"

#include <QLocalSocket>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/types.h>
#endif
#ifdef Q_OS_WIN
#include "service/control/controlpipe_win.h"
#endif

namespace mailshim {

QString PeerIdentity::describe() const
{
    if (!known)
        return QStringLiteral("an unknown user");
#ifdef Q_OS_WIN
    return QStringLiteral("user %1 (process %2)").arg(sid).arg(pid);
#else
    return QStringLiteral("user %1 (process %2)").arg(uid).arg(pid);
#endif
}

bool PeerIdentity::isOneOf(const QList<UserId> &users) const
{
    if (!known)
        return false;
#ifdef Q_OS_WIN
    for (const QString &user : users) {
        if (user.compare(sid, Qt::CaseInsensitive) == 0)
            return true;
        for (const QString &group : groupSids) {
            if (user.compare(group, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
#else
    return users.contains(uid);
#endif
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
#elif defined(Q_OS_WIN)
    if (socket && socket->socketDescriptor() != -1) {
        const ControlPipe::ClientToken token = ControlPipe::clientToken(socket->socketDescriptor());
        identity.known = token.known;
        identity.sid = token.userSid;
        identity.groupSids = token.groupSids;
        identity.pid = token.processId;
    }
#else
    Q_UNUSED(socket)
#endif
    return identity;
}

} // namespace mailshim
