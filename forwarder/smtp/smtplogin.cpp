#include "smtp/smtplogin.h"

#include "core/logging.h"
#include "net/serverconnection.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"

namespace mailshim {

SmtpLogin::SmtpLogin(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, [this] {
        fail(ServerError::Kind::Timeout, Message(QT_TRANSLATE_NOOP("Engine", "%1 did not answer in time during %2"),
                                                 {describeServer(), stepName()}));
    });
    const UpstreamConfig &server = m_settings.server;
    ServerConnection::Settings connection;
    connection.host = server.host;
    connection.port = server.effectivePort();
    connection.transport = transportFor(server.security);
    connection.tls = server.tls;
    connection.label = describeServer();
    connection.upgradeStep = Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake after STARTTLS"), {});
    connection.connectSeconds = m_settings.timeouts.connectSeconds;
    connection.tlsSeconds = m_settings.timeouts.tlsSeconds;
    connection.connectAttempts = m_settings.retry.connectAttempts;
    connection.connectRetryDelayMs = m_settings.retry.connectRetryDelayMs;
    connection.loopPorts = m_settings.loopPorts;
    connection.tlsSessions = m_settings.tlsSessions;
    m_connection = new ServerConnection(std::move(connection), this);
    connect(m_connection, &ServerConnection::connecting, this, [this](int attempt) {
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "connecting to %1, attempt %2"), {describeServer(), attempt}));
    });
    connect(m_connection, &ServerConnection::retrying, this, [this](const Message &why, int delayMs) {
        emitLog(LogLevel::Problems, Message(QT_TRANSLATE_NOOP("Engine", "cannot reach %1: %2; retrying in %3 ms"),
                                            {describeServer(), why, delayMs}));
    });
    connect(m_connection, &ServerConnection::ready, this, &SmtpLogin::onConnectionReady);
    connect(m_connection, &ServerConnection::encrypted, this, &SmtpLogin::onEncrypted);
    connect(m_connection, &ServerConnection::failed, this, [this](const ServerError &error) {
        m_stepTimer.stop();
        m_step = Step::Done;
        emitLog(LogLevel::Problems, error.message, error.kind == ServerError::Kind::Tls);
        Q_EMIT failed(error);
    });
}

SmtpLogin::~SmtpLogin()
{
    cancel();
}

QString SmtpLogin::describeServer() const
{
    const QString mode = securityName(m_settings.server.security, Protocol::Smtp);
    return QStringLiteral("%1:%2 (%3)").arg(m_settings.server.host).arg(m_settings.server.effectivePort()).arg(mode);
}

void SmtpLogin::start()
{
    m_step = Step::Connecting;
    m_connection->start();
}

void SmtpLogin::cancel()
{
    m_stepTimer.stop();
    if (m_step != Step::Done)
        m_connection->cancel();
    m_step = Step::Done;
}

bool SmtpLogin::isLoginStep() const
{
    return m_step != Step::Done && m_step != Step::Connecting && m_step != Step::TlsHandshake;
}

UpstreamSocket *SmtpLogin::takeSocket()
{
    if ((m_step != Step::Done && m_step != Step::Idle) || !m_connection->socket())
        return nullptr;
    m_step = Step::Done;
    m_connection->socket()->disconnect(this);
    return m_connection->takeSocket();
}

void SmtpLogin::authenticate(const SmtpCredentials &credentials)
{
    if (m_step != Step::Idle)
        return;
    m_settings.credentials = credentials;
    UpstreamSocket *socket = m_connection->socket();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        fail(ServerError::Kind::Unreachable,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 closed the connection before the login"), {describeServer()}));
        return;
    }
    startAuth();
}

void SmtpLogin::enterStep(Step step)
{
    m_step = step;
    m_stepTimer.start(m_settings.timeouts.responseSeconds * 1000);
}

void SmtpLogin::onConnectionReady()
{
    UpstreamSocket *socket = m_connection->socket();
    connect(socket, &UpstreamSocket::readyRead, this, &SmtpLogin::onReadyRead, Qt::UniqueConnection);
    connect(socket, &UpstreamSocket::errorOccurred, this, &SmtpLogin::onSocketError, Qt::UniqueConnection);
    enterStep(Step::Greeting);
    if (socket->bytesAvailable() > 0)
        onReadyRead();
}

void SmtpLogin::onEncrypted()
{
    UpstreamSocket *socket = m_connection->socket();
    emitLog(LogLevel::LowLevel,
            Message(QT_TRANSLATE_NOOP("Engine", "TLS established with %1: %2%3"),
                    {describeServer(), socket->tlsDescription(),
                     socket->sessionResumed() ? QStringLiteral(", resumed") : QString()}),
            true);
    if (m_step == Step::TlsHandshake) {
        // RFC 3207: everything learned before TLS is forgotten; EHLO again, and only its answer counts.
        m_reader = LineReader(512);
        m_replies = SmtpReplyReader();
        m_capabilities = SmtpCapabilities{};
        sendEhlo(Step::EhloInTls);
    }
    // Implicit TLS: ServerConnection::ready() follows, and the greeting is read then.
}

void SmtpLogin::onReadyRead()
{
    UpstreamSocket *socket = m_connection->socket();
    if (!socket || !isLoginStep())
        return;
    m_reader.append(socket->readAll()); // an overflow stops takeLine() and is reported after the loop
    while (isLoginStep()) {
        const std::optional<QByteArray> line = m_reader.takeLine();
        if (!line)
            break;
        const SmtpReplyReader::Result result = m_replies.feed(*line);
        if (result == SmtpReplyReader::Result::Invalid) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 sent a malformed reply during %2: %3"),
                         {describeServer(), stepName(), WireText::sanitizeForDisplay(*line)}));
            return;
        }
        if (result == SmtpReplyReader::Result::Complete && !handleReply(m_replies.take()))
            return;
    }
    if (m_reader.overflowed() && m_step != Step::Done)
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 sent a line over 512 bytes during %2"),
                     {describeServer(), stepName()}));
}

bool SmtpLogin::handleReply(const SmtpReply &reply)
{
    const QByteArray shown = QByteArray::number(reply.code) + ' ' + reply.lines.value(reply.lines.size() - 1);
    const QString quoted = WireText::sanitizeForDisplay(shown);
    switch (m_step) {
    case Step::Greeting:
        if (reply.code != 220) {
            fail(reply.isTransientFailure() ? ServerError::Kind::Unreachable : ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 greeted with an error: %2"), {describeServer(), quoted}),
                 shown);
            return false;
        }
        sendEhlo(Step::Ehlo);
        return true;
    case Step::Ehlo:
    case Step::EhloInTls:
        if (reply.code != 250) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 refused EHLO: %2"), {describeServer(), quoted}), shown);
            return false;
        }
        m_capabilities = SmtpCodec::capabilities(reply);
        if (m_step == Step::Ehlo && transportFor(m_settings.server.security) == Transport::StartTls) {
            if (!m_capabilities.has("STARTTLS")) {
                fail(ServerError::Kind::Protocol,
                     Message(
                         QT_TRANSLATE_NOOP("Engine", "%1 does not offer STARTTLS; not continuing without encryption"),
                         {describeServer()}));
                return false;
            }
            enterStep(Step::StartTls);
            send("STARTTLS", "STARTTLS");
            return true;
        }
        startAuth();
        return m_step != Step::Done;
    case Step::StartTls:
        if (reply.code != 220) {
            fail(ServerError::Kind::Protocol,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1 refused STARTTLS (%2); not continuing without encryption"),
                         {describeServer(), quoted}),
                 shown);
            return false;
        }
        if (m_reader.hasPendingBytes() || m_connection->socket()->bytesAvailable() > 0) {
            fail(ServerError::Kind::Protocol,
                 Message(
                     QT_TRANSLATE_NOOP(
                         "Engine", "%1 sent data after its 220 to STARTTLS (response injection?); connection aborted"),
                     {describeServer()}));
            return false;
        }
        m_step = Step::TlsHandshake;
        m_stepTimer.stop(); // the handshake's deadline is ServerConnection's
        m_connection->startTls();
        return m_step != Step::Done;
    case Step::Auth:
    case Step::AuthUser:
    case Step::AuthPassword:
        if (reply.code == 235) {
            finish();
            return false;
        }
        if (reply.code == 334 && m_mechanism == "LOGIN" && m_step != Step::AuthPassword) {
            // LOGIN asks for the user name, then the password, each base64 on its own line.
            const bool user = m_step == Step::Auth;
            enterStep(user ? Step::AuthUser : Step::AuthPassword);
            send((user ? m_settings.credentials->user : m_settings.credentials->password).toBase64(),
                 user ? "(user name)" : "(password)");
            return true;
        }
        // 4xx (a temporary failure at the server) is not a refused password: no failed-account mark.
        fail(reply.isTransientFailure() ? ServerError::Kind::Protocol : ServerError::Kind::Auth,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the login: %2"), {describeServer(), quoted}), shown);
        return false;
    case Step::BearerContinue:
    case Step::BearerReply:
    case Step::BearerAbort:
        return handleBearerReply(reply, shown, quoted);
    case Step::Idle:
        // Nothing was asked: a server speaks unbidden only to end the session (421 at its timeout).
        fail(reply.isTransientFailure() ? ServerError::Kind::Unreachable : ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 ended the session while waiting: %2"), {describeServer(), quoted}),
             shown);
        return false;
    case Step::Connecting:
    case Step::TlsHandshake:
    case Step::Done:
        break;
    }
    return true;
}

void SmtpLogin::sendEhlo(Step step)
{
    enterStep(step);
    send("EHLO " + m_settings.heloName, "EHLO");
}

void SmtpLogin::startAuth()
{
    if (!m_settings.credentials) {
        finish();
        return;
    }
    if (m_settings.login == UpstreamLogin::OAuth2) {
        startBearerAuth();
        return;
    }
    const std::optional<QByteArray> mechanism = SmtpCodec::bestAuthMechanism(m_capabilities);
    if (!mechanism) {
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 offers neither AUTH PLAIN nor AUTH LOGIN"), {describeServer()}));
        return;
    }
    m_mechanism = *mechanism;
    enterStep(Step::Auth);
    if (m_mechanism == "PLAIN")
        send("AUTH PLAIN " + SmtpCodec::encodeAuthPlain(*m_settings.credentials), "AUTH PLAIN");
    else
        send("AUTH LOGIN", "AUTH LOGIN");
}

QByteArray SmtpLogin::bearerResponse() const
{
    return SaslBearer::initialResponse(m_bearer, m_settings.credentials->user, m_settings.credentials->password,
                                       m_settings.server.host, m_settings.server.effectivePort())
        .toBase64();
}

// OAUTHBEARER when the server lists it, else XOAUTH2 (servers that take it do not always list it). RFC 4954 4: the
// initial response only while the command fits a 512-octet line; a real token does not, and goes after the 334.
void SmtpLogin::startBearerAuth()
{
    if (!usesTls(m_settings.server.security)) { // the config refuses this; a token never crosses in clear text
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1: an access token is sent only inside TLS"), {describeServer()}));
        return;
    }
    m_bearer = SaslBearer::choose(m_capabilities.authMechanisms);
    m_mechanism = SaslBearer::name(m_bearer);
    const QByteArray line = "AUTH " + m_mechanism + ' ' + bearerResponse();
    if (line.size() + 2 <= 512) {
        enterStep(Step::BearerReply);
        send(line, "AUTH " + m_mechanism + " (access token)");
    } else {
        enterStep(Step::BearerContinue);
        send("AUTH " + m_mechanism, "AUTH " + m_mechanism);
    }
}

bool SmtpLogin::handleBearerReply(const SmtpReply &reply, const QByteArray &shown, const QString &quoted)
{
    if (m_step == Step::BearerContinue && reply.code == 334) {
        enterStep(Step::BearerReply);
        send(bearerResponse(), "(access token)");
        return true;
    }
    if (m_step == Step::BearerReply && reply.code == 235) {
        finish();
        return false;
    }
    if (m_step == Step::BearerReply && reply.code == 334) {
        // RFC 7628 3.2.2: a refusal comes as a challenge holding a JSON error; the client ends the exchange.
        const QString why = SaslBearer::challengeStatus(reply.lines.value(0));
        emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the access token (status %2)"),
                                            {describeServer(), why.isEmpty() ? QStringLiteral("?") : why}));
        enterStep(Step::BearerAbort);
        send(SaslBearer::abortResponse(m_bearer), "(end of the refused exchange)");
        return true;
    }
    // Only a 5xx to the token itself is a refused login; the mechanism refused, a 4xx or a second challenge is not.
    const bool tokenRefused = m_step != Step::BearerContinue && reply.code >= 500 && reply.code != 504;
    fail(tokenRefused ? ServerError::Kind::Auth : ServerError::Kind::Protocol,
         Message(QT_TRANSLATE_NOOP("Engine", "%1 refused the login: %2"), {describeServer(), quoted}), shown);
    return false;
}

void SmtpLogin::finish()
{
    if (m_reader.hasPendingBytes()) {
        fail(ServerError::Kind::Protocol,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 sent unexpected data after the login reply"), {describeServer()}));
        return;
    }
    m_stepTimer.stop();
    m_step = m_settings.credentials ? Step::Done : Step::Idle;
    emitLog(LogLevel::LowLevel,
            m_mechanism.isEmpty()
                ? Message(QT_TRANSLATE_NOOP("Engine", "connected to %1 without AUTH"), {describeServer()})
                : Message(QT_TRANSLATE_NOOP("Engine", "logged in to %1 as %2 (AUTH %3)"),
                          {describeServer(), WireText::sanitizeForDisplay(m_settings.credentials->user, 80),
                           QString::fromLatin1(m_mechanism)}));
    Q_EMIT ready();
}

void SmtpLogin::send(const QByteArray &line, const QByteArray &shown)
{
    // Only what is safe to show is logged: never AUTH data.
    emitLog(LogLevel::All, Message(QT_TRANSLATE_NOOP("Engine", "-> %1"), {QString::fromLatin1(shown)}));
    m_connection->socket()->write(line + "\r\n");
}

void SmtpLogin::onSocketError(QAbstractSocket::SocketError error)
{
    UpstreamSocket *socket = m_connection->socket();
    if (!isLoginStep() || !socket)
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

void SmtpLogin::fail(ServerError::Kind kind, const Message &message, const QByteArray &serverReply)
{
    if (m_step == Step::Done)
        return;
    m_stepTimer.stop();
    m_connection->fail(kind, message, serverReply); // its failed() is logged and passed on in the constructor
}

void SmtpLogin::emitLog(LogLevel level, const Message &text, bool tls)
{
    Q_EMIT log(level, QString::fromLatin1(tls ? lcTls().categoryName() : lcSmtp().categoryName()), text);
}

Message SmtpLogin::stepName() const
{
    switch (m_step) {
    case Step::Connecting:
        return Message(QT_TRANSLATE_NOOP("Engine", "connect"), {});
    case Step::Greeting:
        return Message(QT_TRANSLATE_NOOP("Engine", "greeting"), {});
    case Step::Ehlo:
    case Step::EhloInTls:
        return QStringLiteral("EHLO");
    case Step::StartTls:
        return QStringLiteral("STARTTLS");
    case Step::TlsHandshake:
        return Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake after STARTTLS"), {});
    case Step::Auth:
    case Step::AuthUser:
    case Step::AuthPassword:
    case Step::BearerContinue:
    case Step::BearerReply:
    case Step::BearerAbort:
        return QStringLiteral("AUTH");
    case Step::Idle:
        return Message(QT_TRANSLATE_NOOP("Engine", "waiting for the client's login"), {});
    case Step::Done:
        return Message(QT_TRANSLATE_NOOP("Engine", "done"), {});
    }
    return {};
}

} // namespace mailshim
