#include "smtp/smtpsession.h"

#include "core/health.h"
#include "core/logging.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "smtp/popbeforesmtp.h"
#include "smtp/smtplogin.h"
#include "smtp/smtprelay.h"

namespace mailshim {

namespace {
// A server's refusal of the login reaches the client unchanged when it is a plain one-line 535.
bool passesThroughUnchanged(const QByteArray &serverLine)
{
    if (serverLine.size() > 510 || !serverLine.startsWith("535"))
        return false;
    for (const char c : serverLine) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}
} // namespace

SmtpSession::SmtpSession(QTcpSocket *client, SessionContext context, QObject *parent)
    : ClientSession(context.id, parent), m_client(client), m_context(std::move(context))
{
    m_client->setParent(this);
    if (m_context.listener.upstream)
        m_server = *m_context.listener.upstream;
    if (m_context.listener.login == UpstreamLogin::OAuth2)
        m_oauth = std::make_unique<OAuthLogin>(m_context.tokens, m_context.listener.oauthAccount());
    m_loginDeadline.setSingleShot(true);
    connect(&m_loginDeadline, &QTimer::timeout, this, [this] {
        if (m_state == State::Relaying || m_state == State::Closing)
            return;
        const Message text =
            Message(QT_TRANSLATE_NOOP("Engine", "login not completed within %1 s"), {m_context.timeouts.loginSeconds});
        emitLog(LogLevel::Problems, text);
        closeWith(temporaryFailure("421 4.4.2", text), false, text);
    });
}

SmtpSession::~SmtpSession()
{
    forgetCredentials();
    dropLogin();
}

QByteArray SmtpSession::temporaryFailure(const QByteArray &codes, const Message &text)
{
    // The protocol speaks English; the log and the tray say it in the user's language.
    return SmtpCodec::mailShimReply(codes, text.english());
}

QString SmtpSession::hostKey() const
{
    return Health::hostKey(m_server.host, m_server.effectivePort());
}

void SmtpSession::start()
{
    connect(m_client, &QTcpSocket::readyRead, this, &SmtpSession::onClientReadyRead);
    connect(m_client, &QTcpSocket::disconnected, this, &SmtpSession::onClientDisconnected);
    m_loginDeadline.start(m_context.timeouts.loginSeconds * 1000);
    emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "client connected from %1 port %2"),
                                        {m_client->peerAddress().toString(), m_client->peerPort()}));
    if (!m_context.listener.upstream) {
        const Message text(QT_TRANSLATE_NOOP("Engine", "this SMTP listener has no server configured"), {});
        closeWith(temporaryFailure("421 4.3.0", text), false, text);
        return;
    }
    Message reason;
    if (const qint64 ms = m_context.health->hostBlockedMs(hostKey(), &reason)) {
        const Message text = Message(QT_TRANSLATE_NOOP("Engine", "%1 failed recently (%2); next try in %3 s"),
                                     {hostKey(), reason, (ms + 999) / 1000});
        emitLog(LogLevel::Problems, text);
        closeWith(temporaryFailure("421 4.4.2", text), false, text, ServerError::Kind::Unreachable);
        return;
    }
    if (m_server.security == Security::Plain)
        emitLog(
            LogLevel::Problems,
            Message(QT_TRANSLATE_NOOP(
                        "Engine", "warning: %1 is configured as plain; the password crosses the network unprotected"),
                    {hostKey()}));
    // The server first: the client is greeted only once it is ready.
    startLogin(std::nullopt);
}

void SmtpSession::abort()
{
    if (m_relay) {
        m_relay->disconnect(this);
        delete m_relay; // aborts the server connection: no end of message reaches it
    }
    dropLogin();
    delete m_window;
    closeWith({}, m_authenticated, Message(QT_TRANSLATE_NOOP("Engine", "stopped by MailShim"), {}));
    if (m_client)
        m_client->abort();
}

void SmtpSession::startLogin(std::optional<SmtpCredentials> credentials)
{
    dropLogin();
    SmtpLogin::Settings settings;
    settings.server = m_server;
    settings.heloName = "mailshim.invalid";
    settings.credentials = std::move(credentials);
    settings.timeouts = m_context.timeouts;
    settings.retry = m_context.retry;
    settings.loopPorts = {m_context.listener.port}; // another of MailShim's listeners may be the server, never this one
    settings.tlsSessions = m_context.tlsSessions;
    settings.login = m_oauth ? UpstreamLogin::OAuth2 : UpstreamLogin::Password;
    m_login = new SmtpLogin(std::move(settings), this);
    connect(m_login, &SmtpLogin::ready, this,
            [this] { m_state == State::Connecting ? onServerReady() : onLoginReady(); });
    connect(m_login, &SmtpLogin::failed, this, &SmtpSession::onLoginFailed);
    connect(m_login, &SmtpLogin::log, this, &SmtpSession::log);
    m_login->start();
}

void SmtpSession::onServerReady()
{
    m_capabilities = m_login->capabilities();
    m_context.health->clearHost(hostKey());
    m_state = State::Greeted;
    reply("220 " + greetingName() + " ESMTP ready");
    handleLines(); // what an eager client sent before the greeting
}

void SmtpSession::onClientReadyRead()
{
    if (!m_client || m_state == State::Relaying || m_state == State::Closing)
        return;
    m_input += m_client->readAll();
    if (m_state == State::Connecting || m_state == State::LoggingIn || m_state == State::OpeningWindow) {
        // Pipelined commands wait for the server; a client that floods meanwhile is cut off.
        if (m_input.size() > m_context.limits.maxPendingClientBytes) {
            dropLogin();
            const Message text(QT_TRANSLATE_NOOP("Engine", "client flooded during the login"), {});
            closeWith(temporaryFailure("421 4.7.0", text), false, text);
        }
        return;
    }
    handleLines();
}

void SmtpSession::handleLines()
{
    while (m_state == State::Greeted || m_state == State::AuthUser || m_state == State::AuthPassword ||
           m_state == State::AuthPlain) {
        const qsizetype lf = m_input.indexOf('\n');
        if ((lf < 0 && m_input.size() > kMaxLineLength) || lf + 1 > kMaxLineLength) {
            closeWith("500 5.5.2 Line too long (limit 512 octets)", false,
                      Message(QT_TRANSLATE_NOOP("Engine", "client sent an overlong line"), {}));
            return;
        }
        if (lf < 0)
            return;
        QByteArray line = m_input.left(lf);
        m_input.remove(0, lf + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (m_state == State::Greeted)
            handleCommand(line);
        else
            handleAuthLine(line);
        line.fill('\0'); // it may have been a password
    }
}

void SmtpSession::handleCommand(const QByteArray &line)
{
    if (WireText::looksLikeHttpRequest(line)) {
        // A web page probing localhost: no reply at all, just close.
        emitLog(LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "HTTP request on the SMTP port; connection closed"), {}));
        closeWith({}, false, Message(QT_TRANSLATE_NOOP("Engine", "HTTP request refused"), {}));
        return;
    }
    const SmtpCommand command = SmtpCodec::parseCommand(line);
    const QByteArray &verb = command.verb;
    emitLog(LogLevel::All,
            Message(QT_TRANSLATE_NOOP("Engine", "client: %1"), {WireText::sanitizeForDisplay(verb.left(16))}));
    const ListenerConfig &listener = m_context.listener;
    const bool mayRelayWithoutAuth = listener.clientAuth == ClientAuth::Optional || listener.popBeforeSmtp;
    if (verb == "EHLO") {
        m_client->write(SmtpCodec::localEhloReply(greetingName(), m_capabilities));
        m_client->flush();
    } else if (verb == "HELO") {
        reply("250 " + greetingName());
    } else if (verb == "NOOP" || verb == "RSET") {
        reply("250 2.0.0 OK");
    } else if (verb == "QUIT") {
        // A refusal earlier in the session (a failed login, "receive mail first") is what the tray should say.
        closeWith("221 2.0.0 MailShim closing connection", m_authenticated,
                  m_summary.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "client quit before sending mail"), {})
                                      : m_summary,
                  m_failure);
    } else if (verb == "AUTH") {
        if (m_authenticated)
            reply("503 5.5.1 Already authenticated");
        else
            startAuth(command);
    } else if (verb == "MAIL") {
        if (!m_authenticated && !mayRelayWithoutAuth) {
            badCommand("530 5.7.0 Authentication required");
            return;
        }
        // Held until the server side is ready; SmtpRelay then sends it as the client wrote it.
        m_input.prepend(line + "\r\n");
        if (m_authenticated || listener.clientAuth != ClientAuth::Optional)
            openWindowThenRelay();
        else
            logIn(SmtpCredentials{listener.user.toUtf8(), {}}, false); // as the listener's user, stored password
    } else if (verb == "RCPT" || verb == "DATA") {
        badCommand(m_authenticated || mayRelayWithoutAuth ? "503 5.5.1 Send MAIL first"
                                                          : "530 5.7.0 Authentication required");
    } else if (verb == "STARTTLS") {
        reply("502 5.5.1 STARTTLS is not offered: MailShim protects the link to the server");
    } else if (verb == "VRFY" || verb == "EXPN" || verb == "HELP" || verb == "BDAT") {
        reply("502 5.5.1 Not implemented");
    } else {
        badCommand("500 5.5.2 Command not recognized");
    }
}

void SmtpSession::startAuth(const SmtpCommand &command)
{
    const QList<QByteArray> words = command.argument.split(' ');
    const QByteArray mechanism = words.value(0).toUpper();
    const QByteArray initial = words.value(1);
    if (mechanism == "PLAIN") {
        if (initial.isEmpty()) {
            m_state = State::AuthPlain;
            reply("334 ");
            return;
        }
        m_state = State::AuthPlain;
        handleAuthLine(initial);
    } else if (mechanism == "LOGIN") {
        if (initial.isEmpty()) {
            m_state = State::AuthUser;
            reply("334 VXNlcm5hbWU6"); // "Username:"
            return;
        }
        m_state = State::AuthUser;
        handleAuthLine(initial);
    } else {
        badCommand("504 5.5.4 Unrecognized authentication type (use LOGIN or PLAIN)");
    }
}

void SmtpSession::handleAuthLine(const QByteArray &line)
{
    const State state = m_state;
    m_state = State::Greeted; // unless the exchange goes on below
    if (line == "*") {
        m_authUser.clear();
        reply("501 5.7.0 Authentication cancelled");
        return;
    }
    if (state == State::AuthPlain) {
        std::optional<SmtpCredentials> credentials = SmtpCodec::decodeAuthPlain(line);
        if (!credentials) {
            badCommand("501 5.5.2 Invalid AUTH PLAIN data");
            return;
        }
        logIn(std::move(*credentials), true);
        return;
    }
    const std::optional<QByteArray> value = SmtpCodec::decodeBase64Line(line);
    if (!value || value->isEmpty()) {
        m_authUser.clear();
        badCommand("501 5.5.2 Invalid AUTH LOGIN data");
        return;
    }
    if (state == State::AuthUser) {
        m_authUser = *value;
        m_state = State::AuthPassword;
        reply("334 UGFzc3dvcmQ6"); // "Password:"
        return;
    }
    logIn(SmtpCredentials{std::exchange(m_authUser, {}), *value}, true);
}

// clientAuthenticated: the client's own AUTH (answered 235 or the server's 535); else the listener's user for a
// client that does not log in, whose MAIL is held at the front of m_input.
void SmtpSession::logIn(SmtpCredentials credentials, bool clientAuthenticated)
{
    if (clientAuthenticated && m_context.listener.popBeforeSmtp && !SmtpCodec::bestAuthMechanism(m_capabilities)) {
        // A POP-before-SMTP server offers no AUTH: it knows this computer by its recent POP3 login. The client's
        // AUTH (Outlook with "my outgoing server requires authentication") is accepted here, its credentials go
        // nowhere, and the message goes without AUTH once the window is open, as for a client that does not log in.
        credentials.password.fill('\0');
        m_authenticated = true;
        m_state = State::Greeted;
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "%1 offers no AUTH (POP before SMTP): the client's login is not "
                                                    "needed there"),
                        {hostKey()}));
        reply("235 2.7.0 Authentication successful");
        return;
    }
    if (m_oauth && !m_oauth->userMatches(credentials.user)) {
        // The token belongs to the listener's account: another user name is a mistake in the client, and the server
        // is not bothered with it.
        credentials.password.fill('\0');
        const Message text = m_oauth->userMismatch(credentials.user);
        emitLog(LogLevel::Problems, text);
        m_clientAuthenticated = clientAuthenticated;
        refuseHeldOrAuth(SmtpCodec::mailShimReply("535 5.7.8", text.english()), text, ServerError::Kind::Auth);
        return;
    }
    m_state = State::LoggingIn;
    m_clientAuthenticated = clientAuthenticated;
    m_credentials = std::move(credentials);
    auto proceed = [this] {
        const QByteArray &user = m_credentials->user;
        if (m_credentials->password.isEmpty()) {
            const Message text = Message(QT_TRANSLATE_NOOP("Engine", "no stored password for %1 at %2"),
                                         {WireText::sanitizeForDisplay(user, 80), hostKey()});
            emitLog(LogLevel::Problems, text);
            refuseHeldOrAuth(temporaryFailure("451 4.7.0", text), text, ServerError::Kind::Auth);
            return;
        }
        if (const qint64 ms = m_context.health->accountBlockedMs(hostKey(), user, m_credentials->password)) {
            const Message text = Health::accountBlockedReason(hostKey(), ms, m_oauth != nullptr);
            emitLog(LogLevel::Problems, text);
            refuseHeldOrAuth(temporaryFailure("454 4.7.0", text), text, ServerError::Kind::Auth);
            return;
        }
        if (m_login && m_login->isWaitingForCredentials())
            m_login->authenticate(*m_credentials);
        else
            startLogin(*m_credentials);
    };
    if (m_oauth) {
        m_credentials->user = m_context.listener.user.toUtf8(); // as the listener names it, whatever the case
        m_credentials->password.fill('\0');                     // the client's, ignored
        askForAccessToken(proceed);
        return;
    }
    if (!m_context.listener.storedPassword || !m_context.passwords) {
        proceed();
        return;
    }
    // The keychain's password replaces the client's (which may be a dummy), as on POP3.
    const CredentialKey key{m_server.host, m_server.effectivePort(), QString::fromUtf8(m_credentials->user)};
    m_context.passwords->lookup(key, this, [this, key, proceed](const PasswordAnswer &answer) {
        if (m_state != State::LoggingIn)
            return; // the client left or the deadline passed while the keychain was busy
        switch (answer.status) {
        case PasswordAnswer::Status::Found:
            m_credentials->password.fill('\0');
            m_credentials->password = answer.password;
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
        proceed();
    });
}

// One question to the token source per login attempt: SignInNeeded is the source's verdict and is not asked again in
// this session; a source that cannot reach the provider marks the server failed for a while, like an unreachable one.
// A client's AUTH gets 535 5.7.8 for "sign in again" (as a refused login would) and 454 4.7.0 for a temporary
// failure; a held message always gets a 4xx, so it stays in the outbox.
void SmtpSession::askForAccessToken(std::function<void()> proceed)
{
    m_proceed = proceed;
    m_oauth->ask(this, [this](const OAuthLogin::Outcome &outcome) {
        if (m_state != State::LoggingIn || !m_credentials)
            return; // the client left or the login deadline passed meanwhile
        switch (outcome.status) {
        case AccessTokenAnswer::Status::Found:
            m_credentials->password = m_oauth->token();
            m_proceed();
            return;
        case AccessTokenAnswer::Status::SignInNeeded:
            emitLog(LogLevel::Problems, outcome.message);
            refuseHeldOrAuth(m_clientAuthenticated ? SmtpCodec::mailShimReply("535 5.7.8", outcome.message.english())
                                                   : temporaryFailure("451 4.7.1", outcome.message),
                             outcome.message, ServerError::Kind::SignInNeeded);
            return;
        case AccessTokenAnswer::Status::Unavailable:
            emitLog(LogLevel::Problems, outcome.message);
            m_context.health->markHostFailed(hostKey(), m_context.listener.failedHostRetrySeconds, outcome.message);
            refuseHeldOrAuth(temporaryFailure(m_clientAuthenticated ? "454 4.7.0" : "451 4.7.1", outcome.message),
                             outcome.message, ServerError::Kind::Unreachable);
            return;
        }
    });
}

// A login that did not happen: the client's AUTH gets the reply, or the held MAIL does (and is dropped); the session
// goes on, so the client may try again.
void SmtpSession::refuseHeldOrAuth(const QByteArray &line, const Message &summary, ServerError::Kind kind)
{
    forgetCredentials();
    m_summary = summary;
    m_failure = kind;
    if (!m_clientAuthenticated)
        dropHeldMail();
    m_state = State::Greeted;
    reply(line);
    handleLines();
}

void SmtpSession::dropHeldMail()
{
    const qsizetype lf = m_input.indexOf('\n');
    m_input.remove(0, lf + 1);
}

void SmtpSession::onLoginReady()
{
    m_authenticated = true;
    m_capabilities = m_login->capabilities();
    m_context.health->clearHost(hostKey());
    m_context.health->clearAccount(hostKey(), m_credentials->user);
    m_summary = Message(QT_TRANSLATE_NOOP("Engine", "logged in to %1 as %2"),
                        {m_login->describeServer(), WireText::sanitizeForDisplay(m_credentials->user, 80)});
    forgetCredentials();
    if (!m_clientAuthenticated) {
        openWindowThenRelay(); // the held MAIL goes on
        return;
    }
    reply("235 2.7.0 Authentication successful");
    if (m_context.listener.popBeforeSmtp) {
        m_state = State::Greeted; // the window is opened when the first MAIL comes
        handleLines();
        return;
    }
    startRelay();
}

void SmtpSession::onLoginFailed(const ServerError &error)
{
    const State state = m_state;
    dropLogin();
    if (state == State::LoggingIn && error.kind == ServerError::Kind::Auth && m_oauth && m_oauth->refused()) {
        // The source thought the token current; it forgets it, and a fresh one is tried once on a new connection.
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the access token; trying a fresh one"), {hostKey()}));
        m_credentials->password.fill('\0');
        askForAccessToken(m_proceed);
        return;
    }
    if (state == State::LoggingIn && error.kind == ServerError::Kind::Auth) {
        m_context.health->markAccountFailed(hostKey(), m_credentials->user, m_credentials->password,
                                            m_context.listener.failedAccountRetrySeconds);
        // The client's own AUTH gets the server's refusal; a client that did not log in gets a temporary failure
        // (its message stays in the outbox until the stored password is fixed).
        const QByteArray line = !m_clientAuthenticated ? temporaryFailure("451 4.7.1", error.message)
                                : passesThroughUnchanged(error.serverReply)
                                    ? error.serverReply
                                    : QByteArray("535 5.7.8 Authentication credentials invalid");
        refuseHeldOrAuth(line, error.message, ServerError::Kind::Auth);
        return;
    }
    forgetCredentials();
    if (error.kind == ServerError::Kind::Unreachable)
        m_context.health->markHostFailed(hostKey(), m_context.listener.failedHostRetrySeconds, error.message);
    const QByteArray codes = error.kind == ServerError::Kind::Tls ? "421 4.7.0" : "421 4.4.2";
    closeWith(temporaryFailure(codes, error.message), false, error.message, error.kind);
}

void SmtpSession::openWindowThenRelay()
{
    if (!m_context.listener.popBeforeSmtp) {
        startRelay();
        return;
    }
    m_state = State::OpeningWindow;
    PopBeforeSmtp::Settings settings;
    settings.window = *m_context.listener.popBeforeSmtp;
    settings.popListener = m_context.popBeforeSmtpListener;
    settings.registry = m_context.popLogins;
    settings.passwords = m_context.passwords;
    settings.timeouts = m_context.timeouts;
    settings.retry = m_context.retry;
    settings.ownPorts = m_context.ownPorts;
    settings.tlsSessions = m_context.tlsSessions;
    if (!settings.registry) {
        refuseHeldOrAuth(temporaryFailure("451 4.7.1", Message(QT_TRANSLATE_NOOP("Engine", "receive mail first"), {})),
                         Message(QT_TRANSLATE_NOOP("Engine", "receive mail first"), {}));
        return;
    }
    m_window = new PopBeforeSmtp(std::move(settings), this);
    connect(m_window, &PopBeforeSmtp::log, this, &SmtpSession::log);
    connect(m_window, &PopBeforeSmtp::ready, this, [this] {
        m_window->deleteLater();
        startRelay();
    });
    connect(m_window, &PopBeforeSmtp::failed, this, [this](const Message &message, ServerError::Kind kind) {
        m_window->deleteLater();
        refuseHeldOrAuth(temporaryFailure("451 4.7.1", message), message, kind);
    });
    m_window->start();
}

void SmtpSession::startRelay()
{
    UpstreamSocket *server = m_login ? m_login->takeSocket() : nullptr;
    dropLogin();
    if (!server || !m_client || m_client->state() != QAbstractSocket::ConnectedState) {
        if (server) {
            server->abort();
            server->deleteLater();
        }
        const Message text(QT_TRANSLATE_NOOP("Engine", "the connection to the mail server was lost"), {});
        closeWith(temporaryFailure("421 4.4.2", text), false, text);
        return;
    }
    m_loginDeadline.stop();
    m_state = State::Relaying;
    if (m_summary.isEmpty() || !m_authenticated)
        m_summary = Message(QT_TRANSLATE_NOOP("Engine", "connected to %1"), {hostKey()});
    emitLog(LogLevel::LowLevel, m_summary);
    Q_EMIT loggedIn();
    SmtpRelay::Settings settings{m_context.timeouts, m_context.limits, m_capabilities, greetingName(),
                                 m_context.logThreshold};
    m_relay = new SmtpRelay(m_client, server, std::exchange(m_input, {}), std::move(settings), this);
    connect(m_relay, &SmtpRelay::log, this, &SmtpSession::log);
    connect(m_relay, &SmtpRelay::finished, this,
            [this](const Message &reason, bool clean) { closeWith({}, true, clean ? m_summary : reason); });
    m_relay->start();
}

void SmtpSession::onClientDisconnected()
{
    if (m_state == State::Relaying)
        return; // the relay sees it and aborts the server side: no half message is delivered
    dropLogin();
    delete m_window;
    closeWith({}, m_authenticated,
              m_summary.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "client disconnected before sending mail"), {})
                                  : m_summary,
              m_failure);
}

void SmtpSession::badCommand(const QByteArray &replyLine)
{
    ++m_badCommands;
    if (m_badCommands > m_context.limits.maxBadCommands) {
        emitLog(LogLevel::Problems,
                Message(QT_TRANSLATE_NOOP("Engine", "too many bad commands before login; connection closed"), {}));
        closeWith("421 4.7.0 MailShim: too many bad commands", false,
                  Message(QT_TRANSLATE_NOOP("Engine", "too many bad commands"), {}));
        return;
    }
    reply(replyLine);
}

// The server side ends here. The login is cancelled at once but deleted later: this may run inside its own signals.
void SmtpSession::dropLogin()
{
    if (!m_login)
        return;
    m_login->disconnect(this);
    m_login->cancel();
    m_login->deleteLater();
    m_login = nullptr;
}

void SmtpSession::reply(const QByteArray &line)
{
    if (m_client) {
        m_client->write(line + "\r\n");
        m_client->flush(); // now, not on the next pass of the event loop: the client waits for it
    }
}

void SmtpSession::closeWith(const QByteArray &lastLine, bool ok, const Message &summary, ServerError::Kind failure)
{
    // First, so that nothing from the client re-enters the session from here on.
    if (m_client)
        m_client->disconnect(this);
    if (!m_finishedEmitted) {
        m_finishedEmitted = true;
        m_state = State::Closing;
        m_loginDeadline.stop();
        forgetCredentials();
        if (!lastLine.isEmpty())
            reply(lastLine);
        Q_EMIT finished(ok, summary, failure);
    }
    closeClientThenDelete(m_client);
}

void SmtpSession::emitLog(LogLevel level, const Message &text)
{
    Q_EMIT log(level, QString::fromLatin1(lcSmtp().categoryName()), text);
}

void SmtpSession::forgetCredentials()
{
    if (m_oauth)
        m_oauth->forget();
    if (m_credentials) {
        m_credentials->password.fill('\0');
        m_credentials.reset();
    }
    m_authUser.fill('\0');
    m_authUser.clear();
}

} // namespace mailshim
