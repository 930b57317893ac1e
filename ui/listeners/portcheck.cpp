#include "ui/listeners/portcheck.h"

#include <QTcpServer>

namespace mailshim::PortCheck {

bool canListen(const QHostAddress &address, quint16 port, QString *why)
{
    QTcpServer server;
    if (server.listen(address, port))
        return true;
    if (why)
        *why = server.errorString();
    return false;
}

} // namespace mailshim::PortCheck
