#include "fakesmtpserver.h"

#include <QHostAddress>
#include <memory>
#include <utility>

struct FakeSmtpServer::Connection
{
    QByteArray buffer;
    bool inMessage = false;
    QByteArray message;
    QByteArray sasl; // a bearer token's exchange: "response" or "abort" is the next line
};

FakeSmtpServer::FakeSmtpServer(Behaviour behaviour, QObject *parent)
    : QTcpServer(parent), m_behaviour(std::move(behaviour))
{
}

quint16 FakeSmtpServer::listenLocal()
{
    listen(QHostAddress::LocalHost, 0);
    return serverPort();
}

bool FakeSmtpServer::receivedCommand(const QByteArray &verb) const
{
    for (const QByteArray &line : m_received) {
        if (line.toUpper().startsWith(verb))
            return true;
    }
    return false;
}

void FakeSmtpServer::writeLines(QSslSocket *socket, const QByteArrayList &lines)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line + "\r\n";
    socket->write(out);
}

void FakeSmtpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    socket->setSocketDescriptor(descriptor);
    socket->setSslConfiguration(m_tls);
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    // Owned by the readyRead connection, so it goes with the socket however the socket ends.
    auto connection = std::make_shared<Connection>();
    connect(socket, &QSslSocket::readyRead, this, [this, socket, connection] {
        connection->buffer.append(socket->readAll());
        qsizetype lf;
        while (socket->state() == QAbstractSocket::ConnectedState && (lf = connection->buffer.indexOf('\n')) >= 0) {
            QByteArray line = connection->buffer.left(lf + 1);
            connection->buffer.remove(0, lf + 1);
            if (connection->inMessage) {
                if (line == ".\r\n") {
                    connection->inMessage = false;
                    m_messages.append(std::exchange(connection->message, {}));
                    socket->write(m_behaviour.endOfMessageReply + "\r\n");
                    continue;
                }
                connection->message += line;
                m_messageBytes += line.size();
                if (m_behaviour.dropAfterMessageBytes >= 0 && m_messageBytes >= m_behaviour.dropAfterMessageBytes)
                    socket->abort();
                continue;
            }
            line.chop(line.endsWith("\r\n") ? 2 : 1);
            m_received.append(line);
            onLine(socket, *connection, line);
        }
    });
    if (m_behaviour.implicitTls) {
        connect(socket, &QSslSocket::encrypted, this, [this, socket] { writeLines(socket, m_behaviour.greeting); });
        socket->startServerEncryption();
    } else {
        writeLines(socket, m_behaviour.greeting);
    }
}

void FakeSmtpServer::onBearerResponse(QSslSocket *socket, Connection &connection, const QByteArray &base64)
{
    const QByteArray response = QByteArray::fromBase64(base64);
    if (!m_behaviour.acceptToken.isEmpty() && response.contains("auth=Bearer " + m_behaviour.acceptToken + "\x01")) {
        socket->write("235 2.7.0 Authentication successful\r\n");
        return;
    }
    connection.sasl = "abort";
    socket->write("334 " + QByteArray(R"({"status":"401","schemes":"bearer"})").toBase64() + "\r\n");
}

void FakeSmtpServer::onLine(QSslSocket *socket, Connection &connection, const QByteArray &line)
{
    if (!connection.sasl.isEmpty()) {
        if (std::exchange(connection.sasl, {}) == "response")
            onBearerResponse(socket, connection, line);
        else
            socket->write(m_behaviour.bearerRefusal + "\r\n");
        return;
    }
    const QByteArray verb = line.split(' ').first().toUpper();
    const QByteArray mechanism = line.split(' ').value(1).toUpper();
    if (verb == "AUTH" && (mechanism == "XOAUTH2" || mechanism == "OAUTHBEARER")) {
        if (line.split(' ').size() > 2) {
            onBearerResponse(socket, connection, line.split(' ').value(2));
        } else {
            connection.sasl = "response";
            socket->write("334 \r\n");
        }
    } else if (verb == "EHLO") {
        writeLines(socket, socket->isEncrypted() ? m_behaviour.ehloInTls : m_behaviour.ehlo);
    } else if (verb == "STARTTLS") {
        socket->write(m_behaviour.startTlsReply + "\r\n" + m_behaviour.injectAfterStartTls);
        if (m_behaviour.startTlsReply.startsWith("220"))
            socket->startServerEncryption();
    } else if (verb == "AUTH") {
        const QByteArrayList words = line.split(' ');
        if (words.value(1).toUpper() == "LOGIN" && words.size() == 2)
            socket->write("334 VXNlcm5hbWU6\r\n"); // "Username:"
        else
            socket->write(m_behaviour.authReply + "\r\n");
    } else if (m_received.size() >= 2 && m_received.at(m_received.size() - 2).toUpper() == "AUTH LOGIN") {
        socket->write("334 UGFzc3dvcmQ6\r\n"); // the user name came: "Password:"
    } else if (m_received.size() >= 3 && m_received.at(m_received.size() - 3).toUpper() == "AUTH LOGIN") {
        socket->write(m_behaviour.authReply + "\r\n"); // the password came
    } else if (verb == "DATA") {
        connection.inMessage = true;
        socket->write("354 End data with <CR><LF>.<CR><LF>\r\n");
    } else if (verb == "QUIT") {
        socket->write("221 2.0.0 Bye\r\n");
        socket->disconnectFromHost();
    } else {
        socket->write("250 2.0.0 Ok\r\n");
    }
}
