#pragma once

// Pop3SessionFactory: makes a Pop3Session for each client a POP3 listener accepts.

#include "core/sessionfactory.h"

namespace mailshim {

class Pop3SessionFactory final : public SessionFactory
{
public:
    ClientSession *create(QTcpSocket *client, SessionContext context, QObject *parent) const override;
    QByteArray busyReply() const override;
};

} // namespace mailshim
