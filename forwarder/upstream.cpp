#include "upstream.h"

#include "health.h"
#include "logging.h"
#include "tlsclientcontext.h"
#include "tlssessioncache.h"
#include "upstreamsocket.h"

#include <QNetworkInterface>

namespace mailshim {

Upstream::Upstream(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, &Upstream::onStepTimeout);
}

Upstream::~Upstream()
{
    cancel(); // never a QUIT: nothing must be committed on the server for a half-done session
}

QString Upstream::describeServer() const
{
    return QStringLiteral("%1:%2 (%3)")
        .arg(m_settings.server.host)
        .arg(m_settings.server.effectivePort())
        .arg(securityName(m_settings.server.security));
}

void Upstream::start()
{
    m_attempt = 0;
    connectOnce();
}

UpstreamSocket *Upstream::takeSocket()
{
    if (m_step != Step::Done || !m_socket)
        return nullptr;
    m_socket->disconnect(this);
    UpstreamSocket *socket = m_socket;
    m_socket = nullptr;
    return socket;
}

void Upstream::cancel()
{
    m_stepTimer.stop();
    if (m_socket && m_step != Step::Done) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_step = Step::Done;
}

void Upstream::connectOnce()
{
    if (m_step == Step::Done)
        return; // cancelled while waiting to retry
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_reader = LineReader(512);
    m_socket = new UpstreamSocket(this);
    const UpstreamConfig &server = m_settings.server;
    connect(m_socket, &UpstreamSocket::connected, this, &Upstream::onConnected);
    connect(m_socket, &UpstreamSocket::encrypted, this, &Upstream::onEncrypted);
    connect(m_socket, &UpstreamSocket::rejected, this, &Upstream::onRejected);
    connect(m_socket, &UpstreamSocket::sessionReceived, this, &Upstream::onSessionReceived);
    connect(m_socket, &UpstreamSocket::readyRead, this, &Upstream::onReadyRead);
    connect(m_socket, &UpstreamSocket::errorOccurred, this, &Upstream::onSocketError);

    emitLog(LogLevel::LowLevel,
            QStringLiteral("connecting to %1, attempt %2").arg(describeServer()).arg(m_attempt + 1));
    enterStep(Step::Connecting, m_settings.timeouts.connectSeconds);
    m_socket->connectToHost(server.host, server.effectivePort());
}

void Upstream::startTls()
{
    const UpstreamConfig &server = m_settings.server;
    QString error;
    std::shared_ptr<TlsClientContext> context = TlsClientContext::forCaFile(server.tls.caFile, &error);
    if (!context) {
        fail(UpstreamError::Kind::Tls, QStringLiteral("TLS with %1 failed: %2").arg(describeServer(), error));
        return;
    }
    // Resuming saves the server's key exchange and certificate: most of a TLS connection's cost. The host name and
    // the pin are still checked for a resumed session (UpstreamSocket).
    std::shared_ptr<SSL_SESSION> resume;
    if (m_settings.tlsSessions)
        resume = m_settings.tlsSessions->session(TlsSessionCache::key(server), context.get());
    m_socket->startClientEncryption(std::move(context), server.host, server.tls, std::move(resume));
}

void Upstream::enterStep(Step step, int seconds)
{
    m_step = step;
    if (step == Step::Done)
        m_stepTimer.stop();
    else
        m_stepTimer.start(seconds * 1000);
}

void Upstream::onConnected()
{
    // Every write is a whole command or a chunk already read from the client: Nagle would only hold back a
    // small write behind an unacknowledged one (40 ms of delayed ACK per RETR of a small message, with TLS).
    m_socket->setLowDelay();
    const QHostAddress peer = m_socket->peerAddress();
    if (m_settings.loopPorts.contains(m_socket->peerPort()) &&
        (peer.isLoopback() || QNetworkInterface::allAddresses().contains(peer))) {
        fail(UpstreamError::Kind::Loop,
             QStringLiteral("%1 is MailShim itself (%2 port %3): refused to prevent a mail loop")
                 .arg(describeServer(), peer.toString())
                 .arg(m_socket->peerPort()));
        return;
    }
    const Security security = m_settings.server.security;
    if (security == Security::Tls || security == Security::ApopTls) {
        enterStep(Step::TlsHandshake, m_settings.timeouts.tlsSeconds);
        startTls();
    } else {
        enterStep(Step::Banner, m_settings.timeouts.responseSeconds);
    }
}

void Upstream::onRejected(const QString &reason)
{
    fail(UpstreamError::Kind::Tls, QStringLiteral("certificate of %1 %2").arg(describeServer(), reason));
}

void Upstream::onSessionReceived()
{
    // TLS 1.3 servers send their sessions after the handshake, so most arrive here, during the greeting or the
    // login; TLS 1.2 ones within it, which onEncrypted() stores.
    if (m_step != Step::Done)
        storeSession();
}

void Upstream::storeSession()
{
    if (!m_settings.tlsSessions || !m_socket)
        return;
    // A copy, not a move: the session is read again for its lifetime in the same call.
    if (const std::shared_ptr<SSL_SESSION> session = m_socket->session())
        m_settings.tlsSessions->store(TlsSessionCache::key(m_settings.server), session, m_socket->tlsContext(),
                                      int(SSL_SESSION_get_timeout(session.get())));
}

void Upstream::onEncrypted()
{
    if (m_step == Step::Done)
        return;
    for (const QSslError &error : m_socket->acceptedDespite())
        emitLog(LogLevel::Problems,
                QStringLiteral("certificate accepted by its pinned key despite: %1").arg(error.errorString()), true);
    emitLog(LogLevel::LowLevel,
            QStringLiteral("TLS established with %1: %2%3")
                .arg(describeServer(), m_socket->tlsDescription(),
                     m_socket->sessionResumed() ? QStringLiteral(", resumed") : QString()),
            true);
    storeSession();
    if (m_step == Step::StlsHandshake) {
        // RFC 2595: everything learned before TLS is forgotten. The only capability MailShim used was STLS
        // itself, and the login is USER/PASS or APOP whatever CAPA says, so asking again (a SHOULD, for
        // clients that pick a mechanism from the list) would only cost a round trip to the server.
        m_reader = LineReader(512);
        startAuth();
    } else {
        enterStep(Step::Banner, m_settings.timeouts.responseSeconds);
        if (m_socket->bytesAvailable() > 0)
            onReadyRead();
    }
}

void Upstream::onReadyRead()
{
    if (!m_socket || m_step == Step::Done || m_step == Step::Connecting || m_step == Step::TlsHandshake ||
        m_step == Step::StlsHandshake)
        return;
    m_reader.append(m_socket->readAll()); // an overflow stops takeLine() and is reported after the loop
    while (m_step != Step::Done && m_step != Step::StlsHandshake) {
        const std::optional<QByteArray> line = m_reader.takeLine();
        if (!line)
            break;
        if (!handleLine(*line))
            return;
    }
    if (m_reader.overflowed() && m_step != Step::Done)
        fail(UpstreamError::Kind::Protocol,
             QStringLiteral("%1 sent a line over 512 bytes during %2").arg(describeServer(), stepName()));
}

bool Upstream::handleLine(const QByteArray &line)
{
    using Pop3Codec::Status;
    const Status status = Pop3Codec::responseStatus(line);
    switch (m_step) {
    case Step::Banner:
        return handleBanner(line);
    case Step::CapaBeforeStls:
        return handleCapaLine(line);
    case Step::StlsReply:
        if (status != Status::Ok) {
            fail(UpstreamError::Kind::Protocol,
                 QStringLiteral("%1 refused STLS (%2); not continuing without encryption")
                     .arg(describeServer(), Pop3Codec::sanitizeForDisplay(line)));
            return false;
        }
        if (m_reader.hasPendingBytes() || m_socket->bytesAvailable() > 0) {
            fail(UpstreamError::Kind::Protocol,
                 QStringLiteral("%1 sent data after its +OK to STLS (response injection?); connection aborted")
                     .arg(describeServer()));
            return false;
        }
        enterStep(Step::StlsHandshake, m_settings.timeouts.tlsSeconds);
        startTls();
        return m_step != Step::Done;
    case Step::ApopReply:
    case Step::PassReply:
    case Step::UserReply:
        if (status == Status::Invalid) {
            fail(UpstreamError::Kind::Protocol,
                 QStringLiteral("%1 answered the login with a malformed line").arg(describeServer()));
            return false;
        }
        if (status == Status::Err) {
            fail(UpstreamError::Kind::Auth,
                 QStringLiteral("%1 refused the login: %2").arg(describeServer(), Pop3Codec::sanitizeForDisplay(line)),
                 line);
            return false;
        }
        if (m_step == Step::UserReply) {
            enterStep(Step::PassReply, m_settings.timeouts.responseSeconds);
            send("PASS " + m_settings.password);
            return true;
        }
        m_loginReply = line;
        if (m_reader.hasPendingBytes()) {
            fail(UpstreamError::Kind::Protocol,
                 QStringLiteral("%1 sent unexpected data after the login reply").arg(describeServer()));
            return false;
        }
        enterStep(Step::Done, 0);
        emitLog(LogLevel::LowLevel, QStringLiteral("logged in to %1 as %2")
                                        .arg(describeServer(), Pop3Codec::sanitizeForDisplay(m_settings.user, 80)));
        Q_EMIT ready();
        return false;
    default:
        return true;
    }
}

bool Upstream::handleBanner(const QByteArray &line)
{
    if (Pop3Codec::responseStatus(line) != Pop3Codec::Status::Ok) {
        fail(UpstreamError::Kind::Protocol,
             QStringLiteral("%1 greeted with an error: %2").arg(describeServer(), Pop3Codec::sanitizeForDisplay(line)));
        return false;
    }
    emitLog(LogLevel::All, QStringLiteral("banner: %1").arg(Pop3Codec::sanitizeForDisplay(line)));
    if (usesApop(m_settings.server.security)) {
        const std::optional<QByteArray> timestamp = Pop3Codec::apopTimestamp(line);
        if (!timestamp) {
            // CVE-2007-1558: a bad timestamp may be an attacker's; never fall back to a clear-text login.
            fail(UpstreamError::Kind::Protocol,
                 QStringLiteral(
                     "%1 offers no valid APOP timestamp in its greeting; APOP refused, no clear-text fallback")
                     .arg(describeServer()));
            return false;
        }
        m_apopTimestamp = *timestamp;
    }
    if (m_settings.server.security == Security::Stls) {
        m_inCapaBody = false;
        m_sawStls = false;
        enterStep(Step::CapaBeforeStls, m_settings.timeouts.responseSeconds);
        send("CAPA");
        return true;
    }
    startAuth();
    return true;
}

bool Upstream::handleCapaLine(const QByteArray &line)
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
        fail(UpstreamError::Kind::Protocol,
             QStringLiteral("%1 sent data after CAPA before STLS was sent (response injection?); connection aborted")
                 .arg(describeServer()));
        return false;
    }
    if (!m_sawStls) {
        fail(UpstreamError::Kind::Protocol,
             QStringLiteral("%1 does not offer STLS; not continuing without encryption").arg(describeServer()));
        return false;
    }
    enterStep(Step::StlsReply, m_settings.timeouts.responseSeconds);
    send("STLS");
    return true;
}

void Upstream::startAuth()
{
    if (usesApop(m_settings.server.security)) {
        enterStep(Step::ApopReply, m_settings.timeouts.responseSeconds);
        send("APOP " + m_settings.user + ' ' + Pop3Codec::apopDigest(m_apopTimestamp, m_settings.password));
    } else {
        enterStep(Step::UserReply, m_settings.timeouts.responseSeconds);
        send("USER " + m_settings.user);
    }
}

void Upstream::send(const QByteArray &line)
{
    // Only the keyword is logged: arguments may carry the password or the APOP digest.
    emitLog(LogLevel::All, QStringLiteral("-> %1").arg(QString::fromLatin1(Pop3Codec::parseCommand(line).keyword)));
    m_socket->write(line + "\r\n"); // sent now, not on the next pass of the event loop: the login waits for every reply
}

void Upstream::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_step == Step::Done || !m_socket)
        return;
    const QString text = Pop3Codec::sanitizeForDisplay(m_socket->errorString().toUtf8());
    if (m_step == Step::Connecting) {
        retryOrFail(text);
        return;
    }
    if (m_step == Step::TlsHandshake || m_step == Step::StlsHandshake ||
        error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError) {
        fail(UpstreamError::Kind::Tls, QStringLiteral("TLS with %1 failed: %2").arg(describeServer(), text));
        return;
    }
    fail(UpstreamError::Kind::Protocol,
         QStringLiteral("%1 closed the connection during %2: %3").arg(describeServer(), stepName(), text));
}

void Upstream::onStepTimeout()
{
    if (m_step == Step::Connecting) {
        retryOrFail(QStringLiteral("no connection within %1 s").arg(m_settings.timeouts.connectSeconds));
        return;
    }
    fail(UpstreamError::Kind::Timeout,
         QStringLiteral("%1 did not answer in time during %2").arg(describeServer(), stepName()));
}

void Upstream::retryOrFail(const QString &why)
{
    ++m_attempt;
    if (m_attempt >= m_settings.retry.connectAttempts) {
        fail(UpstreamError::Kind::Unreachable,
             QStringLiteral("cannot reach %1 after %2 attempts: %3").arg(describeServer()).arg(m_attempt).arg(why));
        return;
    }
    const int delay = Health::backoffMs(m_attempt - 1, m_settings.retry.connectRetryDelayMs, 30000);
    emitLog(LogLevel::Problems,
            QStringLiteral("cannot reach %1: %2; retrying in %3 ms").arg(describeServer(), why).arg(delay));
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_step = Step::Idle;
    m_stepTimer.stop();
    QTimer::singleShot(delay, this, &Upstream::connectOnce);
}

void Upstream::fail(UpstreamError::Kind kind, const QString &message, const QByteArray &serverReply)
{
    if (m_step == Step::Done)
        return;
    UpstreamError error{kind, message, serverReply, {}};
    if (kind == UpstreamError::Kind::Tls && m_settings.tlsSessions)
        m_settings.tlsSessions->forget(TlsSessionCache::key(m_settings.server)); // in case the ticket was the trouble
    if (m_socket && kind == UpstreamError::Kind::Tls)
        error.certificateSha256 = m_socket->peerKeySha256();
    cancel();
    emitLog(LogLevel::Problems, message, kind == UpstreamError::Kind::Tls);
    Q_EMIT failed(error);
}

void Upstream::emitLog(LogLevel level, const QString &text, bool tls)
{
    Q_EMIT log(level, QString::fromLatin1(tls ? lcTls().categoryName() : lcUpstream().categoryName()), text);
}

QString Upstream::stepName() const
{
    switch (m_step) {
    case Step::Idle:
        return QStringLiteral("waiting to retry");
    case Step::Connecting:
        return QStringLiteral("connect");
    case Step::TlsHandshake:
        return QStringLiteral("TLS handshake");
    case Step::Banner:
        return QStringLiteral("greeting");
    case Step::CapaBeforeStls:
        return QStringLiteral("CAPA before STLS");
    case Step::StlsReply:
        return QStringLiteral("STLS");
    case Step::StlsHandshake:
        return QStringLiteral("TLS handshake after STLS");
    case Step::ApopReply:
        return QStringLiteral("APOP login");
    case Step::UserReply:
        return QStringLiteral("USER");
    case Step::PassReply:
        return QStringLiteral("PASS");
    case Step::Done:
        return QStringLiteral("done");
    }
    return {};
}

} // namespace mailshim
