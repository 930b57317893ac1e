#pragma once

// Pop3Login: the server-facing POP3 client of one session, and the one POP3 client MailShim has (the engine, the
// wizard's login test and the chain tester all log in through it). A ServerConnection reaches the server (plain,
// implicit TLS, or TLS after STLS); this class reads and checks the banner, validates the APOP timestamp, asks for
// STLS, logs in (APOP or USER/PASS; with an OAuth access token, AUTH OAUTHBEARER or XOAUTH2 after asking CAPA inside
// TLS) and then hands the logged-in socket over. Every step has a deadline; every
// failure is reported once, typed, and before any credential was sent when the failure is about trust (TLS, STLS,
// APOP timestamp).

#include "core/config.h"
#include "net/linereader.h"
#include "net/saslbearer.h"
#include "net/servererror.h"

#include <QAbstractSocket>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace mailshim {

class ServerConnection;
class TlsSessionCache;
class UpstreamSocket;

class Pop3Login final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Pop3Login)

public:
    struct Settings
    {
        UpstreamConfig server;
        QByteArray user;
        QByteArray password; // with login OAuth2: the access token
        Timeouts timeouts;
        RetryPolicy retry;
        QSet<quint16> loopPorts;                // a loopback/local peer on one of these ports is MailShim itself
        TlsSessionCache *tlsSessions = nullptr; // where TLS session tickets are kept between connections; may be null
        bool greetingOnly = false;              // ready() after a good greeting (and STLS): no login, no credential
        UpstreamLogin login = UpstreamLogin::Password; // OAuth2: SASL with the token in password (TLS modes only)
    };

    explicit Pop3Login(Settings settings, QObject *parent = nullptr);
    ~Pop3Login() override;

    void start();
    // After ready(): the logged-in socket (the caller becomes its owner) and the server's +OK login line (the greeting,
    // with greetingOnly).
    UpstreamSocket *takeSocket();
    // Ends the login now: the socket is aborted (no QUIT) and nothing more is sent or signalled. Unlike delete, safe
    // inside this object's own signals; the owner deletes it later.
    void cancel();
    QByteArray loginReply() const { return m_loginReply; }
    QString describeServer() const; // "host:port (mode)": quoted in messages

Q_SIGNALS:
    void ready();
    void failed(const mailshim::ServerError &error);
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text);

private:
    enum class Step {
        Connecting,
        Banner,
        CapaBeforeStls,
        StlsReply,
        StlsHandshake,
        ApopReply,
        UserReply,
        PassReply,
        CapaInTls,    // OAuth2: which SASL mechanisms the server offers
        AuthContinue, // OAuth2: AUTH sent without an initial response; waiting for "+"
        AuthReply,    // OAuth2: the token was sent
        AuthAbort,    // OAuth2: the server's error challenge was answered; waiting for its -ERR
        Done
    };

    void onConnectionReady();
    void onEncrypted();
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void onStepTimeout();
    bool handleLine(const QByteArray &line); // false once the login has failed or is done
    bool handleBanner(const QByteArray &line);
    bool handleCapaLine(const QByteArray &line);
    bool handleSaslLine(const QByteArray &line);
    void startAuth();
    void sendBearerAuth();
    void finish(const QByteArray &reply);
    void send(const QByteArray &line, const QByteArray &shown = {}); // shown: what the log says instead of the keyword
    void enterStep(Step step, int seconds);
    // command: what the server refused; by default the command whose reply was awaited.
    void fail(ServerError::Kind kind, const Message &message, const QByteArray &serverReply = {},
              const QByteArray &command = {});
    QByteArray commandAwaited() const; // empty while connecting or waiting for the greeting
    void emitLog(LogLevel level, const Message &text, bool tls = false);
    Message stepName() const;

    Settings m_settings;
    ServerConnection *m_connection;
    LineReader m_reader{512}; // RFC 1939: a response's first line is at most 512 octets
    Step m_step = Step::Connecting;
    QTimer m_stepTimer;
    QByteArray m_apopTimestamp;
    bool m_inCapaBody = false;
    bool m_sawStls = false;
    QSet<QByteArray> m_saslMechanisms; // from CAPA inside TLS
    SaslBearer::Mechanism m_bearer = SaslBearer::Mechanism::XOAuth2;
    QByteArray m_greeting;
    QByteArray m_loginReply;
    QByteArray m_failedCommand; // what fail() was told the server refused, for failed()
};

} // namespace mailshim
