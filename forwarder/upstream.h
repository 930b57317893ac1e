#pragma once

// Upstream: the server-facing POP3 client of one session. Connects (plain, implicit TLS or STLS), reads
// and checks the banner, validates the APOP timestamp, logs in (APOP or USER/PASS) and then hands the
// logged-in socket over. Every step has a deadline; every failure is reported once, typed, and before
// any credential was sent when the failure is about trust (TLS, STLS, APOP timestamp).

#include "config.h"
#include "pop3codec.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace mailshim {

class TlsSessionCache;
class UpstreamSocket;

struct UpstreamError
{
    enum class Kind {
        None,
        Unreachable, // DNS, refused, connect timeout: after the retries, the host gets a failed mark
        Timeout,     // the server stopped answering during a later step
        Tls,         // handshake failure, certificate not trusted, pin mismatch
        Protocol,    // bad banner, bad APOP timestamp, no STLS, data injected after STLS, early close
        Auth,        // the server refused the credentials
        Loop,        // the target is MailShim itself
    };
    Kind kind = Kind::None;
    QString message;              // sanitized, safe for logs and for the client's -ERR text
    QByteArray serverReply;       // Auth: the server's -ERR line, without CRLF
    QByteArray certificateSha256; // Tls: the server key's hash, so a UI can offer trust-on-first-use
};

class Upstream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Upstream)

public:
    struct Settings
    {
        UpstreamConfig server;
        QByteArray user;
        QByteArray password;
        Timeouts timeouts;
        RetryPolicy retry;
        QSet<quint16> loopPorts;                // a loopback/local peer on one of these ports is MailShim itself
        TlsSessionCache *tlsSessions = nullptr; // where TLS session tickets are kept between connections; may be null
    };

    explicit Upstream(Settings settings, QObject *parent = nullptr);
    ~Upstream() override;

    void start();
    // After ready(): the logged-in socket (the caller becomes its owner) and the server's +OK login line.
    UpstreamSocket *takeSocket();
    // Ends the login now: the socket is aborted (no QUIT) and nothing more is sent or signalled. Unlike delete, safe
    // inside this object's own signals; the owner deletes it later.
    void cancel();
    QByteArray loginReply() const { return m_loginReply; }
    QString describeServer() const;

Q_SIGNALS:
    void ready();
    void failed(const mailshim::UpstreamError &error);
    void log(mailshim::LogLevel level, const QString &category, const QString &text);

private:
    enum class Step {
        Idle,
        Connecting,
        TlsHandshake,
        Banner,
        CapaBeforeStls,
        StlsReply,
        StlsHandshake,
        ApopReply,
        UserReply,
        PassReply,
        Done
    };

    void connectOnce();
    void onConnected();
    void startTls();
    void onEncrypted();
    void onRejected(const QString &reason);
    void onSessionReceived();
    void storeSession();
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void onStepTimeout();
    bool handleLine(const QByteArray &line); // false once the upstream has failed
    bool handleBanner(const QByteArray &line);
    bool handleCapaLine(const QByteArray &line);
    void startAuth();
    void send(const QByteArray &line);
    void enterStep(Step step, int seconds);
    void fail(UpstreamError::Kind kind, const QString &message, const QByteArray &serverReply = {});
    void retryOrFail(const QString &why);
    void emitLog(LogLevel level, const QString &text, bool tls = false);
    QString stepName() const;

    Settings m_settings;
    QPointer<UpstreamSocket> m_socket;
    LineReader m_reader{512}; // RFC 1939: a response's first line is at most 512 octets
    Step m_step = Step::Idle;
    QTimer m_stepTimer;
    int m_attempt = 0;
    QByteArray m_apopTimestamp;
    bool m_inCapaBody = false;
    bool m_sawStls = false;
    QByteArray m_loginReply;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::UpstreamError)
