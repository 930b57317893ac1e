#pragma once

// FakePop3Server: a scripted POP3 server for the faults a real Dovecot will not produce on demand (no STLS,
// bytes injected after STLS, malformed APOP timestamps, silence, a drop in the middle of a RETR, ...).
// Records every line it receives, so a test can prove that no credential reached it.

#include <QByteArrayList>
#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>

class FakePop3Server final : public QTcpServer
{
    Q_OBJECT

public:
    struct Behaviour
    {
        bool implicitTls = false;                                      // POP3S: handshake first
        QByteArray banner = "+OK fake ready <1234.5678@fake.example>"; // empty: stay silent
        bool offerStls = true;
        QByteArray stlsReply = "+OK begin TLS";
        QByteArray injectAfterStls;             // sent in the same write as the +OK to STLS
        QByteArray injectAfterCapa;             // sent with the CAPA reply: an answer to a STLS not yet sent
        bool hangAfterStls = false;             // answer +OK, then never start TLS
        QByteArray authReply = "+OK logged in"; // for PASS and APOP
        QByteArray message = "Subject: hi\r\n\r\nhello\r\n"; // message 1 (already dot-stuffed)
        int dropRetrAfterBytes = -1; // close the connection after this many body bytes of RETR 1
        bool stallRetr = false;      // send the +OK status of RETR and then nothing
        QByteArray sasl = "PLAIN";   // CAPA's SASL line
        // AUTH XOAUTH2 / OAUTHBEARER (initial response or after "+ "): this token gets +OK; any other one gets the
        // error challenge, and the line that answers it gets -ERR [AUTH].
        QByteArray acceptToken;
    };

    explicit FakePop3Server(Behaviour behaviour, QObject *parent = nullptr);
    void setTlsConfiguration(const QSslConfiguration &config) { m_tls = config; }
    void setBehaviour(const Behaviour &behaviour) { m_behaviour = behaviour; }

    quint16 listenLocal();                                        // on 127.0.0.1, a free port; returns it
    const QByteArrayList &received() const { return m_received; } // every line from every connection
    bool receivedCommand(const QByteArray &keyword) const;
    int connections() const { return m_connections; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void onLine(QSslSocket *socket, const QByteArray &line);
    void onBearerResponse(QSslSocket *socket, const QByteArray &base64);

    Behaviour m_behaviour;
    QSslConfiguration m_tls;
    QByteArrayList m_received;
    int m_connections = 0;
};
