#pragma once

// SmtpSessionFactory: makes an SmtpSession for each client an SMTP listener accepts.

#include "core/sessionfactory.h"

namespace mailshim {

class SmtpSessionFactory final : public SessionFactory
{
public:
    ClientSession *create(QTcpSocket *client, SessionContext context, QObject *parent) const override;
    QByteArray busyReply() const override;
};

} // namespace mailshim
