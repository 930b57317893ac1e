#include "smtp/smtpsessionfactory.h"

#include "smtp/smtpsession.h"

namespace mailshim {

ClientSession *SmtpSessionFactory::create(QTcpSocket *client, SessionContext context, QObject *parent) const
{
    return new SmtpSession(client, std::move(context), parent);
}

QByteArray SmtpSessionFactory::busyReply() const
{
    // RFC 5321 4.3.2: 421 at the greeting closes politely; the client tries again later.
    return QByteArrayLiteral("421 4.3.2 MailShim: too many sessions, try again later\r\n");
}

} // namespace mailshim
