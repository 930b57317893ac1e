#pragma once

// PortProbe: looks at one port of a mail server without logging in, for ServerProbe. Plain port: greeting,
// APOP timestamp, CAPA, and the STLS handshake if offered; TLS port: handshake, then greeting and CAPA
// inside TLS. It never sends USER, PASS or APOP. It uses the engine's own socket and TLS client (UpstreamSocket), so
// its verdict on a certificate is the engine's; to show a certificate that is not trusted yet it lets that one
// handshake finish (UpstreamSocket::setInspection), and the connection then only ever carries CAPA, STLS and QUIT.

#include "pop3/pop3codec.h"
#include "setup/probereport.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace mailshim {

class UpstreamSocket;

class PortProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortProbe)

public:
    struct Settings
    {
        QString host; // connect, SNI and certificate name
        quint16 port = 0;
        bool implicitTls = false;
        TlsPolicy tls;
        int timeoutSeconds = 10;
        bool stopAfterHandshake = false; // only the certificate is wanted (TLS port, or STLS on the plain port)
    };

    explicit PortProbe(Settings settings, QObject *parent = nullptr);
    ~PortProbe() override;

    void start();
    // Stops at once; finished() is not emitted afterwards.
    void abort();
    const PortReport &report() const { return m_report; }

Q_SIGNALS:
    void stepStarted(const QString &text);
    void finished();

private:
    enum class Step { Idle, Connecting, TlsHandshake, Banner, CapaStatus, CapaBody, StlsReply, StlsHandshake, Done };

    void enterStep(Step step);
    void onConnected();
    void startTls();
    void onEncrypted();
    void onReadyRead();
    void onSocketError();
    void onTimeout();
    bool handleLine(const QByteArray &line); // false when the probe is over
    bool handleBanner(const QByteArray &line);
    bool handleCapa(const QByteArray &line);
    void sendStls();
    void send(const QByteArray &line);
    void finish(bool polite); // polite: send QUIT first (only after a complete exchange); then report
    QString where() const;
    QString stepName() const;

    Settings m_settings;
    PortReport m_report;
    QPointer<UpstreamSocket> m_socket;
    LineReader m_reader{512}; // RFC 1939: at most 512 octets per response line
    Step m_step = Step::Idle;
    QTimer m_timer;
};

// Ends a POP3 connection politely: QUIT, then close once it is written; aborts after timeoutMs if the
// server does not close. The socket deletes itself.
void quitAndClose(UpstreamSocket *socket, int timeoutMs);

} // namespace mailshim
