#include "pop3/pop3login.h"

#include "core/logging.h"
#include "net/serverconnection.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"

#include <utility>

namespace mailshim {

Pop3Login::Pop3Login(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, &Pop3Login::onStepTimeout);
    const UpstreamConfig &server = m_settings.server;
    ServerConnection::Settings connection;
    connection.host = server.host;
    connection.port = server.effectivePort();
    connection.transport = transportFor(server.security);
    connection.tls = server.tls;
    connection.label = describeServer();
    connection.upgradeStep = Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake after STLS"), {});
    connection.connectSeconds = m_settings.timeouts.connectSeconds;
    connection.tlsSeconds = m_settings.timeouts.tlsSeconds;
    connection.connectAttempts = m_settings.retry.connectAttempts;
    connection.connectRetryDelayMs = m_settings.retry.connectRetryDelayMs;
    connection.loopPorts = m_settings.loopPorts;
    connection.tlsSessions = m_settings.tlsSessions;
    m_connection = new ServerConnection(std::move(connection), this);
    connect(m_connection, &ServerConnection::connecting, this, [this](int attempt) {
        m_reader = LineReader(512);
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "connecting to %1, attempt %2"), {describeServer(), attempt}));
    });
    connect(m_connection, &ServerConnection::retrying, this, [this](const Message &why, int delayMs) {
        emitLog(LogLevel::Problems, Message(QT_TRANSLATE_NOOP("Engine", "cannot reach %1: %2; retrying in %3 ms"),
                                            {describeServer(), why, delayMs}));
    });
    connect(m_connection, &ServerConnection::ready, this, &Pop3Login::onConnectionReady);
    connect(m_connection, &ServerConnection::encrypted, this, &Pop3Login::onEncrypted);
    connect(m_connection, &ServerConnection::failed, this, [this](const ServerError &error) {
        m_stepTimer.stop();
        m_step = Step::Done;
        emitLog(LogLevel::Problems, error.message, error.kind == ServerError::Kind::Tls);
        ServerError typed = error;
        typed.command = std::exchange(m_failedCommand, {});
        Q_EMIT failed(typed);
    });
}

Pop3Login::~Pop3Login()
{
    cancel(); // never a QUIT: nothing must be committed on the server for a half-done session
}

QString Pop3Login::describeServer() const
{
    return QStringLiteral("%1:%2 (%3)")
        .arg(m_settings.server.host)
        .arg(m_settings.server.effectivePort())
        .arg(securityName(m_settings.server.security));
}

void Pop3Login::start()
{
    m_step = Step::Connecting;
    m_stepTimer.stop(); // the connection has deadlines of its own until it is ready
    m_connection->start();
}

UpstreamSocket *Pop3Login::takeSocket()
{
    if (m_step != Step::Done || !m_connection->socket())
        return nullptr;
    m_connection->socket()->disconnect(this);
    return m_connection->takeSocket();
}

void Pop3Login::cancel()
{
    m_stepTimer.stop();
    if (m_step != Step::Done)
        m_connection->cancel();
    m_step = Step::Done;
}

void Pop3Login::enterStep(Step step, int seconds)
{
    m_step = step;
    if (step == Step::Done)
        m_stepTimer.stop();
    else
        m_stepTimer.start(seconds * 1000);
}

void Pop3Login::onConnectionReady()
{
    UpstreamSocket *socket = m_connection->socket();
    connect(socket, &UpstreamSocket::readyRead, this, &Pop3Login::onReadyRead, Qt::UniqueConnection);
    connect(socket, &UpstreamSocket::errorOccurred, this, &Pop3Login::onSocketError, Qt::UniqueConnection);
    enterStep(Step::Banner, m_settings.timeouts.responseSeconds);
    if (socket->bytesAvailable() > 0)
        onReadyRead();
}

void Pop3Login::onEncrypted()
{
    UpstreamSocket *socket = m_connection->socket();
    // A pinned certificate is the user's choice, not a problem: said once per server and key, at a low level.
    static QSet<QString> announcedPins;
    const QString pin = describeServer() + QLatin1Char(' ') + QString::fromLatin1(socket->peerKeySha256());
    if (!socket->acceptedDespite().isEmpty() && !announcedPins.contains(pin)) {
        announcedPins.insert(pin);
        QStringList problems;
        for (const QSslError &error : socket->acceptedDespite())
            problems << error.errorString();
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "certificate of %1 accepted by its pinned key despite: %2"),
                        {describeServer(), problems.join(QStringLiteral("; "))}),
                true);
    }
    emitLog(LogLevel::LowLevel,
            Message(QT_TRANSLATE_NOOP("Engine", "TLS established with %1: %2%3"),
                    {describeServer(), socket->tlsDescription(),
                     socket->sessionResumed() ? QStringLiteral(", resumed") : QString()}),
            true);
    if (m_step == Step::StlsHandshake) {
        // RFC 2595: everything learned before TLS is forgotten. The only capability MailShim used was STLS
        // itself, and a password login is USER/PASS or APOP whatever CAPA says, so asking again (a SHOULD, for
        // clients that pick a mechanism from the list) would only cost a round trip to the server. An OAuth
        // login does pick a SASL mechanism, and asks CAPA again in startAuth().
        m_reader = LineReader(512);
        startAuth();
    }
    // Implicit TLS: ServerConnection::ready() follows, and the greeting is read then.
}

void Pop3Login::onReadyRead()
{
    UpstreamSocket *socket = m_connection->socket();
    if (!socket || m_step == Step::Done || m_step == Step::Connecting || m_step == Step::StlsHandshake)
        return;
    m_reader.append(socket->readAll()); // an overflow stops takeLine() and is reported after the loop
    while (m_step != Step::Done && m_step != Step::StlsHandshake) {
        const std::optional<QByteArray> line = m_reader.takeLine();
        if (!line)
            break;
        if (!handleLine(*line))
            return;
    }
    if (m_reader.overflowed() && m_step != Step::Done)
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 sent a line over 512 bytes during %2"),
                     {describeServer(), stepName()}));
}

bool Pop3Login::handleLine(const QByteArray &line)
{
    using Pop3Codec::Status;
    const Status status = Pop3Codec::responseStatus(line);
    switch (m_step) {
    case Step::Banner:
        return handleBanner(line);
    case Step::CapaBeforeStls:
        return handleCapaLine(line);
    case Step::CapaInTls:
    case Step::AuthContinue:
    case Step::AuthReply:
    case Step::AuthAbort:
        return handleSaslLine(line);
    case Step::StlsReply:
        if (status != Status::Ok) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 refused STLS (%2); not continuing without encryption"),
                         {describeServer(), WireText::sanitizeForDisplay(line)}));
            return false;
        }
        if (m_reader.hasPendingBytes() || m_connection->socket()->bytesAvailable() > 0) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP(
                             "Engine", "%1 sent data after its +OK to STLS (response injection?); connection aborted"),
                         {describeServer()}));
            return false;
        }
        m_step = Step::StlsHandshake;
        m_stepTimer.stop(); // the handshake's deadline is ServerConnection's
        m_connection->startTls();
        return m_step != Step::Done;
    case Step::ApopReply:
    case Step::PassReply:
    case Step::UserReply:
        if (status == Status::Invalid) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 answered the login with a malformed line"),
                         {describeServer()}));
            return false;
        }
        if (status == Status::Err) {
            fail(ServerError::Kind::Auth,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the login: %2"),
                         {describeServer(), WireText::sanitizeForDisplay(line)}),
                 line);
            return false;
        }
        if (m_step == Step::UserReply) {
            enterStep(Step::PassReply, m_settings.timeouts.responseSeconds);
            send("PASS " + m_settings.password);
            return true;
        }
        finish(line);
        return false;
    default:
        return true;
    }
}

bool Pop3Login::handleBanner(const QByteArray &line)
{
    if (Pop3Codec::responseStatus(line) != Pop3Codec::Status::Ok) {
        fail(ServerError::Kind::Protocol, Message(QT_TRANSLATE_NOOP("Engine", "%1 greeted with an error: %2"),
                                                  {describeServer(), WireText::sanitizeForDisplay(line)}));
        return false;
    }
    emitLog(LogLevel::All, Message(QT_TRANSLATE_NOOP("Engine", "banner: %1"), {WireText::sanitizeForDisplay(line)}));
    m_greeting = line;
    if (m_settings.login == UpstreamLogin::Password && loginFor(m_settings.server.security) == LoginMethod::Apop &&
        !m_settings.greetingOnly) {
        const std::optional<QByteArray> timestamp = Pop3Codec::apopTimestamp(line);
        if (!timestamp) {
            // CVE-2007-1558: a bad timestamp may be an attacker's; never fall back to a clear-text login.
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP(
                             "Engine",
                             "%1 offers no valid APOP timestamp in its greeting; APOP refused, no clear-text fallback"),
                         {describeServer()}));
            return false;
        }
        m_apopTimestamp = *timestamp;
    }
    if (transportFor(m_settings.server.security) == Transport::StartTls) {
        m_inCapaBody = false;
        m_sawStls = false;
        enterStep(Step::CapaBeforeStls, m_settings.timeouts.responseSeconds);
        send("CAPA");
        return true;
    }
    startAuth();
    return true;
}

bool Pop3Login::handleCapaLine(const QByteArray &line)
{
    if (!m_inCapaBody) {
        if (Pop3Codec::responseStatus(line) == Pop3Codec::Status::Ok) {
            m_inCapaBody = true;
            return true;
        }
        // No CAPA: STLS itself is the test.
        enterStep(Step::StlsReply, m_settings.timeouts.responseSeconds);
        send("STLS");
        return true;
    }
    if (line != ".") {
        if (Pop3Codec::parseCommand(line.trimmed()).keyword == "STLS")
            m_sawStls = true;
        return true;
    }
    m_inCapaBody = false;
    if (m_reader.hasPendingBytes()) { // an answer to STLS before we asked: injected
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP(
                         "Engine",
                         "%1 sent data after CAPA before STLS was sent (response injection?); connection aborted"),
                     {describeServer()}));
        return false;
    }
    if (!m_sawStls) {
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 does not offer STLS; not continuing without encryption"),
                     {describeServer()}));
        return false;
    }
    enterStep(Step::StlsReply, m_settings.timeouts.responseSeconds);
    send("STLS");
    return true;
}

// OAuth2, after TLS: CAPA (RFC 2595: what was learned before TLS is forgotten) tells which SASL mechanisms the server
// has; then AUTH with the token (RFC 5034), and a refusal's error challenge is answered so the -ERR follows.
bool Pop3Login::handleSaslLine(const QByteArray &line)
{
    using Pop3Codec::Status;
    const Status status = Pop3Codec::responseStatus(line);
    const bool continuation = line == "+" || line.startsWith("+ ");
    switch (m_step) {
    case Step::CapaInTls:
        if (!m_inCapaBody) {
            if (status == Status::Ok) {
                m_inCapaBody = true;
                return true;
            }
            sendBearerAuth(); // no CAPA: XOAUTH2, the one the big providers take
            return true;
        }
        if (line != ".") {
            const QList<QByteArray> words = line.trimmed().toUpper().split(' ');
            if (words.value(0) == "SASL")
                m_saslMechanisms = QSet<QByteArray>(words.begin() + 1, words.end());
            return true;
        }
        m_inCapaBody = false;
        sendBearerAuth();
        return true;
    case Step::AuthContinue:
        if (continuation) {
            enterStep(Step::AuthReply, m_settings.timeouts.responseSeconds);
            send(SaslBearer::initialResponse(m_bearer, m_settings.user, m_settings.password, m_settings.server.host,
                                             m_settings.server.effectivePort())
                     .toBase64(),
                 "(access token)");
            return true;
        }
        if (status == Status::Err) { // the mechanism, not the token, was refused
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 refused AUTH %2: %3"),
                         {describeServer(), QString::fromLatin1(SaslBearer::name(m_bearer)),
                          WireText::sanitizeForDisplay(line)}),
                 line, "AUTH");
            return false;
        }
        break;
    case Step::AuthReply:
        if (continuation) {
            // RFC 7628 3.2.2: a refusal comes as a challenge holding a JSON error; the client ends the exchange.
            const QString why = SaslBearer::challengeStatus(line.mid(2));
            emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the access token (status %2)"),
                                                {describeServer(), why.isEmpty() ? QStringLiteral("?") : why}));
            enterStep(Step::AuthAbort, m_settings.timeouts.responseSeconds);
            send(SaslBearer::abortResponse(m_bearer), "(end of the refused exchange)");
            return true;
        }
        break;
    case Step::AuthAbort:
        if (continuation) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 went on challenging after the refused access token"),
                         {describeServer()}));
            return false;
        }
        break;
    default:
        break;
    }
    if (status == Status::Ok && m_step == Step::AuthReply) {
        finish(line);
        return false;
    }
    if (status == Status::Err) {
        fail(ServerError::Kind::Auth,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the login: %2"),
                     {describeServer(), WireText::sanitizeForDisplay(line)}),
             line, "AUTH");
        return false;
    }
    fail(ServerError::Kind::Protocol,
         Message(QT_TRANSLATE_NOOP("Engine", "%1 answered the login with a malformed line"), {describeServer()}));
    return false;
}

void Pop3Login::sendBearerAuth()
{
    m_bearer = SaslBearer::choose(m_saslMechanisms);
    const QByteArray mechanism = SaslBearer::name(m_bearer);
    const QByteArray response = SaslBearer::initialResponse(m_bearer, m_settings.user, m_settings.password,
                                                            m_settings.server.host, m_settings.server.effectivePort())
                                    .toBase64();
    const QByteArray line = "AUTH " + mechanism + ' ' + response;
    if (line.size() + 2 <= 255) { // RFC 5034 4: an initial response only if the command stays within 255 octets
        enterStep(Step::AuthReply, m_settings.timeouts.responseSeconds);
        send(line, "AUTH " + mechanism + " (access token)");
    } else {
        enterStep(Step::AuthContinue, m_settings.timeouts.responseSeconds);
        send("AUTH " + mechanism);
    }
}

void Pop3Login::startAuth()
{
    if (m_settings.greetingOnly) {
        finish(m_greeting);
        return;
    }
    if (m_settings.login == UpstreamLogin::OAuth2) {
        if (!usesTls(m_settings.server.security)) { // the config refuses this; a token never crosses in clear text
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1: an access token is sent only inside TLS"),
                         {describeServer()}));
            return;
        }
        m_inCapaBody = false;
        m_saslMechanisms.clear();
        enterStep(Step::CapaInTls, m_settings.timeouts.responseSeconds);
        send("CAPA");
        return;
    }
    if (loginFor(m_settings.server.security) == LoginMethod::Apop) {
        enterStep(Step::ApopReply, m_settings.timeouts.responseSeconds);
        send("APOP " + m_settings.user + ' ' + Pop3Codec::apopDigest(m_apopTimestamp, m_settings.password));
    } else {
        enterStep(Step::UserReply, m_settings.timeouts.responseSeconds);
        send("USER " + m_settings.user);
    }
}

void Pop3Login::finish(const QByteArray &reply)
{
    m_loginReply = reply;
    if (m_reader.hasPendingBytes()) {
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 sent unexpected data after the login reply"), {describeServer()}));
        return;
    }
    enterStep(Step::Done, 0);
    if (m_settings.greetingOnly)
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "%1 greeted; no login asked for"), {describeServer()}));
    else
        emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "logged in to %1 as %2"),
                                            {describeServer(), WireText::sanitizeForDisplay(m_settings.user, 80)}));
    Q_EMIT ready();
}

void Pop3Login::send(const QByteArray &line, const QByteArray &shown)
{
    // Only the keyword is logged: arguments may carry the password, the APOP digest or an access token.
    emitLog(LogLevel::All, QStringLiteral("-> %1").arg(
                               QString::fromLatin1(shown.isEmpty() ? Pop3Codec::parseCommand(line).keyword : shown)));
    // Sent now, not on the next pass of the event loop: the login waits for every reply.
    m_connection->socket()->write(line + "\r\n");
}

void Pop3Login::onSocketError(QAbstractSocket::SocketError error)
{
    // Connecting and TLS handshakes are ServerConnection's to report.
    UpstreamSocket *socket = m_connection->socket();
    if (m_step == Step::Done || m_step == Step::Connecting || m_step == Step::StlsHandshake || !socket)
        return;
    const QString text = WireText::sanitizeForDisplay(socket->errorString().toUtf8());
    if (error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError) {
        fail(ServerError::Kind::Tls,
             Message(QT_TRANSLATE_NOOP("Engine", "TLS with %1 failed: %2"), {describeServer(), text}));
        return;
    }
    fail(ServerError::Kind::Protocol, Message(QT_TRANSLATE_NOOP("Engine", "%1 closed the connection during %2: %3"),
                                              {describeServer(), stepName(), text}));
}

void Pop3Login::onStepTimeout()
{
    fail(ServerError::Kind::Timeout,
         Message(QT_TRANSLATE_NOOP("Engine", "%1 did not answer in time during %2"), {describeServer(), stepName()}));
}

void Pop3Login::fail(ServerError::Kind kind, const Message &message, const QByteArray &serverReply,
                     const QByteArray &command)
{
    if (m_step == Step::Done)
        return;
    m_stepTimer.stop();
    m_failedCommand = command.isEmpty() ? commandAwaited() : command;
    m_connection->fail(kind, message, serverReply); // its failed() is logged and passed on in the constructor
}

void Pop3Login::emitLog(LogLevel level, const Message &text, bool tls)
{
    Q_EMIT log(level, QString::fromLatin1(tls ? lcTls().categoryName() : lcUpstream().categoryName()), text);
}

QByteArray Pop3Login::commandAwaited() const
{
    switch (m_step) {
    case Step::CapaBeforeStls:
        return QByteArrayLiteral("CAPA");
    case Step::StlsReply:
    case Step::StlsHandshake:
        return QByteArrayLiteral("STLS");
    case Step::ApopReply:
        return QByteArrayLiteral("APOP");
    case Step::UserReply:
        return QByteArrayLiteral("USER");
    case Step::PassReply:
        return QByteArrayLiteral("PASS");
    case Step::CapaInTls:
        return QByteArrayLiteral("CAPA");
    case Step::AuthContinue:
    case Step::AuthReply:
    case Step::AuthAbort:
        return QByteArrayLiteral("AUTH");
    case Step::Connecting:
    case Step::Banner:
    case Step::Done:
        break;
    }
    return {};
}

Message Pop3Login::stepName() const
{
    switch (m_step) {
    case Step::Connecting:
        return Message(QT_TRANSLATE_NOOP("Engine", "connect"), {});
    case Step::Banner:
        return Message(QT_TRANSLATE_NOOP("Engine", "greeting"), {});
    case Step::CapaBeforeStls:
        return Message(QT_TRANSLATE_NOOP("Engine", "CAPA before STLS"), {});
    case Step::StlsReply:
        return QStringLiteral("STLS");
    case Step::StlsHandshake:
        return Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake after STLS"), {});
    case Step::ApopReply:
        return Message(QT_TRANSLATE_NOOP("Engine", "APOP login"), {});
    case Step::UserReply:
        return QStringLiteral("USER");
    case Step::PassReply:
        return QStringLiteral("PASS");
    case Step::CapaInTls:
        return Message(QT_TRANSLATE_NOOP("Engine", "CAPA inside TLS"), {});
    case Step::AuthContinue:
    case Step::AuthReply:
    case Step::AuthAbort:
        return Message(QT_TRANSLATE_NOOP("Engine", "OAuth login"), {});
    case Step::Done:
        return Message(QT_TRANSLATE_NOOP("Engine", "done"), {});
    }
    return {};
}

} // namespace mailshim
