#pragma once

// SmtpLogin: the server side of one SMTP session, up to the point where the client's mail can be relayed. A
// ServerConnection reaches the server (implicit TLS on 465, plain then STARTTLS on 587, or plain); this class reads
// the 220 greeting (multi-line allowed), says EHLO, asks for STARTTLS when the mode says so (the 220 must come with
// nothing after it: bytes already buffered are an injection), says EHLO again inside TLS (only the capabilities
// learned there count), and authenticates with the best mechanism the server offers (PLAIN, else LOGIN; with an OAuth
// access token OAUTHBEARER, else XOAUTH2) when it was given credentials. Every step has a deadline; every failure is
// reported once, typed, and credentials are sent only over TLS that was verified (or over a plain link the
// configuration asked for explicitly).

#include "core/config.h"
#include "net/linereader.h"
#include "net/message.h"
#include "net/saslbearer.h"
#include "net/servererror.h"
#include "smtp/smtpcodec.h"

#include <QAbstractSocket>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <optional>

namespace mailshim {

class ServerConnection;
class TlsSessionCache;
class UpstreamSocket;

class SmtpLogin final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpLogin)

public:
    struct Settings
    {
        UpstreamConfig server;                    // security: tls, stls (STARTTLS) or plain
        QByteArray heloName = "mailshim.invalid"; // what MailShim calls itself in EHLO
        std::optional<SmtpCredentials>
            credentials; // none: no AUTH (a POP-before-SMTP server, an unauthenticated scanner)
        Timeouts timeouts;
        RetryPolicy retry;
        QSet<quint16> loopPorts;
        TlsSessionCache *tlsSessions = nullptr;
        UpstreamLogin login = UpstreamLogin::Password; // OAuth2: the credentials' password is the access token
    };

    explicit SmtpLogin(Settings settings, QObject *parent = nullptr);
    ~SmtpLogin() override;

    void start();
    // Ends the login now (no QUIT); nothing more is sent or signalled.
    void cancel();
    // After a ready() without credentials: logs in now (the SMTP session connects before its client has sent AUTH,
    // so that a server it cannot reach is reported in place of the greeting). ready() or failed() follows. While it
    // waits for this, a server that closes or speaks (a 421 at its timeout) is failed() at once.
    void authenticate(const SmtpCredentials &credentials);
    // Whether authenticate() may be called: connected, no AUTH done, nothing failed.
    bool isWaitingForCredentials() const { return m_step == Step::Idle; }
    // After ready(): the connection, authenticated if credentials were given (the caller becomes its owner).
    UpstreamSocket *takeSocket();
    // After ready(): what the server offers, as learned inside TLS when TLS is used.
    const SmtpCapabilities &capabilities() const { return m_capabilities; }
    // After ready(): the mechanism used ("PLAIN", "LOGIN"), or empty when no AUTH was done.
    QByteArray mechanism() const { return m_mechanism; }
    QString describeServer() const;

Q_SIGNALS:
    void ready();
    void failed(const mailshim::ServerError &error);
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text);

private:
    enum class Step {
        Connecting,
        Greeting,
        Ehlo,
        StartTls,
        TlsHandshake,
        EhloInTls,
        Auth,
        AuthUser,
        AuthPassword,
        BearerContinue, // OAuth2: AUTH sent without an initial response; waiting for 334
        BearerReply,    // OAuth2: the token was sent
        BearerAbort,    // OAuth2: the server's error challenge was answered; waiting for its 535
        Idle,           // ready without credentials; authenticate() may follow
        Done
    };

    void onConnectionReady();
    void onEncrypted();
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    bool handleReply(const SmtpReply &reply); // false once the login failed or is done
    void sendEhlo(Step step);
    void startAuth();
    void startBearerAuth();
    bool handleBearerReply(const SmtpReply &reply, const QByteArray &shown, const QString &quoted);
    QByteArray bearerResponse() const; // base64
    void send(const QByteArray &line, const QByteArray &shown);
    void enterStep(Step step);
    bool isLoginStep() const; // a step in which the server's bytes are read
    void finish();
    void fail(ServerError::Kind kind, const Message &message, const QByteArray &serverReply = {});
    void emitLog(LogLevel level, const Message &text, bool tls = false);
    Message stepName() const;

    Settings m_settings;
    ServerConnection *m_connection;
    LineReader m_reader{512}; // RFC 5321 4.5.3.1.5: a reply line is at most 512 octets
    SmtpReplyReader m_replies;
    Step m_step = Step::Connecting;
    QTimer m_stepTimer;
    SmtpCapabilities m_capabilities;
    QByteArray m_mechanism;
    SaslBearer::Mechanism m_bearer = SaslBearer::Mechanism::XOAuth2;
};

} // namespace mailshim
