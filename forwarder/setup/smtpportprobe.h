#pragma once

// SmtpPortProbe: looks at one port of an outgoing (SMTP) server without logging in, for ServerProbe, as PortProbe
// does for POP3. Implicit TLS port (465): handshake, then the 220 greeting and EHLO inside TLS. Submission port (587):
// greeting, EHLO, STARTTLS (its 220 must come alone: more bytes are an injection), the handshake, then EHLO again, and
// only what is learned inside TLS counts (the AUTH mechanisms above all). It never sends AUTH or mail. It uses the
// engine's own socket and TLS client, and shows a certificate that is not trusted yet (UpstreamSocket::setInspection);
// such a connection then only ever carries EHLO, STARTTLS and QUIT.

#include "net/linereader.h"
#include "setup/portprobe.h"
#include "smtp/smtpcodec.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace mailshim {

class UpstreamSocket;

class SmtpPortProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpPortProbe)

public:
    // The same settings as POP3's: host, port, implicitTls, tls, timeoutSeconds, stopAfterHandshake.
    using Settings = PortProbe::Settings;

    explicit SmtpPortProbe(Settings settings, QObject *parent = nullptr);
    ~SmtpPortProbe() override;

    void start();
    // Stops at once; finished() is not emitted afterwards.
    void abort();
    // banner: the greeting; greetingOk: it was 220; capabilities: the EHLO keywords (inside TLS when TLS was
    // used); stls: STARTTLS offered and answered 220; authMechanisms: AUTH offered inside TLS.
    const PortReport &report() const { return m_report; }

Q_SIGNALS:
    void stepStarted(const QString &text);
    void finished();

private:
    enum class Step {
        Idle,
        Connecting,
        TlsHandshake,
        Greeting,
        Ehlo,
        StartTlsReply,
        StartTlsHandshake,
        EhloInTls,
        Done
    };

    void enterStep(Step step);
    void onConnected();
    void startTls();
    void onEncrypted();
    void onReadyRead();
    void onSocketError();
    void onTimeout();
    bool handleReply(const SmtpReply &reply); // false when the probe is over
    bool handleEhlo(const SmtpReply &reply);
    void send(const QByteArray &line);
    void finish(bool polite); // polite: QUIT first (only after a complete exchange); then report
    QString where() const;
    QString stepName() const;

    Settings m_settings;
    PortReport m_report;
    QPointer<UpstreamSocket> m_socket;
    LineReader m_reader{512}; // RFC 5321 4.5.3.1.5: a reply line is at most 512 octets
    SmtpReplyReader m_replies;
    Step m_step = Step::Idle;
    QTimer m_timer;
};

} // namespace mailshim
