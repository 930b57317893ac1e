#include "popbenchclient.h"

#include <QCryptographicHash>
#include <QSslConfiguration>

namespace {

bool isOk(const QByteArray &line)
{
    return line.startsWith("+OK");
}

} // namespace

bool PopBenchClient::fill(QString *error)
{
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(kTimeoutMs)) {
        *error = QStringLiteral("no data: %1").arg(m_socket.errorString());
        return false;
    }
    // Straight into m_pending, whose capacity is kept between reads: one copy out of the socket's buffer.
    const qsizetype old = m_pending.size();
    const qint64 available = m_socket.bytesAvailable();
    m_pending.resize(old + qsizetype(available));
    const qint64 n = m_socket.read(m_pending.data() + old, available);
    m_pending.resize(old + qsizetype(qMax<qint64>(n, 0)));
    if (n <= 0) {
        *error = QStringLiteral("read failed: %1").arg(m_socket.errorString());
        return false;
    }
    return true;
}

bool PopBenchClient::readLine(QByteArray *line, QString *error)
{
    qsizetype end;
    while ((end = m_pending.indexOf('\n')) < 0) {
        if (!fill(error))
            return false;
    }
    *line = m_pending.left(end + 1).trimmed();
    m_pending.remove(0, end + 1);
    return true;
}

bool PopBenchClient::command(const QByteArray &line, QByteArray *reply, QString *error)
{
    m_socket.write(line + "\r\n");
    if (!readLine(reply, error))
        return false;
    if (!isOk(*reply)) {
        *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(line.left(4)), QString::fromLatin1(*reply));
        return false;
    }
    return true;
}

bool PopBenchClient::open(const Target &target, QString *error)
{
    m_pending.clear();
    m_socket.setReadBufferSize(0);
    if (target.transport != Transport::Plain) {
        m_socket.setSslConfiguration(target.tls); // a new socket every session: a full handshake each time
        m_socket.setPeerVerifyName(target.tlsName);
    }
    if (target.transport == Transport::Tls) {
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), target.port, target.tlsName);
        if (!m_socket.waitForEncrypted(kTimeoutMs)) {
            *error = QStringLiteral("TLS: %1").arg(m_socket.errorString());
            return false;
        }
    } else {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), target.port);
        if (!m_socket.waitForConnected(kTimeoutMs)) {
            *error = QStringLiteral("connect: %1").arg(m_socket.errorString());
            return false;
        }
    }
    QByteArray banner;
    if (!readLine(&banner, error))
        return false;
    if (!isOk(banner)) {
        *error = QStringLiteral("banner: %1").arg(QString::fromLatin1(banner));
        return false;
    }
    QByteArray reply;
    if (target.transport == Transport::Stls) {
        if (!command("STLS", &reply, error))
            return false;
        m_socket.startClientEncryption();
        if (!m_socket.waitForEncrypted(kTimeoutMs)) {
            *error = QStringLiteral("STLS: %1").arg(m_socket.errorString());
            return false;
        }
    }
    if (target.auth == Auth::Apop) {
        const qsizetype from = banner.indexOf('<');
        const qsizetype to = banner.indexOf('>', from);
        if (from < 0 || to < 0) {
            *error = QStringLiteral("no APOP timestamp in: %1").arg(QString::fromLatin1(banner));
            return false;
        }
        const QByteArray digest =
            QCryptographicHash::hash(banner.mid(from, to - from + 1) + target.password, QCryptographicHash::Md5)
                .toHex();
        return command("APOP " + target.user + ' ' + digest, &reply, error);
    }
    return command("USER " + target.user, &reply, error) && command("PASS " + target.password, &reply, error);
}

bool PopBenchClient::stat(QString *error)
{
    QByteArray reply;
    return command("STAT", &reply, error);
}

qint64 PopBenchClient::retr(int message, QString *error)
{
    QByteArray reply;
    if (!command("RETR " + QByteArray::number(message), &reply, error))
        return -1;
    return readBody(error);
}

qint64 PopBenchClient::retrPipelined(int first, int count, int window, QString *error)
{
    int sent = 0;
    int received = 0;
    qint64 bytes = 0;
    const auto sendMore = [&] {
        QByteArray commands;
        for (; sent < count && sent - received < window; ++sent)
            commands += "RETR " + QByteArray::number(first + sent) + "\r\n";
        if (!commands.isEmpty()) {
            m_socket.write(commands);
            m_socket.flush(); // now: the next reply may be in m_pending already, with no wait that would send it
        }
    };
    sendMore();
    while (received < count) {
        QByteArray reply;
        if (!readLine(&reply, error))
            return -1;
        if (!isOk(reply)) {
            *error = QStringLiteral("RETR %1: %2").arg(first + received).arg(QString::fromLatin1(reply));
            return -1;
        }
        const qint64 body = readBody(error);
        if (body < 0)
            return -1;
        bytes += body;
        ++received;
        sendMore();
    }
    return bytes;
}

qint64 PopBenchClient::readBody(QString *error)
{
    // The body ends with CRLF "." CRLF; for an empty body that first CRLF is the status line's own.
    static const char terminator[] = "\r\n.\r\n";
    QByteArray tail = QByteArrayLiteral("\r\n"); // the last bytes before m_pending (at most 4)
    qint64 consumed = 0;                         // bytes after the status line, up to m_pending
    for (;;) {
        // A terminator that straddles two reads starts in tail and ends in the first 4 bytes of m_pending.
        qsizetype end = (tail + m_pending.left(4)).indexOf(terminator);
        if (end >= 0) {
            end += 5 - tail.size();
        } else if ((end = m_pending.indexOf(terminator)) >= 0) {
            end += 5;
        }
        if (end >= 0) {
            m_pending.remove(0, end);
            return consumed + end - 3; // without ".\r\n"
        }
        consumed += m_pending.size();
        tail = m_pending.size() >= 4 ? m_pending.right(4) : (tail + m_pending).right(4);
        m_pending.resize(0); // keeps the capacity
        if (!fill(error))
            return -1;
    }
}

bool PopBenchClient::quit(QString *error)
{
    QByteArray reply;
    if (!command("QUIT", &reply, error))
        return false;
    m_socket.disconnectFromHost();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.waitForDisconnected(kTimeoutMs);
    return true;
}
