#pragma once

// SmtpBenchClient: the one SMTP client every SMTP benchmark path uses (smtpbench.h), blocking and lean like
// PopBenchClient. It pipelines wherever RFC 2920 allows: MAIL, RCPT and DATA leave in one write, and each message's
// content, its final dot and the next message's MAIL, RCPT and DATA (or QUIT) leave in the next, so a message costs
// one round trip (for the 354) and the replies are read as they come, from one buffer it keeps. Directly it does what
// a modern client does (implicit TLS, STARTTLS, a full handshake every session); through a forwarder it speaks plain
// SMTP on loopback like an old client. It logs in with AUTH PLAIN and an initial response.

#include <QByteArray>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QString>

class SmtpBenchClient
{
public:
    enum class Transport { Plain, Tls, StartTls };

    struct Target
    {
        quint16 port = 0;
        Transport transport = Transport::Plain;
        QSslConfiguration tls; // TLS: the trust store, built once
        QString tlsName;       // TLS: the name the certificate must carry
        QByteArray user;
        QByteArray password;
    };

    SmtpBenchClient() = default;
    Q_DISABLE_COPY_MOVE(SmtpBenchClient)

    // Connects, reads the greeting, EHLO (STARTTLS and EHLO again), AUTH PLAIN.
    bool open(const Target &target, QString *error);
    // Sends count messages, each content as it goes on the wire after DATA (dot-stuffed, ending in CRLF, without the
    // final dot), from sender to recipient, pipelined as above. With quitAfter, QUIT follows the last dot in the same
    // write and the 221 and the close are waited for.
    bool send(const QByteArray &sender, const QByteArray &recipient, const QByteArray &content, int count,
              bool quitAfter, QString *error);
    // QUIT, then waits for the 221 and the close.
    bool quit(QString *error);

    static constexpr int kTimeoutMs = 120000;

private:
    // One reply (every line of a multi-line one): its code, or -1 with *error set.
    int readReply(QString *error, QByteArray *text = nullptr);
    bool expect(int code, const char *what, QString *error, QByteArray *text = nullptr);
    bool fill(QString *error);
    void write(const QByteArray &bytes);
    bool drain(QString *error); // until everything written is on its way
    bool waitForClose(QString *error);

    QSslSocket m_socket;
    QByteArray m_pending;
};
