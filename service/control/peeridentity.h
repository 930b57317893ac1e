#pragma once

// PeerIdentity: who is at the other end of a control-channel connection, as the operating system vouches for it,
// not as the client claims. Linux: the socket's SO_PEERCRED (user and process id, fixed when the client connected).
// Other systems: not known yet (Windows: issue 16 reads the pipe client's token).

#include <QString>

class QLocalSocket;

namespace mailshim {

struct PeerIdentity
{
    bool known = false;
    qint64 uid = -1;
    qint64 pid = -1;
    QString describe() const; // "user 1000 (process 4711)", or "an unknown user"
};

PeerIdentity peerIdentity(const QLocalSocket *socket);

} // namespace mailshim
