#include "core/clientsession.h"

namespace mailshim {

void ClientSession::closeClientThenDelete(QTcpSocket *client)
{
    if (!client || client->state() == QAbstractSocket::UnconnectedState) {
        deleteLater();
        return;
    }
    connect(client, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    client->disconnectFromHost(); // sends what is buffered, then closes
    if (client->state() == QAbstractSocket::UnconnectedState) {
        deleteLater();
        return;
    }
    if (m_closeDeadline)
        return; // already waiting
    m_closing = client;
    m_closeDeadline = new QTimer(this);
    m_closeDeadline->setSingleShot(true);
    connect(m_closeDeadline, &QTimer::timeout, this, [this] {
        if (m_closing)
            m_closing->abort(); // a client that does not read our last line does not keep the session alive
    });
    m_closeDeadline->start(10000);
}

} // namespace mailshim
