#pragma once

// SessionFactory: how a Listener makes sessions without knowing their protocol. The Engine gives each listener the
// factory of its protocol; core/ never names POP3 or SMTP.

#include "core/sessioncontext.h"

#include <QByteArray>

class QObject;
class QTcpSocket;

namespace mailshim {

class ClientSession;

class SessionFactory
{
public:
    virtual ~SessionFactory() = default;

    // A session for a connected client socket; it takes ownership of the socket.
    virtual ClientSession *create(QTcpSocket *client, SessionContext context, QObject *parent) const = 0;
    // What a client refused by a session cap is told before the close, in the protocol's words: a temporary failure,
    // so that it tries again later.
    virtual QByteArray busyReply() const = 0;
};

} // namespace mailshim
