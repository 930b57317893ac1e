#pragma once

// Pop3Session: one client connection, from the greeting to the close. Serves the AUTHORIZATION state
// itself (CAPA, USER, PASS, QUIT), asks the Router where to go, checks Health marks, lets an Upstream log
// in, then hands both sockets to a Relay for the TRANSACTION state. MailShim's own failures answer
// -ERR [SYS/TEMP] (RFC 3206) so clients do not ask for the password again.

#include "config.h"
#include "passwordsource.h"
#include "pop3codec.h"
#include "router.h"
#include "upstream.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>
#include <QTimer>

namespace mailshim {

class Health;
class Relay;

struct SessionContext
{
    ListenerConfig listener;
    Timeouts timeouts;
    RetryPolicy retry;
    Limits limits;
    Health *health = nullptr;            // owned by the Engine, outlives every session
    QSet<quint16> ownPorts;              // ports of all of MailShim's listeners
    PasswordSource *passwords = nullptr; // the keychain, when the listener asks for stored passwords
    quint64 id = 0;
    TlsSessionCache *tlsSessions = nullptr; // owned by the Engine; lets upstream TLS connections resume
    const LogLevel *logThreshold = nullptr; // the Engine's log level (records above it are dropped); nullptr: none
};

class Pop3Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Pop3Session)

public:
    // Takes ownership of the connected client socket.
    Pop3Session(QTcpSocket *client, SessionContext context, QObject *parent = nullptr);
    ~Pop3Session() override;

    void start();
    quint64 id() const { return m_context.id; }
    // Drops the session at once (listener removed, engine stopped): server closed without QUIT.
    void abort();

Q_SIGNALS:
    void loggedIn();
    // ok: the session reached the server and logged in; summary: for the "last connection" column;
    // failure: what kind of server-side trouble ended it (None when it was not the server's side).
    void finished(bool ok, const QString &summary, mailshim::UpstreamError::Kind failure);
    void log(mailshim::LogLevel level, const QString &category, const QString &text);

private:
    enum class State { Authorization, LoggingIn, Transaction, Closing };

    void onClientReadyRead();
    void onClientDisconnected();
    void onLoginDeadline();
    void handleLine(const QByteArray &line);
    void countBadCommand(const QByteArray &reply);
    void startLogin();
    void lookUpStoredPassword();
    void connectUpstream();
    void onUpstreamReady();
    void onUpstreamFailed(const UpstreamError &error);
    void reply(const QByteArray &line);
    void dropUpstream();
    void closeWith(const QByteArray &lastLine, bool ok, const QString &summary,
                   UpstreamError::Kind failure = UpstreamError::Kind::None);
    void emitLog(LogLevel level, const QString &text);
    void forgetPassword();

    QPointer<QTcpSocket> m_client;
    SessionContext m_context;
    State m_state = State::Authorization;
    LineReader m_reader;
    QByteArray m_user;
    QByteArray m_password;
    int m_badCommands = 0;
    std::optional<Route> m_route;
    QPointer<Upstream> m_upstream;
    QPointer<Relay> m_relay;
    QTimer m_loginDeadline;
    QTimer m_closeDeadline;
    bool m_loginOk = false;
    bool m_finishedEmitted = false;
    QString m_summary;
};

} // namespace mailshim
