#pragma once

// Pop3Session: one client connection, from the greeting to the close. Serves the AUTHORIZATION state
// itself (CAPA, USER, PASS, QUIT), asks the Router where to go, checks Health marks, lets a Pop3Login log
// in, then hands both sockets to a Relay for the TRANSACTION state. MailShim's own failures answer
// -ERR [SYS/TEMP] (RFC 3206) so clients do not ask for the password again.

#include "core/clientsession.h"
#include "core/config.h"
#include "core/oauthlogin.h"
#include "core/passwordsource.h"
#include "core/sessioncontext.h"
#include "pop3/pop3codec.h"
#include "pop3/pop3login.h"
#include "pop3/router.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace mailshim {

class Health;
class Relay;

class Pop3Session final : public ClientSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Pop3Session)

public:
    // Takes ownership of the connected client socket.
    Pop3Session(QTcpSocket *client, SessionContext context, QObject *parent = nullptr);
    ~Pop3Session() override;

    void start() override;
    // Server closed without QUIT: no DELE is committed.
    void abort() override;

private:
    enum class State { Authorization, LoggingIn, Transaction, Closing };

    void onClientReadyRead();
    void onClientDisconnected();
    void onLoginDeadline();
    void handleLine(const QByteArray &line);
    void countBadCommand(const QByteArray &reply);
    void startLogin();
    void lookUpStoredPassword();
    void askForAccessToken();
    void connectUnlessAccountBlocked();
    void connectUpstream();
    void onLoginReady();
    void onLoginFailed(const ServerError &error);
    void reply(const QByteArray &line);
    void dropUpstream();
    void closeWith(const QByteArray &lastLine, bool ok, const Message &summary,
                   ServerError::Kind failure = ServerError::Kind::None);
    void emitLog(LogLevel level, const Message &text);
    void forgetPassword();

    QPointer<QTcpSocket> m_client;
    SessionContext m_context;
    State m_state = State::Authorization;
    LineReader m_reader;
    QByteArray m_user;
    QByteArray m_password;
    int m_badCommands = 0;
    std::optional<Route> m_route;
    QPointer<Pop3Login> m_login;
    QPointer<Relay> m_relay;
    std::unique_ptr<OAuthLogin> m_oauth; // login oauth2: the access token replaces the client's password
    QTimer m_loginDeadline;
    bool m_loginOk = false;
    bool m_finishedEmitted = false;
    Message m_summary;
};

} // namespace mailshim
