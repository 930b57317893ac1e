#include "pop3/pop3session.h"

#include "core/health.h"
#include "core/logging.h"
#include "core/poploginregistry.h"
#include "net/socketread.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "pop3/relay.h"

namespace mailshim {

namespace {
const QByteArray kCapabilities = "+OK Capability list follows\r\n"
                                 "USER\r\n"
                                 "PIPELINING\r\n"
                                 "RESP-CODES\r\n"
                                 "AUTH-RESP-CODE\r\n"
                                 "IMPLEMENTATION MailShim\r\n"
                                 ".\r\n";

// One line for the client: no control bytes, bounded, always -ERR.
QByteArray errLine(const QByteArray &code, const Message &text)
{
    QByteArray line = "-ERR ";
    if (!code.isEmpty())
        line += '[' + code + "] ";
    line += WireText::sanitizeForDisplay(text.english().toUtf8(), 400).toUtf8(); // the protocol speaks English
    return line;
}

bool passesThroughUnchanged(const QByteArray &serverLine)
{
    if (serverLine.size() > 510 || !serverLine.startsWith("-ERR"))
        return false;
    for (const char c : serverLine) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}
} // namespace

Pop3Session::Pop3Session(QTcpSocket *client, SessionContext context, QObject *parent)
    : ClientSession(context.id, parent), m_client(client), m_context(std::move(context)),
      m_reader(m_context.limits.maxCommandLength)
{
    m_client->setParent(this);
    m_loginDeadline.setSingleShot(true);
    connect(&m_loginDeadline, &QTimer::timeout, this, &Pop3Session::onLoginDeadline);
    if (m_context.listener.login == UpstreamLogin::OAuth2)
        m_oauth = std::make_unique<OAuthLogin>(m_context.tokens, m_context.listener.oauthAccount());
}

Pop3Session::~Pop3Session()
{
    forgetPassword();
}

void Pop3Session::start()
{
    connect(m_client, &QTcpSocket::readyRead, this, &Pop3Session::onClientReadyRead);
    connect(m_client, &QTcpSocket::disconnected, this, &Pop3Session::onClientDisconnected);
    m_loginDeadline.start(m_context.timeouts.loginSeconds * 1000);
    emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "client connected from %1 port %2"),
                                        {m_client->peerAddress().toString(), m_client->peerPort()}));
    reply("+OK MailShim ready");
}

void Pop3Session::abort()
{
    if (m_relay) {
        m_relay->disconnect(this);
        delete m_relay; // aborts the server connection: no QUIT
    }
    dropUpstream();
    closeWith({}, m_loginOk, Message(QT_TRANSLATE_NOOP("Engine", "stopped by MailShim"), {}));
    if (m_client)
        m_client->abort();
}

void Pop3Session::onClientReadyRead()
{
    if (m_state == State::Transaction || m_state == State::Closing)
        return;
    m_reader.append(SocketRead::all(m_client)); // Qt's read buffer goes with the bytes: an idle session keeps none
    if (m_state == State::LoggingIn) {
        // Pipelined commands wait for the login; a client that floods meanwhile is cut off.
        if (m_reader.bufferedBytes() > m_context.limits.maxPendingClientBytes) {
            dropUpstream();
            closeWith(errLine("SYS/PERM",
                              Message(QT_TRANSLATE_NOOP("Engine", "too much input before the login finished"), {})),
                      false, Message(QT_TRANSLATE_NOOP("Engine", "client flooded during the login"), {}));
        }
        return;
    }
    while (m_state == State::Authorization) {
        const std::optional<QByteArray> line = m_reader.takeLine();
        if (!line)
            break;
        handleLine(*line);
    }
    if (m_state == State::Authorization && m_reader.overflowed()) {
        closeWith(errLine("SYS/PERM", Message(QT_TRANSLATE_NOOP("Engine", "line too long (limit %1 bytes)"),
                                              {m_context.limits.maxCommandLength})),
                  false, Message(QT_TRANSLATE_NOOP("Engine", "client sent an overlong line"), {}));
    }
}

void Pop3Session::handleLine(const QByteArray &line)
{
    if (WireText::looksLikeHttpRequest(line)) {
        // A web page probing localhost: no reply at all, just close.
        ++m_badCommands;
        emitLog(LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "HTTP request on the POP3 port; connection closed"), {}));
        closeWith({}, false, Message(QT_TRANSLATE_NOOP("Engine", "HTTP request refused"), {}));
        return;
    }
    const Pop3Command command = Pop3Codec::parseCommand(line);
    const QByteArray &keyword = command.keyword;
    emitLog(LogLevel::All, Message(QT_TRANSLATE_NOOP("Engine", "client: %1"), {QString::fromLatin1(keyword.left(16))}));
    if (keyword == "CAPA") {
        m_client->write(kCapabilities);
        m_client->flush();
    } else if (keyword == "QUIT") {
        closeWith("+OK MailShim signing off", false,
                  Message(QT_TRANSLATE_NOOP("Engine", "client quit before logging in"), {}));
    } else if (keyword == "USER") {
        if (command.argument.isEmpty() || WireText::hasForbiddenControlBytes(command.argument)) {
            countBadCommand("-ERR invalid user name");
            return;
        }
        m_user = command.argument;
        reply("+OK send PASS");
    } else if (keyword == "PASS") {
        if (m_user.isEmpty()) {
            countBadCommand("-ERR send USER first");
            return;
        }
        if (command.argument.isEmpty() || WireText::hasForbiddenControlBytes(command.argument)) {
            countBadCommand("-ERR invalid password");
            return;
        }
        m_password = command.argument;
        startLogin();
    } else if (keyword == "APOP" || keyword == "AUTH" || keyword == "STLS") {
        reply("-ERR not supported by MailShim; use USER and PASS (the link to the server is protected by MailShim)");
    } else if (keyword == "STAT" || keyword == "LIST" || keyword == "RETR" || keyword == "DELE" || keyword == "NOOP" ||
               keyword == "RSET" || keyword == "TOP" || keyword == "UIDL") {
        countBadCommand("-ERR log in first");
    } else {
        countBadCommand("-ERR unknown command");
    }
}

void Pop3Session::countBadCommand(const QByteArray &replyLine)
{
    ++m_badCommands;
    if (m_badCommands > m_context.limits.maxBadCommands) {
        emitLog(LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "too many bad commands before login; connection closed"), {}));
        closeWith("-ERR too many bad commands", false,
                  Message(QT_TRANSLATE_NOOP("Engine", "too many bad commands"), {}));
        return;
    }
    reply(replyLine);
}

void Pop3Session::startLogin()
{
    const RouteResult routing = Router::resolve(m_context.listener, m_user, m_context.ownPorts);
    if (!routing.route) {
        emitLog(LogLevel::Problems, Message(QT_TRANSLATE_NOOP("Engine", "routing refused for user \"%1\": %2"),
                                            {WireText::sanitizeForDisplay(m_user, 80), routing.error}));
        closeWith(errLine({}, routing.error), false, routing.error);
        return;
    }
    m_route = routing.route;
    if (m_oauth) {
        // The token belongs to the listener's account: another user name is a mistake in the client, and the
        // server is not bothered with it. The client's password is never used.
        if (!m_oauth->userMatches(m_user)) {
            const Message text = m_oauth->userMismatch(m_user);
            emitLog(LogLevel::Problems, text);
            closeWith(errLine("AUTH", text), false, text, ServerError::Kind::Auth);
            return;
        }
        m_route->user = m_context.listener.user.toUtf8();
    }
    const UpstreamConfig &server = m_route->upstream;
    const QString hostKey = Health::hostKey(server.host, server.effectivePort());
    Message reason;
    if (const qint64 ms = m_context.health->hostBlockedMs(hostKey, &reason)) {
        const Message text = Message(QT_TRANSLATE_NOOP("Engine", "%1 failed recently (%2); next try in %3 s"),
                                     {hostKey, reason, (ms + 999) / 1000});
        emitLog(LogLevel::Problems, text);
        closeWith(errLine("SYS/TEMP", text), false, text, ServerError::Kind::Unreachable);
        return;
    }
    if (m_oauth) {
        m_state = State::LoggingIn;
        askForAccessToken(); // the failed-account mark is checked with the token
        return;
    }
    if (server.security == Security::Plain)
        emitLog(
            LogLevel::Problems,
            Message(QT_TRANSLATE_NOOP(
                        "Engine", "warning: %1 is configured as plain; the password crosses the network unprotected"),
                    {hostKey}));

    m_state = State::LoggingIn;
    if (m_context.listener.storedPassword && m_context.passwords)
        lookUpStoredPassword();
    else
        connectUnlessAccountBlocked();
}

// The keychain's password replaces the client's (which may be a dummy). When nothing is stored or the
// keychain cannot be reached, the client's password is used and the log says why.
void Pop3Session::lookUpStoredPassword()
{
    const UpstreamConfig &server = m_route->upstream;
    const CredentialKey key{server.host, server.effectivePort(), QString::fromUtf8(m_route->user)};
    m_context.passwords->lookup(key, this, [this, key](const PasswordAnswer &answer) {
        if (m_state != State::LoggingIn)
            return; // the client left or the login deadline passed while the keychain was busy
        switch (answer.status) {
        case PasswordAnswer::Status::Found:
            forgetPassword();
            m_password = answer.password;
            emitLog(LogLevel::LowLevel,
                    Message(QT_TRANSLATE_NOOP("Engine", "using the stored password for %1"), {key.toString()}));
            break;
        case PasswordAnswer::Status::NotFound:
            emitLog(LogLevel::LowLevel,
                    Message(QT_TRANSLATE_NOOP("Engine", "no stored password for %1; using the client's"),
                            {key.toString()}));
            break;
        case PasswordAnswer::Status::Unavailable:
            emitLog(
                LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "keychain unavailable (%1); using the client's password for %2"),
                        {answer.detail, key.toString()}));
            break;
        }
        connectUnlessAccountBlocked();
    });
}

// One question to the token source per login attempt: SignInNeeded is the source's verdict and is not asked again in
// this session; a source that cannot reach the provider marks the server failed for a while, like an unreachable one.
void Pop3Session::askForAccessToken()
{
    m_oauth->ask(this, [this](const OAuthLogin::Outcome &outcome) {
        if (m_state != State::LoggingIn)
            return; // the client left or the login deadline passed meanwhile
        const UpstreamConfig &server = m_route->upstream;
        const QString hostKey = Health::hostKey(server.host, server.effectivePort());
        switch (outcome.status) {
        case AccessTokenAnswer::Status::Found:
            break;
        case AccessTokenAnswer::Status::SignInNeeded:
            emitLog(LogLevel::Problems, outcome.message);
            closeWith(errLine("AUTH", outcome.message), false, outcome.message, ServerError::Kind::SignInNeeded);
            return;
        case AccessTokenAnswer::Status::Unavailable:
            emitLog(LogLevel::Problems, outcome.message);
            m_context.health->markHostFailed(hostKey, m_context.listener.failedHostRetrySeconds, outcome.message);
            closeWith(errLine("SYS/TEMP", outcome.message), false, outcome.message, ServerError::Kind::Unreachable);
            return;
        }
        m_password.fill('\0'); // the client's, ignored
        m_password = m_oauth->token();
        connectUnlessAccountBlocked();
    });
}

// The failed-account mark is checked with the secret that would be sent: the stored password (not the client's
// dummy, which may have failed before the real one was stored), or the access token.
void Pop3Session::connectUnlessAccountBlocked()
{
    const UpstreamConfig &server = m_route->upstream;
    const QString hostKey = Health::hostKey(server.host, server.effectivePort());
    if (const qint64 ms = m_context.health->accountBlockedMs(hostKey, m_route->user, m_password)) {
        const Message text = Health::accountBlockedReason(hostKey, ms, m_oauth != nullptr);
        emitLog(LogLevel::Problems, text);
        closeWith(errLine("AUTH", text), false, text, ServerError::Kind::Auth);
        return;
    }
    connectUpstream();
}

void Pop3Session::connectUpstream()
{
    const UpstreamConfig &server = m_route->upstream;
    Pop3Login::Settings settings{server, m_route->user,        m_password, m_context.timeouts, m_context.retry,
                                 {},     m_context.tlsSessions};
    // A fixed upstream may be another of our listeners (an explicit chain), never this one; a routed
    // target may be none of them.
    settings.loopPorts = m_route->routed ? m_context.ownPorts : QSet<quint16>{m_context.listener.port};
    settings.login = m_oauth ? UpstreamLogin::OAuth2 : UpstreamLogin::Password;
    m_login = new Pop3Login(std::move(settings), this);
    connect(m_login, &Pop3Login::ready, this, &Pop3Session::onLoginReady);
    connect(m_login, &Pop3Login::failed, this, &Pop3Session::onLoginFailed);
    connect(m_login, &Pop3Login::log, this, &Pop3Session::log);
    m_login->start();
}

void Pop3Session::onLoginReady()
{
    UpstreamSocket *server = m_login->takeSocket();
    const QByteArray loginReply = m_login->loginReply();
    const QString serverName = m_login->describeServer();
    const QString hostKey = Health::hostKey(m_route->upstream.host, m_route->upstream.effectivePort());
    m_context.health->clearHost(hostKey);
    m_context.health->clearAccount(hostKey, m_route->user);
    if (m_context.popLogins)
        m_context.popLogins->record(hostKey); // opens a POP-before-SMTP window for this server
    forgetPassword();
    dropUpstream();
    m_loginDeadline.stop();
    if (!m_client || m_client->state() != QAbstractSocket::ConnectedState) {
        server->abort();       // the client left during the login: nothing to relay, no QUIT
        server->deleteLater(); // we are inside one of its signals
        closeWith({}, false, Message(QT_TRANSLATE_NOOP("Engine", "client left during the login"), {}));
        return;
    }
    m_loginOk = true;
    m_state = State::Transaction;
    reply(loginReply);
    m_summary = Message(QT_TRANSLATE_NOOP("Engine", "logged in to %1"), {serverName});
    emitLog(LogLevel::LowLevel, m_summary);
    Q_EMIT loggedIn();

    m_relay = new Relay(m_client, server, std::move(m_reader), m_context.timeouts, m_context.limits, this);
    m_relay->setLogThreshold(m_context.logThreshold);
    connect(m_relay, &Relay::log, this, &Pop3Session::log);
    connect(m_relay, &Relay::finished, this, [this](const Message &reason, bool clean) {
        emitLog(clean ? LogLevel::LowLevel : LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "session ended: %1"), {reason}));
        closeWith({}, true, clean ? m_summary : reason);
    });
    m_relay->start();
}

void Pop3Session::onLoginFailed(const ServerError &error)
{
    dropUpstream();
    const UpstreamConfig &server = m_route->upstream;
    const QString hostKey = Health::hostKey(server.host, server.effectivePort());
    QByteArray line;
    if (error.kind == ServerError::Kind::Auth) {
        const QByteArray code = Pop3Codec::responseCode(error.serverReply);
        const bool temporary = code == "SYS/TEMP" || code == "SYS/PERM" || code == "IN-USE" || code == "LOGIN-DELAY";
        if (m_oauth && !temporary && m_oauth->refused()) {
            // The source thought the token current; it forgets it, and a fresh one is tried once.
            emitLog(LogLevel::LowLevel,
                    Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the access token; trying a fresh one"), {hostKey}));
            forgetPassword();
            askForAccessToken();
            return;
        }
        if (!temporary)
            m_context.health->markAccountFailed(hostKey, m_route->user, m_password,
                                                m_context.listener.failedAccountRetrySeconds);
        // RFC 3206: the server's own response code ([AUTH], [IN-USE], [LOGIN-DELAY]) reaches the client unchanged.
        line = passesThroughUnchanged(error.serverReply)
                   ? error.serverReply
                   : errLine("AUTH", Message(QT_TRANSLATE_NOOP("Engine", "the server refused the login"), {}));
    } else {
        if (error.kind == ServerError::Kind::Unreachable)
            m_context.health->markHostFailed(hostKey, m_context.listener.failedHostRetrySeconds, error.message);
        line = errLine("SYS/TEMP", error.message);
    }
    forgetPassword();
    closeWith(line, false, error.message, error.kind);
}

void Pop3Session::onLoginDeadline()
{
    if (m_state == State::Authorization || m_state == State::LoggingIn) {
        dropUpstream(); // aborts the server connection: no QUIT
        const Message text =
            Message(QT_TRANSLATE_NOOP("Engine", "login not completed within %1 s"), {m_context.timeouts.loginSeconds});
        emitLog(LogLevel::Problems, text);
        closeWith(errLine("SYS/TEMP", text), false, text);
    }
}

void Pop3Session::onClientDisconnected()
{
    if (m_state == State::Transaction)
        return; // the relay sees it and ends the server side without QUIT
    dropUpstream();
    closeWith({}, m_loginOk,
              m_summary.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "client disconnected before logging in"), {})
                                  : m_summary);
}

// The login to the server ends here, without QUIT. The Pop3Login is cancelled at once (its socket aborted, nothing
// more sent) but deleted later: this may run inside one of its own signals, e.g. when replying to the client
// reveals that the client has reset the connection.
void Pop3Session::dropUpstream()
{
    if (!m_login)
        return;
    m_login->disconnect(this);
    m_login->cancel();
    m_login->deleteLater();
    m_login = nullptr;
}

void Pop3Session::reply(const QByteArray &line)
{
    if (m_client) {
        m_client->write(line + "\r\n");
        m_client->flush(); // now, not on the next pass of the event loop: the client waits for it
    }
}

void Pop3Session::closeWith(const QByteArray &lastLine, bool ok, const Message &summary, ServerError::Kind failure)
{
    // First, so that nothing from the client re-enters the session from here on: flushing the last line to a
    // client that has reset the connection emits disconnected() inside reply().
    if (m_client)
        m_client->disconnect(this);
    if (!m_finishedEmitted) {
        m_finishedEmitted = true;
        m_state = State::Closing;
        m_loginDeadline.stop();
        if (!lastLine.isEmpty())
            reply(lastLine);
        Q_EMIT finished(ok, summary, failure);
    }
    closeClientThenDelete(m_client);
}

void Pop3Session::emitLog(LogLevel level, const Message &text)
{
    Q_EMIT log(level, QString::fromLatin1(lcPop3().categoryName()), text);
}

void Pop3Session::forgetPassword()
{
    if (m_oauth)
        m_oauth->forget();
    m_password.fill('\0');
    m_password.clear();
}

} // namespace mailshim
