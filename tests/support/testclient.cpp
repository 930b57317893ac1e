#include "testclient.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QSignalSpy>

bool TestClient::connectTo(quint16 port, int timeoutMs)
{
    QSignalSpy connected(&m_socket, &QTcpSocket::connected);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return connected.wait(timeoutMs) || m_socket.state() == QAbstractSocket::ConnectedState;
}

bool TestClient::waitForData(int timeoutMs)
{
    if (m_socket.bytesAvailable() > 0) {
        m_buffer += m_socket.readAll();
        return true;
    }
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return false;
    QSignalSpy ready(&m_socket, &QTcpSocket::readyRead);
    QSignalSpy closed(&m_socket, &QTcpSocket::disconnected);
    QDeadlineTimer deadline(timeoutMs);
    while (ready.isEmpty() && closed.isEmpty() && !deadline.hasExpired())
        ready.wait(int(std::max<qint64>(1, std::min<qint64>(50, deadline.remainingTime()))));
    m_buffer += m_socket.readAll();
    return !ready.isEmpty();
}

QByteArray TestClient::readLine(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains('\n')) {
        if (deadline.hasExpired() || !waitForData(int(deadline.remainingTime())))
            if (!m_buffer.contains('\n'))
                return {};
    }
    const qsizetype lf = m_buffer.indexOf('\n');
    QByteArray line = m_buffer.left(lf);
    m_buffer.remove(0, lf + 1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

QByteArray TestClient::command(const QByteArray &line, int timeoutMs)
{
    send(line + "\r\n");
    return readLine(timeoutMs);
}

QByteArrayList TestClient::readMultiLine(int timeoutMs)
{
    QByteArrayList lines;
    for (;;) {
        const QByteArray line = readLine(timeoutMs);
        if (line == "." || (line.isEmpty() && isClosed()))
            break;
        lines << line;
    }
    return lines;
}

QByteArray TestClient::login(const QByteArray &user, const QByteArray &password)
{
    if (!readLine().startsWith("+OK"))
        return "(no greeting)";
    const QByteArray userReply = command("USER " + user);
    if (!userReply.startsWith("+OK"))
        return userReply;
    return command("PASS " + password, 30000);
}

bool TestClient::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!isClosed() && !deadline.hasExpired()) {
        QSignalSpy closed(&m_socket, &QTcpSocket::disconnected);
        closed.wait(int(std::max<qint64>(1, std::min<qint64>(50, deadline.remainingTime()))));
        m_buffer += m_socket.readAll();
    }
    return isClosed();
}

QByteArray TestClient::takeAll()
{
    m_buffer += m_socket.readAll();
    QByteArray all = m_buffer;
    m_buffer.clear();
    return all;
}
