#include "fakepop3server.h"

#include <QHostAddress>
#include <memory>

FakePop3Server::FakePop3Server(Behaviour behaviour, QObject *parent)
    : QTcpServer(parent), m_behaviour(std::move(behaviour))
{
}

quint16 FakePop3Server::listenLocal()
{
    listen(QHostAddress::LocalHost, 0);
    return serverPort();
}

bool FakePop3Server::receivedCommand(const QByteArray &keyword) const
{
    for (const QByteArray &line : m_received) {
        if (line.toUpper().startsWith(keyword))
            return true;
    }
    return false;
}

void FakePop3Server::incomingConnection(qintptr descriptor)
{
    ++m_connections;
    auto *socket = new QSslSocket(this);
    socket->setSocketDescriptor(descriptor);
    socket->setSslConfiguration(m_tls);
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    // Owned by the readyRead connection, so it goes with the socket however the socket ends.
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QSslSocket::readyRead, this, [this, socket, buffer] {
        buffer->append(socket->readAll());
        qsizetype lf;
        while ((lf = buffer->indexOf('\n')) >= 0) {
            QByteArray line = buffer->left(lf);
            buffer->remove(0, lf + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            m_received.append(line);
            onLine(socket, line);
        }
    });
    if (m_behaviour.implicitTls) {
        connect(socket, &QSslSocket::encrypted, this, [this, socket] {
            if (!m_behaviour.banner.isEmpty())
                socket->write(m_behaviour.banner + "\r\n");
        });
        socket->startServerEncryption();
    } else if (!m_behaviour.banner.isEmpty()) {
        socket->write(m_behaviour.banner + "\r\n");
    }
}

// The SASL exchange of a bearer token (one connection's state is kept on its socket): the response, then the
// answer to an error challenge.
void FakePop3Server::onBearerResponse(QSslSocket *socket, const QByteArray &base64)
{
    const QByteArray response = QByteArray::fromBase64(base64);
    if (!m_behaviour.acceptToken.isEmpty() && response.contains("auth=Bearer " + m_behaviour.acceptToken + "\x01")) {
        socket->write("+OK logged in\r\n");
        return;
    }
    socket->setProperty("sasl", QByteArrayLiteral("abort"));
    socket->write("+ " + QByteArray(R"({"status":"invalid_token","schemes":"bearer"})").toBase64() + "\r\n");
}

void FakePop3Server::onLine(QSslSocket *socket, const QByteArray &line)
{
    const QByteArray sasl = socket->property("sasl").toByteArray();
    if (!sasl.isEmpty()) {
        socket->setProperty("sasl", QByteArray());
        if (sasl == "response")
            onBearerResponse(socket, line);
        else
            socket->write("-ERR [AUTH] Authentication failed.\r\n");
        return;
    }
    const QByteArray keyword = line.split(' ').first().toUpper();
    if (keyword == "AUTH") {
        const QByteArrayList words = line.split(' ');
        const QByteArray mechanism = words.value(1).toUpper();
        if (mechanism != "XOAUTH2" && mechanism != "OAUTHBEARER") {
            socket->write("-ERR unsupported mechanism\r\n");
        } else if (words.size() > 2) {
            onBearerResponse(socket, words.value(2));
        } else {
            socket->setProperty("sasl", QByteArrayLiteral("response"));
            socket->write("+ \r\n");
        }
    } else if (keyword == "CAPA") {
        socket->write("+OK\r\nUSER\r\n" + QByteArray(m_behaviour.offerStls ? "STLS\r\n" : "") + "SASL " +
                      m_behaviour.sasl + "\r\nUIDL\r\n.\r\n" + m_behaviour.injectAfterCapa);
    } else if (keyword == "STLS") {
        socket->write(m_behaviour.stlsReply + "\r\n" + m_behaviour.injectAfterStls);
        if (m_behaviour.hangAfterStls)
            disconnect(socket, &QSslSocket::readyRead, this, nullptr); // silent from here on, even to a ClientHello
        else if (m_behaviour.stlsReply.startsWith("+OK"))
            socket->startServerEncryption();
    } else if (keyword == "USER") {
        socket->write("+OK\r\n");
    } else if (keyword == "PASS" || keyword == "APOP") {
        socket->write(m_behaviour.authReply + "\r\n");
    } else if (keyword == "STAT") {
        socket->write("+OK 1 " + QByteArray::number(m_behaviour.message.size()) + "\r\n");
    } else if (keyword == "RETR") {
        socket->write("+OK message follows\r\n");
        if (m_behaviour.stallRetr)
            return;
        if (m_behaviour.dropRetrAfterBytes >= 0) {
            socket->write(m_behaviour.message.left(m_behaviour.dropRetrAfterBytes));
            socket->disconnectFromHost();
            return;
        }
        socket->write(m_behaviour.message + ".\r\n");
    } else if (keyword == "QUIT") {
        socket->write("+OK bye\r\n");
        socket->disconnectFromHost();
    } else {
        socket->write("+OK\r\n");
    }
}
