#pragma once

// PopBenchClient: the one POP3 client every benchmark path uses, blocking and as lean as Qt allows: it reads into
// one buffer it keeps and only looks for the end of a RETR body, so it measures the path, not itself. It can do
// what a direct client needs (implicit TLS, STLS, APOP) and what an old client does (plain USER/PASS).

#include <QByteArray>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QString>

class PopBenchClient
{
public:
    enum class Transport { Plain, Tls, Stls };
    enum class Auth { UserPass, Apop };

    struct Target
    {
        quint16 port = 0;
        Transport transport = Transport::Plain;
        Auth auth = Auth::UserPass;
        QSslConfiguration tls; // TLS: system store plus the test CA, built once (like any client's trust store)
        QString tlsName;       // TLS: the name the certificate must carry
        QByteArray user;
        QByteArray password;
    };

    PopBenchClient() = default;
    Q_DISABLE_COPY_MOVE(PopBenchClient)

    // Connects (and encrypts), reads the greeting and logs in.
    bool open(const Target &target, QString *error);
    bool stat(QString *error);
    // RETR: the number of body bytes received (as sent, dot-stuffed, without the terminator), or -1.
    qint64 retr(int message, QString *error);
    // RETR of messages first .. first + count - 1 pipelined (RFC 2449, which Dovecot and MailShim announce): up to
    // window commands are on their way before their replies are read, so the path's round trip is paid once per
    // window, not once per message. The body bytes received in all, or -1.
    qint64 retrPipelined(int first, int count, int window, QString *error);
    // QUIT, then waits for the server's reply and its close.
    bool quit(QString *error);

    static constexpr int kTimeoutMs = 60000;

private:
    bool readLine(QByteArray *line, QString *error);
    bool command(const QByteArray &line, QByteArray *reply, QString *error);
    bool fill(QString *error);       // waits for more bytes into m_pending
    qint64 readBody(QString *error); // after a +OK status line: the body's bytes, up to and without the terminator

    QSslSocket m_socket;
    QByteArray m_pending; // received, not consumed yet
};
