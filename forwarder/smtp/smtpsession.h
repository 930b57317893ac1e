#pragma once

// SmtpSession: one client connection to an SMTP listener, from the greeting to the close. It connects to the server
// first (SmtpLogin: greeting, EHLO, STARTTLS or implicit TLS, EHLO again) and greets the client only once the server
// is ready, so that trouble is reported before the client sends anything. Then it serves the client itself up to the
// login: EHLO/HELO (its own EHLO reply: what it relays faithfully, never STARTTLS or CHUNKING), AUTH LOGIN and PLAIN
// (the credentials are carried to the server with the best mechanism it offers inside TLS; a stored password replaces
// the client's), NOOP, RSET, QUIT. A client that never authenticates may send when the listener allows it
// (clientAuth "optional": as the listener's user with the stored password; popBeforeSmtp: without AUTH, after a POP3
// login opened the window). Then an SmtpRelay carries the rest. MailShim's own failures answer 421 or 451/454 with an
// enhanced code, never 5xx, so nothing bounces for MailShim's sake.

#include "core/clientsession.h"
#include "core/config.h"
#include "core/oauthlogin.h"
#include "core/passwordsource.h"
#include "core/sessioncontext.h"
#include "net/linereader.h"
#include "smtp/smtpcodec.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>
#include <optional>

namespace mailshim {

class PopBeforeSmtp;
class SmtpLogin;
class SmtpRelay;

class SmtpSession final : public ClientSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpSession)

public:
    // Takes ownership of the connected client socket.
    SmtpSession(QTcpSocket *client, SessionContext context, QObject *parent = nullptr);
    ~SmtpSession() override;

    void start() override;
    void abort() override;

    static constexpr int kMaxLineLength = 512; // RFC 5321 4.5.3.1.4: a command line, CRLF included
    static QByteArray greetingName() { return QByteArrayLiteral("MailShim"); }

private:
    enum class State {
        Connecting,    // the server is being reached; the client has not been greeted
        Greeted,       // serving the client's EHLO, AUTH, ... locally
        AuthUser,      // AUTH LOGIN: waiting for the user name
        AuthPassword,  // AUTH LOGIN: waiting for the password
        AuthPlain,     // AUTH PLAIN without an initial response: waiting for it
        LoggingIn,     // the server checks the credentials (or the keychain is asked)
        OpeningWindow, // POP before SMTP: a POP3 login is made, or its delay runs
        Relaying,
        Closing
    };

    void onClientReadyRead();
    void onClientDisconnected();
    void handleLines();
    void handleCommand(const QByteArray &line);
    void handleAuthLine(const QByteArray &line);
    void startAuth(const SmtpCommand &command);
    void logIn(SmtpCredentials credentials, bool clientAuthenticated);
    void askForAccessToken(std::function<void()> proceed);
    void onServerReady();
    void onLoginReady();
    void onLoginFailed(const ServerError &error);
    void openWindowThenRelay();
    void startRelay();
    void startLogin(std::optional<SmtpCredentials> credentials);
    void dropLogin();
    void refuseHeldOrAuth(const QByteArray &line, const Message &summary,
                          ServerError::Kind kind = ServerError::Kind::None);
    void dropHeldMail();
    void badCommand(const QByteArray &replyLine);
    void reply(const QByteArray &line);
    void closeWith(const QByteArray &lastLine, bool ok, const Message &summary,
                   ServerError::Kind failure = ServerError::Kind::None);
    void emitLog(LogLevel level, const Message &text);
    QString hostKey() const;
    void forgetCredentials();
    static QByteArray temporaryFailure(const QByteArray &codes, const Message &text);

    QPointer<QTcpSocket> m_client;
    SessionContext m_context;
    UpstreamConfig m_server;
    State m_state = State::Connecting;
    QByteArray m_input; // client bytes not handled yet
    int m_badCommands = 0;
    bool m_authenticated = false;                 // the server accepted AUTH in this session
    bool m_clientAuthenticated = false;           // ...with the client's own AUTH (not the listener's user)
    QByteArray m_authUser;                        // AUTH LOGIN's user name, between its two prompts
    std::optional<SmtpCredentials> m_credentials; // for the login in progress; wiped once it ends
    SmtpCapabilities m_capabilities;
    QPointer<SmtpLogin> m_login;
    QPointer<PopBeforeSmtp> m_window;
    QPointer<SmtpRelay> m_relay;
    std::unique_ptr<OAuthLogin> m_oauth; // login oauth2: the access token replaces the client's password
    std::function<void()> m_proceed;     // login oauth2: goes on with a fresh token after the server refused one
    QTimer m_loginDeadline;
    bool m_finishedEmitted = false;
    Message m_summary;
    ServerError::Kind m_failure = ServerError::Kind::None; // of a refusal earlier in the session, for the tray
};

} // namespace mailshim
