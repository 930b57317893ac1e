#pragma once

// PeerIdentity: who is at the other end of a control-channel connection, as the operating system vouches for it,
// not as the client claims. Linux: the socket's SO_PEERCRED (user and process id, fixed when the client connected).
// Windows: the pipe client's token, read by impersonating it for a moment (its user SID and the groups it may act
// as), and its process id from the pipe. Other systems: not known.

#include <QList>
#include <QString>
#include <QStringList>

class QLocalSocket;

namespace mailshim {

// A user as the system names it, and what ControlServer's list of authorised users holds: a user id on Unix, a SID
// string ("S-1-5-21-...", "S-1-5-18" for SYSTEM, "S-1-5-32-544" for the Administrators group) on Windows.
#ifdef Q_OS_WIN
using UserId = QString;
#else
using UserId = qint64;
#endif

struct PeerIdentity
{
    bool known = false;
    qint64 uid = -1; // Unix
    qint64 pid = -1;
    QString sid;              // Windows: the token's user
    QStringList groupSids;    // Windows: the token's enabled groups (not deny-only ones)
    QString describe() const; // "user 1000 (process 4711)", "user S-1-5-21-... (process 4711)", or "an unknown user"
    // Whether the list names this peer: its user, or on Windows one of its enabled groups (an elevated
    // administrator is in the enabled Administrators group; a filtered, unelevated token has it deny-only).
    bool isOneOf(const QList<UserId> &users) const;
};

PeerIdentity peerIdentity(const QLocalSocket *socket);

} // namespace mailshim
