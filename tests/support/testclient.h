#pragma once

// TestClient: a POP3 client for in-process tests. Waits by running the event loop (never blocking it), so
// an Engine in the same process keeps serving while the test waits for a reply.

#include <QByteArray>
#include <QTcpSocket>

class TestClient
{
public:
    bool connectTo(quint16 port, int timeoutMs = 5000);
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    // The next line without CRLF; empty on timeout or close (check isClosed()).
    QByteArray readLine(int timeoutMs = 5000);
    // Sends "command\r\n" and returns the reply's first line.
    QByteArray command(const QByteArray &line, int timeoutMs = 5000);
    // Lines up to and without the "." terminator of a multi-line reply.
    QByteArrayList readMultiLine(int timeoutMs = 5000);
    // Logs in: reads the greeting, sends USER and PASS; returns the reply to PASS.
    QByteArray login(const QByteArray &user, const QByteArray &password);
    // True once the server side closed the connection (waits up to timeoutMs).
    bool waitForClose(int timeoutMs = 5000);
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    QByteArray takeAll(); // what was received and not read as lines
    QTcpSocket &socket() { return m_socket; }

private:
    bool waitForData(int timeoutMs);
    QTcpSocket m_socket;
    QByteArray m_buffer;
};
