#pragma once

// Relay: the TRANSACTION state of one session. Client commands go to the server line by line (bare LF
// becomes CRLF, pipelining kept in order); server replies go to the client byte for byte, multi-line
// bodies streamed with bounded memory: reading stops on one side while the other side is slow.
// A client that drops makes the relay close the server connection without QUIT (RFC 1939: no commit).

#include "core/config.h"
#include "net/message.h"
#include "pop3/pop3codec.h"

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace mailshim {

class UpstreamSocket;

class Relay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Relay)

public:
    // Takes over the server socket (reparents it); the client socket stays owned by the caller. pendingClientInput:
    // client lines read but not handled yet.
    Relay(QTcpSocket *client, UpstreamSocket *server, LineReader pendingClientInput, const Timeouts &timeouts,
          const Limits &limits, QObject *parent = nullptr);

    void start();
    quint64 bytesToClient() const { return m_bytesToClient; }
    // The engine's log level, read when a record would be made (it may change while the session runs): a record
    // above it is not built at all, which matters for the one per relayed command. nullptr: every record is made.
    void setLogThreshold(const LogLevel *threshold) { m_logThreshold = threshold; }

    // Buffer sizes for back-pressure: a side's socket reads at most this much ahead of the other side.
    static constexpr qint64 kReadBufferSize = 256 * 1024;
    static constexpr qint64 kHighWaterMark = 512 * 1024;
    // Server bytes of an unfinished TLS reply held back to leave in one send with the rest of the same pass.
    static constexpr qsizetype kCoalesceBytes = 64 * 1024;

Q_SIGNALS:
    void finished(const mailshim::Message &reason, bool clean);
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text);

private:
    void onClientReadyRead();
    void onServerReadyRead();
    void onClientBytesWritten();
    void onServerBytesWritten();
    void onClientDisconnected();
    void onServerDisconnected();
    void onResponseTimeout();
    void onIdleTimeout();
    void forwardClientLines();
    void flushToClient();
    void holdForRestOfPass();
    void onEndOfPass();
    void finish(const Message &reason, bool clean);
    void touch();
    void awaitResponse();

    QPointer<QTcpSocket> m_client;
    QPointer<UpstreamSocket> m_server;
    LineReader m_clientLines;
    ResponseTracker m_responses;
    Timeouts m_timeouts;
    Limits m_limits;
    const LogLevel *m_logThreshold = nullptr;
    QTimer m_responseTimer; // the server owes a reply and is silent
    QTimer m_idleTimer;
    QElapsedTimer m_lastActivity;  // the last byte read from either side
    QElapsedTimer m_responseClock; // since the command sent or the last server bytes, while a reply is owed
    bool m_awaitingResponse = false;
    QByteArrayList m_held; // server bytes for the client not sent yet (see kCoalesceBytes)
    qsizetype m_heldBytes = 0;
    QMetaObject::Connection m_endOfPass; // to the event dispatcher, while m_held holds bytes
    bool m_quitForwarded = false;
    bool m_serverGone = false; // the server closed; what it sent before is still being delivered
    bool m_finished = false;
    quint64 m_bytesToClient = 0;
};

} // namespace mailshim
