#pragma once

// SmtpRelay: an SMTP session after its login. Client commands go to the server in order (pipelining kept) and each
// server reply goes back to the client against the command it answers; DATA is streamed with bounded memory and its
// bytes are never changed (dot-stuffing is the client's and the server's business). A few commands are answered by
// MailShim itself, in their turn: EHLO/HELO (the server gets RSET, which is what a new EHLO means, and the client gets
// MailShim's EHLO reply: never STARTTLS or CHUNKING), STARTTLS and BDAT (not offered).
//
// The rule that matters: the client never hears 250 for a message unless the server said 250 for it. If the server or
// the link goes during a message, the client gets 421 4.4.2 (the message stays in its outbox). If the client goes
// during a message, the server connection is aborted, so the server never sees the final "." and delivers nothing.

#include "core/config.h"
#include "net/linereader.h"
#include "net/message.h"
#include "smtp/smtpcodec.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace mailshim {

class UpstreamSocket;

class SmtpRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpRelay)

public:
    struct Settings
    {
        Timeouts timeouts;
        Limits limits;
        SmtpCapabilities server; // what the server offered (inside TLS): MailShim's own EHLO reply is built from it
        QByteArray greetingName; // what MailShim calls itself in that reply
        const LogLevel *logThreshold = nullptr;
    };

    // Takes over the server socket (reparents it); the client socket stays the caller's. pendingClientInput: client
    // bytes read but not handled yet (commands pipelined behind AUTH, or the MAIL that was held for a login).
    SmtpRelay(QTcpSocket *client, UpstreamSocket *server, QByteArray pendingClientInput, Settings settings,
              QObject *parent = nullptr);

    void start();
    int messagesSent() const { return m_messagesSent; } // messages the server accepted (250 after the final ".")

    static constexpr int kMaxLineLength = 512;            // RFC 5321 4.5.3.1.4/5: command and reply lines
    static constexpr qint64 kReadBufferSize = 256 * 1024; // per socket, for back-pressure during DATA
    static constexpr qint64 kHighWaterMark = 512 * 1024;
    static constexpr int kFinalReplySeconds = 600; // RFC 5321 4.5.3.2.6: the reply after the final "." may take 10 min

Q_SIGNALS:
    void messageAccepted(); // the server said 250 after a message's final "."
    void finished(const mailshim::Message &reason, bool clean);
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text);

private:
    // What each reply the client is owed stands for, in order.
    enum class Owed {
        Relayed,      // a command sent to the server: its reply goes to the client unchanged
        Ehlo,         // the client's EHLO, sent as RSET: a 250 becomes MailShim's EHLO reply
        Helo,         // the same for HELO
        Data,         // DATA: a 354 lets the message through
        EndOfMessage, // the final ".": the server's verdict on the message
        Local,        // answered by MailShim (text), in its turn
    };
    struct Entry
    {
        Owed owed;
        QByteArray text; // Local: the reply, with CRLF
    };

    void onClientReadyRead();
    void onServerReadyRead();
    void onServerBytesWritten();
    void onClientDisconnected();
    void onServerDisconnected();
    void onTimeout();
    void readClientCommands(QByteArray &toServer);
    void forwardMessageBytes(QByteArray &toServer);
    void normalizeBareLineFeeds();
    void answer(const SmtpReply &reply);
    void flushLocalReplies();
    void toClient(const QByteArray &bytes);
    void sendToClient();
    void expect(Owed owed, QByteArray text = {});
    void armDeadline();
    qint64 currentLimitMs() const;
    void failToClient(const Message &reason);
    void finish(const Message &reason, bool clean);
    void emitLog(LogLevel level, const Message &text);

    QPointer<QTcpSocket> m_client;
    QPointer<UpstreamSocket> m_server;
    Settings m_settings;
    QByteArray m_clientBytes; // read from the client, not yet handled
    QByteArray m_toClient;    // replies collected while one read is handled (sendToClient)
    LineReader m_serverLines{kMaxLineLength};
    SmtpReplyReader m_replies;
    QList<Entry> m_owed;
    SmtpDataTracker m_message;
    bool m_inMessage = false;   // forwarding a message's bytes (after 354, up to the final ".")
    bool m_waitingData = false; // DATA sent, its reply not here yet: the client's bytes wait
    bool m_lastWasCr = false;   // the last message byte sent was CR (a LF that follows it is no bare LF)
    bool m_quitForwarded = false;
    bool m_finished = false;
    int m_messagesSent = 0;
    QTimer m_deadline;            // the server owes a reply, or nothing moved for idleSeconds
    QElapsedTimer m_lastActivity; // the last byte from either side
};

} // namespace mailshim
