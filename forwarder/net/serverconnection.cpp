#include "net/serverconnection.h"

#include "net/backoff.h"
#include "net/tlsclientcontext.h"
#include "net/tlssessioncache.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"

#include <QNetworkInterface>

namespace mailshim {

ServerConnection::ServerConnection(Settings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings))
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, &ServerConnection::onStepTimeout);
}

ServerConnection::~ServerConnection()
{
    cancel();
}

void ServerConnection::start()
{
    m_attempt = 0;
    m_step = Step::Idle;
    connectOnce();
}

UpstreamSocket *ServerConnection::takeSocket()
{
    if (!m_socket)
        return nullptr;
    m_stepTimer.stop();
    m_step = Step::Done;
    m_socket->disconnect(this);
    UpstreamSocket *socket = m_socket;
    m_socket = nullptr;
    return socket;
}

void ServerConnection::cancel()
{
    m_stepTimer.stop();
    if (m_socket && m_step != Step::Done) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_step = Step::Done;
}

void ServerConnection::connectOnce()
{
    if (m_step == Step::Done)
        return; // cancelled while waiting to retry
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new UpstreamSocket(this);
    connect(m_socket, &UpstreamSocket::connected, this, &ServerConnection::onConnected);
    connect(m_socket, &UpstreamSocket::encrypted, this, &ServerConnection::onEncrypted);
    connect(m_socket, &UpstreamSocket::rejected, this, [this](const QString &reason) {
        fail(ServerError::Kind::Tls,
             Message(QT_TRANSLATE_NOOP("Engine", "certificate of %1 %2"), {m_settings.label, reason}));
    });
    connect(m_socket, &UpstreamSocket::sessionReceived, this, [this] {
        // TLS 1.3 servers send their sessions after the handshake, so most arrive during the protocol's greeting
        // or login; TLS 1.2 ones within it, which onEncrypted() stores.
        if (m_step != Step::Done)
            storeSession();
    });
    connect(m_socket, &UpstreamSocket::errorOccurred, this, &ServerConnection::onSocketError);

    Q_EMIT connecting(m_attempt + 1);
    m_step = Step::Connecting;
    m_stepTimer.start(m_settings.connectSeconds * 1000);
    m_socket->connectToHost(m_settings.host, m_settings.port);
}

void ServerConnection::onConnected()
{
    // Every write is a whole command or a chunk already read from the client: Nagle would only hold back a
    // small write behind an unacknowledged one (40 ms of delayed ACK per RETR of a small message, with TLS).
    m_socket->setLowDelay();
    const QHostAddress peer = m_socket->peerAddress();
    if (m_settings.loopPorts.contains(m_socket->peerPort()) &&
        (peer.isLoopback() || QNetworkInterface::allAddresses().contains(peer))) {
        fail(ServerError::Kind::Loop,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 is MailShim itself (%2 port %3): refused to prevent a mail loop"),
                     {m_settings.label, peer.toString(), m_socket->peerPort()}));
        return;
    }
    if (m_settings.transport == Transport::ImplicitTls) {
        startTls();
        return;
    }
    m_step = Step::Open;
    m_stepTimer.stop();
    Q_EMIT ready();
}

void ServerConnection::startTls()
{
    if (!m_socket || m_step == Step::Done)
        return;
    m_step = Step::TlsHandshake;
    m_stepTimer.start(m_settings.tlsSeconds * 1000);
    QString error;
    std::shared_ptr<TlsClientContext> context = TlsClientContext::forCaFile(m_settings.tls.caFile, &error);
    if (!context) {
        fail(ServerError::Kind::Tls,
             Message(QT_TRANSLATE_NOOP("Engine", "TLS with %1 failed: %2"), {m_settings.label, error}));
        return;
    }
    // Resuming saves the server's key exchange and certificate: most of a TLS connection's cost. The host name and
    // the pin are still checked for a resumed session (UpstreamSocket).
    std::shared_ptr<SSL_SESSION> resume;
    if (m_settings.tlsSessions)
        resume = m_settings.tlsSessions->session(cacheKey(), context.get());
    m_socket->startClientEncryption(std::move(context), m_settings.host, m_settings.tls, std::move(resume));
}

void ServerConnection::onEncrypted()
{
    if (m_step != Step::TlsHandshake)
        return;
    storeSession();
    m_step = Step::Open;
    m_stepTimer.stop();
    const bool implicitTls = m_settings.transport == Transport::ImplicitTls;
    Q_EMIT encrypted();
    if (implicitTls && m_step == Step::Open)
        Q_EMIT ready();
}

void ServerConnection::storeSession()
{
    if (!m_settings.tlsSessions || !m_socket)
        return;
    // A copy, not a move: the session is read again for its lifetime in the same call.
    if (const std::shared_ptr<SSL_SESSION> session = m_socket->session())
        m_settings.tlsSessions->store(cacheKey(), session, m_socket->tlsContext(),
                                      int(SSL_SESSION_get_timeout(session.get())));
}

QString ServerConnection::cacheKey() const
{
    return TlsSessionCache::key(m_settings.host, m_settings.port, m_settings.tls);
}

void ServerConnection::onSocketError(QAbstractSocket::SocketError)
{
    // Once open, the connection's errors are the protocol's to word: it knows which step it was in.
    if (!m_socket || (m_step != Step::Connecting && m_step != Step::TlsHandshake))
        return;
    const QString text = WireText::sanitizeForDisplay(m_socket->errorString().toUtf8());
    if (m_step == Step::Connecting)
        retryOrFail(text);
    else
        fail(ServerError::Kind::Tls,
             Message(QT_TRANSLATE_NOOP("Engine", "TLS with %1 failed: %2"), {m_settings.label, text}));
}

void ServerConnection::onStepTimeout()
{
    if (m_step == Step::Connecting)
        retryOrFail(Message(QT_TRANSLATE_NOOP("Engine", "no connection within %1 s"), {m_settings.connectSeconds}));
    else if (m_step == Step::TlsHandshake)
        fail(ServerError::Kind::Timeout,
             Message(QT_TRANSLATE_NOOP("Engine", "%1 did not answer in time during %2"),
                     {m_settings.label, m_settings.transport == Transport::StartTls && !m_settings.upgradeStep.isEmpty()
                                            ? m_settings.upgradeStep
                                            : Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake"), {})}));
}

void ServerConnection::retryOrFail(const Message &why)
{
    ++m_attempt;
    if (m_attempt >= m_settings.connectAttempts) {
        fail(ServerError::Kind::Unreachable,
             Message(QT_TRANSLATE_NOOP("Engine", "cannot reach %1 after %2 attempts: %3"),
                     {m_settings.label, m_attempt, why}));
        return;
    }
    const int delay = backoffMs(m_attempt - 1, m_settings.connectRetryDelayMs, 30000); // within the client's patience
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_step = Step::Idle;
    m_stepTimer.stop();
    Q_EMIT retrying(why, delay);
    QTimer::singleShot(delay, this, &ServerConnection::connectOnce);
}

void ServerConnection::fail(ServerError::Kind kind, const Message &message, const QByteArray &serverReply)
{
    if (m_step == Step::Done)
        return;
    ServerError error{kind, message, serverReply, {}, {}};
    if (kind == ServerError::Kind::Tls) {
        if (m_settings.tlsSessions)
            m_settings.tlsSessions->forget(cacheKey()); // in case the ticket was the trouble
        if (m_socket)
            error.certificateSha256 = m_socket->peerKeySha256();
    }
    cancel();
    Q_EMIT failed(error);
}

} // namespace mailshim
