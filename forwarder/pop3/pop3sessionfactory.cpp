#include "pop3/pop3sessionfactory.h"

#include "pop3/pop3session.h"

namespace mailshim {

ClientSession *Pop3SessionFactory::create(QTcpSocket *client, SessionContext context, QObject *parent) const
{
    return new Pop3Session(client, std::move(context), parent);
}

QByteArray Pop3SessionFactory::busyReply() const
{
    // RFC 3206: SYS/TEMP tells the client it is a passing problem of the system, not of its account.
    return QByteArrayLiteral("-ERR [SYS/TEMP] too many sessions, try again later\r\n");
}

} // namespace mailshim
