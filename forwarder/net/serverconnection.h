#pragma once

// ServerConnection: the protocol-neutral part of reaching a mail server, for every protocol's login. Connects
// (with retries and back-off), refuses to connect to MailShim itself, and runs TLS either at once (implicit TLS)
// or when the protocol asks for it after its own STARTTLS exchange (POP3's STLS, SMTP's STARTTLS), offering a
// cached session and storing the new ones. Each of its steps has a deadline. What is said over the connection,
// and the log, are the caller's: this class reports typed signals and one failed() at most.

#include "net/servererror.h"
#include "net/tlspolicy.h"
#include "net/transport.h"

#include <QAbstractSocket>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace mailshim {

class TlsSessionCache;
class UpstreamSocket;

class ServerConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerConnection)

public:
    struct Settings
    {
        QString host; // connect, SNI and certificate name
        quint16 port = 0;
        Transport transport = Transport::ImplicitTls;
        TlsPolicy tls;
        QString label;           // "host:port (mode)", how messages name the server
        Message upgradeStep;     // the STARTTLS handshake in the protocol's words ("TLS handshake after STLS")
        int connectSeconds = 15; // per attempt
        int tlsSeconds = 15;
        int connectAttempts = 3;
        int connectRetryDelayMs = 1000;         // doubled after each failed attempt
        QSet<quint16> loopPorts;                // a loopback/local peer on one of these ports is MailShim itself
        TlsSessionCache *tlsSessions = nullptr; // sessions kept between connections; may be null
    };

    explicit ServerConnection(Settings settings, QObject *parent = nullptr);
    ~ServerConnection() override;

    void start();
    // After the protocol's upgrade command was accepted (Transport::StartTls): TLS now. encrypted() or failed().
    void startTls();
    // Ends the connection now (no bytes are sent) and nothing more is signalled; safe inside this object's signals.
    void cancel();
    // Reports a failure the protocol found (a refused login, a bad greeting): cancels, emits failed(). A TLS
    // failure also drops the cached session, in case the ticket was the trouble.
    void fail(ServerError::Kind kind, const Message &message, const QByteArray &serverReply = {});

    // The connection, for the protocol to talk over; null before start() and after takeSocket().
    UpstreamSocket *socket() const { return m_socket; }
    // Hands the socket over (the caller becomes its owner); this object lets go of it and signals nothing more.
    UpstreamSocket *takeSocket();
    const Settings &settings() const { return m_settings; }

Q_SIGNALS:
    void connecting(int attempt);                             // 1-based
    void retrying(const mailshim::Message &why, int delayMs); // an attempt failed; another follows after delayMs
    void ready();                                             // connected, and under ImplicitTls encrypted as well
    void encrypted();                                         // TLS is up and the certificate accepted (any transport)
    void failed(const mailshim::ServerError &error);          // once; the socket is already aborted

private:
    enum class Step { Idle, Connecting, TlsHandshake, Open, Done };

    void connectOnce();
    void onConnected();
    void onEncrypted();
    void onSocketError(QAbstractSocket::SocketError error);
    void onStepTimeout();
    void retryOrFail(const Message &why);
    void storeSession();
    QString cacheKey() const;

    Settings m_settings;
    QPointer<UpstreamSocket> m_socket;
    Step m_step = Step::Idle;
    QTimer m_stepTimer;
    int m_attempt = 0;
};

} // namespace mailshim
