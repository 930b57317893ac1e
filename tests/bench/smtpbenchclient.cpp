#include "smtpbenchclient.h"

namespace {

// Content is written in pieces of this size, so Qt's write buffer never holds a copy of a 30 MB message.
constexpr qsizetype kWriteChunk = 256 * 1024;

} // namespace

bool SmtpBenchClient::fill(QString *error)
{
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(kTimeoutMs)) {
        *error = QStringLiteral("no data: %1").arg(m_socket.errorString());
        return false;
    }
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

int SmtpBenchClient::readReply(QString *error, QByteArray *text)
{
    qsizetype from = 0;
    for (;;) {
        const qsizetype end = m_pending.indexOf('\n', from);
        if (end < 0) {
            if (!fill(error))
                return -1;
            continue;
        }
        // "250-..." continues, "250 ..." (or a bare "250") ends the reply.
        if (end - from >= 4 && m_pending.at(from + 3) == '-') {
            from = end + 1;
            continue;
        }
        const int code = m_pending.mid(from, 3).toInt();
        if (text)
            *text = m_pending.left(end + 1).trimmed();
        m_pending.remove(0, end + 1);
        if (code < 200 || code > 599) {
            *error = QStringLiteral("not an SMTP reply");
            return -1;
        }
        return code;
    }
}

bool SmtpBenchClient::expect(int code, const char *what, QString *error, QByteArray *text)
{
    QByteArray reply;
    const int got = readReply(error, &reply);
    if (got < 0)
        return false;
    if (got != code) {
        *error = QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLatin1(reply.left(200)));
        return false;
    }
    if (text)
        *text = reply;
    return true;
}

void SmtpBenchClient::write(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush(); // now: the reply may come before any wait that would send it
}

bool SmtpBenchClient::drain(QString *error)
{
    while (m_socket.bytesToWrite() > 0) {
        if (!m_socket.waitForBytesWritten(kTimeoutMs)) {
            *error = QStringLiteral("write: %1").arg(m_socket.errorString());
            return false;
        }
    }
    return true;
}

bool SmtpBenchClient::open(const Target &target, QString *error)
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
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (!expect(220, "greeting", error))
        return false;
    write("EHLO bench.invalid\r\n");
    if (!expect(250, "EHLO", error))
        return false;
    if (target.transport == Transport::StartTls) {
        write("STARTTLS\r\n");
        if (!expect(220, "STARTTLS", error))
            return false;
        m_socket.startClientEncryption();
        if (!m_socket.waitForEncrypted(kTimeoutMs)) {
            *error = QStringLiteral("STARTTLS: %1").arg(m_socket.errorString());
            return false;
        }
        write("EHLO bench.invalid\r\n");
        if (!expect(250, "EHLO after STARTTLS", error))
            return false;
    }
    write("AUTH PLAIN " + (QByteArray(1, '\0') + target.user + '\0' + target.password).toBase64() + "\r\n");
    return expect(235, "AUTH", error);
}

bool SmtpBenchClient::send(const QByteArray &sender, const QByteArray &recipient, const QByteArray &content, int count,
                           bool quitAfter, QString *error)
{
    const QByteArray envelope = "MAIL FROM:<" + sender + ">\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n";
    write(envelope);
    for (int i = 0; i < count; ++i) {
        if (!expect(250, "MAIL", error) || !expect(250, "RCPT", error) || !expect(354, "DATA", error))
            return false;
        // The content, then in the same write its dot and the next group (RFC 2920: content may start a group,
        // DATA and QUIT end one).
        QByteArray tail = ".\r\n";
        if (i + 1 < count)
            tail += envelope;
        else if (quitAfter)
            tail += "QUIT\r\n";
        if (content.size() + tail.size() <= kWriteChunk) {
            write(content + tail);
        } else {
            for (qsizetype at = 0; at < content.size(); at += kWriteChunk) {
                m_socket.write(content.constData() + at, qMin(kWriteChunk, content.size() - at));
                // Keep at most one more chunk queued in Qt than the kernel has taken.
                while (m_socket.bytesToWrite() > kWriteChunk) {
                    if (!m_socket.waitForBytesWritten(kTimeoutMs)) {
                        *error = QStringLiteral("write: %1").arg(m_socket.errorString());
                        return false;
                    }
                }
            }
            write(tail);
            if (!drain(error))
                return false;
        }
        if (!expect(250, "end of data", error))
            return false;
    }
    if (quitAfter)
        return expect(221, "QUIT", error) && waitForClose(error);
    return true;
}

bool SmtpBenchClient::waitForClose(QString *error)
{
    m_socket.disconnectFromHost();
    if (m_socket.state() != QAbstractSocket::UnconnectedState && !m_socket.waitForDisconnected(kTimeoutMs)) {
        *error = QStringLiteral("no close after QUIT: %1").arg(m_socket.errorString());
        return false;
    }
    return true;
}

bool SmtpBenchClient::quit(QString *error)
{
    write("QUIT\r\n");
    return expect(221, "QUIT", error) && waitForClose(error);
}
