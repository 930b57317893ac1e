#include "pop3/relay.h"

#include "core/logging.h"
#include "net/socketread.h"
#include "net/socketwrite.h"
#include "net/upstreamsocket.h"

#include <QAbstractEventDispatcher>
#include <utility>

namespace mailshim {

Relay::Relay(QTcpSocket *client, UpstreamSocket *server, LineReader pendingClientInput, const Timeouts &timeouts,
             const Limits &limits, QObject *parent)
    : QObject(parent), m_client(client), m_server(server), m_clientLines(std::move(pendingClientInput)),
      m_timeouts(timeouts), m_limits(limits)
{
    m_server->setParent(this); // the client socket stays with the session, which lets it flush before closing
    m_client->setReadBufferSize(kReadBufferSize);
    m_server->setReadBufferSize(kReadBufferSize);
    m_responseTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    connect(&m_responseTimer, &QTimer::timeout, this, &Relay::onResponseTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &Relay::onIdleTimeout);
}

void Relay::start()
{
    connect(m_client, &QTcpSocket::readyRead, this, &Relay::onClientReadyRead);
    connect(m_client, &QTcpSocket::bytesWritten, this, &Relay::onClientBytesWritten);
    connect(m_client, &QTcpSocket::disconnected, this, &Relay::onClientDisconnected);
    connect(m_server, &UpstreamSocket::readyRead, this, &Relay::onServerReadyRead);
    connect(m_server, &UpstreamSocket::bytesWritten, this, &Relay::onServerBytesWritten);
    connect(m_server, &UpstreamSocket::disconnected, this, &Relay::onServerDisconnected);
    touch();
    // Commands the client pipelined behind PASS, and anything that arrived during the login.
    onClientReadyRead();
    if (m_server->bytesAvailable() > 0)
        onServerReadyRead();
    if (m_client->state() != QAbstractSocket::ConnectedState)
        onClientDisconnected();
}

// The deadlines are kept lazily: a read or a command only notes the time (restarting a QTimer on every small RETR
// unregisters and registers a timer, twice per message), and a timer that fires early is armed again for the rest.
void Relay::touch()
{
    m_lastActivity.start();
    if (!m_idleTimer.isActive())
        m_idleTimer.start(m_timeouts.idleSeconds * 1000);
}

void Relay::awaitResponse()
{
    m_awaitingResponse = true;
    m_responseClock.start();
    if (!m_responseTimer.isActive())
        m_responseTimer.start(m_timeouts.responseSeconds * 1000);
}

void Relay::onClientReadyRead()
{
    if (m_finished)
        return;
    if (m_quitForwarded) {
        SocketRead::all(m_client); // nothing after QUIT is a command
        return;
    }
    // Back-pressure: leave the client's bytes in its socket while the server has not taken the last ones.
    if (m_server->bytesToWrite() > kHighWaterMark)
        return;
    if (m_client->bytesAvailable() > 0) {
        touch();
        m_clientLines.append(SocketRead::all(m_client)); // and Qt's read buffer with it: an idle session keeps none
    }
    forwardClientLines();
    if (m_clientLines.overflowed()) {
        m_client->write("-ERR [SYS/PERM] command line too long\r\n");
        finish(Message(QT_TRANSLATE_NOOP("Engine", "client sent a command line over %1 bytes"),
                       {m_limits.maxCommandLength}),
               false);
    }
}

void Relay::forwardClientLines()
{
    QByteArray upstream; // pipelined commands leave in one send
    while (!m_quitForwarded) {
        const std::optional<QByteArray> line = m_clientLines.takeLine();
        if (!line)
            break;
        if (line->trimmed().isEmpty())
            continue; // servers differ on whether a blank line gets a reply: never let it shift the reply order
        const Pop3Command command = Pop3Codec::parseCommand(*line);
        m_responses.expect(responseKindFor(command));
        if (!m_awaitingResponse)
            awaitResponse();
        upstream += *line;
        upstream += "\r\n"; // always CRLF upstream, whatever the client used
        if (command.keyword == "QUIT")
            m_quitForwarded = true;
        if (!m_logThreshold || logLevelKeeps(*m_logThreshold, LogLevel::All))
            Q_EMIT log(
                LogLevel::All, QString::fromLatin1(lcPop3().categoryName()),
                Message(QT_TRANSLATE_NOOP("Engine", "client: %1"), {QString::fromLatin1(command.keyword.left(16))}));
    }
    if (!upstream.isEmpty())
        m_server->write(upstream); // sent now (UpstreamSocket), pipelined commands in one send
}

void Relay::onServerReadyRead()
{
    if (m_finished)
        return;
    // Back-pressure: while the client is slow, stop reading from the server; its socket buffer is bounded,
    // so TCP flow control slows the server down and memory stays flat on a 100 MB RETR. The server is not
    // silent meanwhile, we are not listening: its reply deadline waits too.
    if (m_client->bytesToWrite() > kHighWaterMark) {
        m_awaitingResponse = false;
        return;
    }
    // Only what is there: read(kReadBufferSize) allocates the full 256 KiB first, and for a 4 KiB reply glibc then
    // grows and trims the heap with brk() around every message.
    const QByteArray chunk = m_server->read(qMin(kReadBufferSize, m_server->bytesAvailable()));
    if (chunk.isEmpty()) {
        if (m_serverGone)
            onServerDisconnected();
        return;
    }
    touch();
    const ResponseTracker::Output out = m_responses.feed(chunk);
    if (!out.forward.isEmpty()) {
        m_held.append(out.forward); // shared with the chunk, not copied
        m_heldBytes += out.forward.size();
    }
    // A TLS server's reply comes as several records (Dovecot's TLS proxy sends a small RETR as 2 or 3), which may
    // reach the socket in separate reads within one pass of the event loop: the status line in one, the body in the
    // next. Sending each at once costs the client a wake-up per record. So while a reply is incomplete, a TLS chunk
    // waits for the rest of this pass (up to kCoalesceBytes); a complete reply, a plain server (its bytes end where the
    // kernel's did), and anything before a close go out at once.
    if (m_server->isEncrypted() && !m_responses.atResponseBoundary() && !out.protocolError && !m_serverGone &&
        m_heldBytes < kCoalesceBytes) {
        holdForRestOfPass();
    } else {
        flushToClient();
    }
    if (out.protocolError) {
        finish(Message(QT_TRANSLATE_NOOP("Engine", "server protocol error: %1"), {QString::fromLatin1(out.errorText)}),
               false);
        return;
    }
    if (m_responses.pendingResponses() == 0)
        m_awaitingResponse = false;
    else
        awaitResponse();
    if (m_server->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Relay::onServerReadyRead, Qt::QueuedConnection);
    else if (m_serverGone)
        onServerDisconnected();
}

void Relay::flushToClient()
{
    if (m_held.isEmpty() || !m_client)
        return;
    if (m_client->state() != QAbstractSocket::ConnectedState) { // the client left: nobody to deliver to
        m_held.clear();
        m_heldBytes = 0;
        return;
    }
    // Taken out first: a flush inside the write may signal bytesWritten at once, and the relay then reads and sends
    // the next chunk from within this call; what it holds by then must be new bytes only.
    const QByteArrayList pieces = std::exchange(m_held, {});
    m_bytesToClient += quint64(std::exchange(m_heldBytes, 0));
    SocketWrite::now(m_client, pieces.constData(), pieces.size());
}

// The end of the pass is the dispatcher's aboutToBlock(), connected only while something is held: no posted event
// (which would wake the loop through its eventfd and cost one more pass) and nothing per pass for idle sessions.
// Every Qt dispatcher emits it before it waits (glib and UNIX on each pass, Windows once its message queue is
// drained), so held bytes never wait for new input.
void Relay::holdForRestOfPass()
{
    if (m_endOfPass)
        return;
    if (QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(thread()))
        m_endOfPass = connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &Relay::onEndOfPass);
    else
        flushToClient();
}

void Relay::onEndOfPass()
{
    disconnect(m_endOfPass);
    m_endOfPass = {};
    if (!m_finished)
        flushToClient();
}

void Relay::onClientBytesWritten()
{
    if (!m_finished && m_client->bytesToWrite() <= kHighWaterMark / 2 && m_server->bytesAvailable() > 0)
        onServerReadyRead();
}

void Relay::onServerBytesWritten()
{
    if (!m_finished && m_server->bytesToWrite() <= kHighWaterMark / 2 && m_client->bytesAvailable() > 0)
        onClientReadyRead();
}

void Relay::onClientDisconnected()
{
    if (m_finished)
        return;
    if (m_client->bytesAvailable() > 0 && m_clientLines.append(SocketRead::all(m_client)))
        forwardClientLines(); // a last QUIT sent just before the close still counts
    if (m_quitForwarded) {
        finish(Message(QT_TRANSLATE_NOOP("Engine", "client quit"), {}), true);
        return;
    }
    // The client went away without QUIT (or in the middle of a RETR): drop the server connection without
    // QUIT, so the server does not enter the UPDATE state and commit deletions.
    finish(Message(QT_TRANSLATE_NOOP("Engine", "client disconnected without QUIT"), {}), false);
}

void Relay::onServerDisconnected()
{
    if (m_finished)
        return;
    m_serverGone = true;
    if (m_server->bytesAvailable() > 0 && m_client->state() == QAbstractSocket::ConnectedState) {
        // Deliver what the server sent before it closed: onServerReadyRead() comes back here once it has
        // read the last byte (later, through onClientBytesWritten(), while the client is slow).
        onServerReadyRead();
        return;
    }
    if (m_quitForwarded && m_responses.pendingResponses() == 0) {
        finish(Message(QT_TRANSLATE_NOOP("Engine", "session ended with QUIT"), {}), true);
        return;
    }
    // Never fake the end of a message: the client sees the connection close and knows the RETR failed.
    finish(m_responses.inBody()
               ? Message(QT_TRANSLATE_NOOP("Engine", "server closed the connection in the middle of a message"), {})
               : Message(QT_TRANSLATE_NOOP("Engine", "server closed the connection"), {}),
           false);
}

void Relay::onResponseTimeout()
{
    if (m_finished || !m_awaitingResponse)
        return;
    const qint64 waited = m_responseClock.elapsed();
    if (waited < m_timeouts.responseSeconds * 1000) {
        m_responseTimer.start(int(m_timeouts.responseSeconds * 1000 - waited));
        return;
    }
    if (m_responses.atResponseBoundary() && m_server->bytesAvailable() == 0)
        m_client->write("-ERR [SYS/TEMP] the mail server did not answer in time\r\n");
    finish(Message(QT_TRANSLATE_NOOP("Engine", "server did not answer within %1 s"), {m_timeouts.responseSeconds}),
           false);
}

void Relay::onIdleTimeout()
{
    if (m_finished)
        return;
    const qint64 idle = m_lastActivity.elapsed();
    if (idle < m_timeouts.idleSeconds * 1000) {
        m_idleTimer.start(int(m_timeouts.idleSeconds * 1000 - idle));
        return;
    }
    finish(Message(QT_TRANSLATE_NOOP("Engine", "idle for %1 s"), {m_timeouts.idleSeconds}), false);
}

void Relay::finish(const Message &reason, bool clean)
{
    if (m_finished)
        return;
    m_finished = true;
    m_responseTimer.stop();
    m_idleTimer.stop();
    if (m_server) {
        m_server->disconnect(this);
        if (m_quitForwarded)
            m_server->disconnectFromHost(); // flushes the QUIT we already forwarded
        else
            m_server->abort(); // nothing more reaches the server: no QUIT, no commit
    }
    if (m_client) {
        flushToClient();
        m_client->disconnect(this);
        m_client->disconnectFromHost(); // flushes what the server already sent
    }
    Q_EMIT finished(reason, clean);
}

} // namespace mailshim
