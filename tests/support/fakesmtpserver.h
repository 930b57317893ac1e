#pragma once

// FakeSmtpServer: a scripted SMTP server for the faults a real Postfix will not produce on demand (STARTTLS not
// offered or refused, bytes injected after its 220, a multi-line or 421 greeting, LOGIN-only AUTH, a refused
// login). Records every line it receives, so a test can prove that no credential reached it.

#include <QByteArrayList>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>

class FakeSmtpServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Behaviour
    {
        bool implicitTls = false;                          // SMTPS: handshake first
        QByteArrayList greeting{"220 fake.example ESMTP"}; // full lines; empty: silent
        QByteArrayList ehlo{"250-fake.example", "250-PIPELINING", "250-STARTTLS", "250 8BITMIME"}; // before TLS
        QByteArrayList ehloInTls{"250-fake.example", "250-PIPELINING", "250-SIZE 10485760", "250-AUTH PLAIN LOGIN",
                                 "250 8BITMIME"}; // after STARTTLS, or on an implicit TLS port
        QByteArray startTlsReply = "220 2.0.0 Ready to start TLS";
        QByteArray injectAfterStartTls; // sent in the same write as the reply to STARTTLS
        QByteArray authReply = "235 2.7.0 Authentication successful";
        QByteArray endOfMessageReply = "250 2.0.0 Ok: queued as FAKE"; // after a message's final "."
        int dropAfterMessageBytes = -1; // >= 0: closes the connection once this many message bytes came
        // AUTH XOAUTH2 / OAUTHBEARER (initial response or after "334 "): this token gets 235; any other one gets the
        // error challenge, and the line that answers it gets bearerRefusal.
        QByteArray acceptToken;
        QByteArray bearerRefusal = "535 5.7.8 Username and Password not accepted";
    };

    explicit FakeSmtpServer(Behaviour behaviour, QObject *parent = nullptr);
    void setTlsConfiguration(const QSslConfiguration &config) { m_tls = config; }

    quint16 listenLocal();                                        // on 127.0.0.1, a free port; returns it
    const QByteArrayList &received() const { return m_received; } // every command line from every connection
    bool receivedCommand(const QByteArray &verb) const;
    // Messages whose final "." arrived, as sent (dot-stuffing included, without the terminator line).
    const QByteArrayList &messages() const { return m_messages; }
    // Message bytes received, complete messages or not.
    qint64 messageBytes() const { return m_messageBytes; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Connection; // one client's line buffer and DATA state
    void onLine(QSslSocket *socket, Connection &connection, const QByteArray &line);
    void onBearerResponse(QSslSocket *socket, Connection &connection, const QByteArray &base64);
    static void writeLines(QSslSocket *socket, const QByteArrayList &lines);

    Behaviour m_behaviour;
    QSslConfiguration m_tls;
    QByteArrayList m_received;
    QByteArrayList m_messages;
    qint64 m_messageBytes = 0;
};
