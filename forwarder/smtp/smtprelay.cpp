#include "smtp/smtprelay.h"

#include "core/logging.h"
#include "net/socketwrite.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"

#include <utility>

namespace mailshim {

namespace {
// A reply as the server sent it (lines end in CRLF whatever the server used).
QByteArray replyBytes(const SmtpReply &reply)
{
    QByteArray out;
    const QByteArray code = QByteArray::number(reply.code);
    for (qsizetype i = 0; i < reply.lines.size(); ++i) {
        out += code;
        out += i + 1 < reply.lines.size() ? '-' : ' ';
        out += reply.lines.at(i);
        out += "\r\n";
    }
    return out;
}
} // namespace

SmtpRelay::SmtpRelay(QTcpSocket *client, UpstreamSocket *server, QByteArray pendingClientInput, Settings settings,
                     QObject *parent)
    : QObject(parent), m_client(client), m_server(server), m_settings(std::move(settings)),
      m_clientBytes(std::move(pendingClientInput))
{
    m_server->setParent(this); // the client socket stays with the session, which lets it flush before closing
    m_client->setReadBufferSize(kReadBufferSize);
    m_server->setReadBufferSize(kReadBufferSize);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &SmtpRelay::onTimeout);
}

void SmtpRelay::start()
{
    connect(m_client, &QTcpSocket::readyRead, this, &SmtpRelay::onClientReadyRead);
    connect(m_client, &QTcpSocket::disconnected, this, &SmtpRelay::onClientDisconnected);
    connect(m_server, &UpstreamSocket::readyRead, this, &SmtpRelay::onServerReadyRead);
    connect(m_server, &UpstreamSocket::bytesWritten, this, &SmtpRelay::onServerBytesWritten);
    connect(m_server, &UpstreamSocket::disconnected, this, &SmtpRelay::onServerDisconnected);
    armDeadline();
    onClientReadyRead(); // what the client pipelined behind its AUTH, or the MAIL held for the login
    if (!m_finished && m_server->bytesAvailable() > 0)
        onServerReadyRead();
    if (!m_finished && m_client->state() != QAbstractSocket::ConnectedState)
        onClientDisconnected();
}

qint64 SmtpRelay::currentLimitMs() const
{
    for (const Entry &entry : m_owed) {
        if (entry.owed == Owed::Local)
            continue;
        const int seconds = entry.owed == Owed::EndOfMessage
                                ? qMax(m_settings.timeouts.responseSeconds, kFinalReplySeconds)
                                : m_settings.timeouts.responseSeconds;
        return qint64(seconds) * 1000;
    }
    return qint64(m_settings.timeouts.idleSeconds) * 1000;
}

// Every byte from either side notes the time; the timer is moved only when the deadline it must keep is nearer.
void SmtpRelay::armDeadline()
{
    m_lastActivity.start();
    const qint64 limit = currentLimitMs();
    if (!m_deadline.isActive() || m_deadline.remainingTime() > limit)
        m_deadline.start(int(limit));
}

void SmtpRelay::onTimeout()
{
    if (m_finished)
        return;
    const qint64 limit = currentLimitMs();
    const qint64 waited = m_lastActivity.elapsed();
    if (waited < limit) {
        m_deadline.start(int(limit - waited));
        return;
    }
    const bool owedByServer =
        std::any_of(m_owed.begin(), m_owed.end(), [](const Entry &e) { return e.owed != Owed::Local; });
    failToClient(owedByServer ? Message(QT_TRANSLATE_NOOP("Engine", "the mail server did not answer within %1 s"),
                                        {limit / 1000})
                              : Message(QT_TRANSLATE_NOOP("Engine", "idle for %1 s"), {limit / 1000}));
}

void SmtpRelay::onClientReadyRead()
{
    if (m_finished)
        return;
    if (m_quitForwarded) {
        m_client->readAll(); // nothing after QUIT is a command
        return;
    }
    // Back-pressure: leave the client's bytes in its socket while the server has not taken the last ones.
    if (m_server->bytesToWrite() > kHighWaterMark)
        return;
    if (m_client->bytesAvailable() > 0) {
        m_clientBytes += m_client->read(qMin(kReadBufferSize, m_client->bytesAvailable()));
        armDeadline();
    }
    QByteArray toServer;
    for (;;) {
        const qsizetype before = m_clientBytes.size();
        const bool wasInMessage = m_inMessage;
        if (m_inMessage)
            forwardMessageBytes(toServer);
        else
            readClientCommands(toServer);
        if (m_finished || (m_clientBytes.size() == before && m_inMessage == wasInMessage))
            break;
    }
    if (!toServer.isEmpty() && m_server)
        m_server->write(toServer); // pipelined commands leave in one send
    flushLocalReplies();
    sendToClient();
    // Bytes a client sends while it waits for DATA's reply are a message it should not have started yet: hold a
    // bounded amount, as RFC 2920 allows a server to.
    if (!m_finished && m_waitingData && m_clientBytes.size() > m_settings.limits.maxPendingClientBytes)
        failToClient(Message(QT_TRANSLATE_NOOP("Engine", "client sent its message before the reply to DATA"), {}));
    if (!m_finished && m_client->bytesAvailable() > 0 && m_server->bytesToWrite() <= kHighWaterMark)
        QMetaObject::invokeMethod(this, &SmtpRelay::onClientReadyRead, Qt::QueuedConnection);
}

void SmtpRelay::readClientCommands(QByteArray &toServer)
{
    while (!m_inMessage && !m_waitingData && !m_quitForwarded && !m_finished) {
        const qsizetype lf = m_clientBytes.indexOf('\n');
        if ((lf < 0 && m_clientBytes.size() > kMaxLineLength) || lf + 1 > kMaxLineLength) {
            expect(Owed::Local, "500 5.5.2 Line too long (limit 512 octets)\r\n");
            flushLocalReplies();
            finish(Message(QT_TRANSLATE_NOOP("Engine", "client sent a command line over %1 bytes"), {kMaxLineLength}),
                   false);
            return;
        }
        if (lf < 0)
            return;
        QByteArray line = m_clientBytes.left(lf);
        m_clientBytes.remove(0, lf + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        const SmtpCommand command = SmtpCodec::parseCommand(line);
        if (!m_settings.logThreshold || logLevelKeeps(*m_settings.logThreshold, LogLevel::All))
            emitLog(LogLevel::All, Message(QT_TRANSLATE_NOOP("Engine", "client: %1"),
                                           {WireText::sanitizeForDisplay(command.verb.left(16))}));
        if (command.verb.isEmpty()) {
            expect(Owed::Local, "500 5.5.2 Empty command\r\n");
        } else if (command.verb == "EHLO" || command.verb == "HELO") {
            // A new EHLO resets the transaction; the server was greeted by MailShim already.
            toServer += "RSET\r\n";
            expect(command.verb == "EHLO" ? Owed::Ehlo : Owed::Helo);
        } else if (command.verb == "STARTTLS") {
            expect(Owed::Local, "502 5.5.1 STARTTLS is not offered: MailShim protects the link to the server\r\n");
        } else if (command.verb == "BDAT") {
            // Its chunk follows on the same stream and would be read as commands: the session ends here.
            expect(Owed::Local, "502 5.5.1 BDAT is not offered; use DATA\r\n");
            flushLocalReplies();
            finish(Message(QT_TRANSLATE_NOOP("Engine", "client sent BDAT, which MailShim does not offer"), {}), false);
            return;
        } else {
            toServer += line;
            toServer += "\r\n"; // always CRLF upstream, whatever the client used
            if (command.verb == "DATA") {
                expect(Owed::Data);
                m_waitingData = true;
            } else {
                expect(Owed::Relayed);
                m_quitForwarded = command.verb == "QUIT";
            }
        }
    }
}

// RFC 5321 2.3.8: lines end in CRLF, and only "CRLF . CRLF" ends a message. A server that also takes a bare LF as a
// line end (Postfix does) would see "LF . CRLF" as the end where MailShim does not, and read the rest of the message as
// commands (SMTP smuggling). So a bare LF in a message becomes CRLF here, as Postfix's own smtpd_forbid_bare_newline =
// normalize does, and MailShim and the server agree on where every message ends. Conforming messages pass unchanged.
void SmtpRelay::normalizeBareLineFeeds()
{
    qsizetype lf = m_clientBytes.indexOf('\n');
    bool bare = false;
    while (lf >= 0 && !bare) {
        bare = lf == 0 ? !m_lastWasCr : m_clientBytes.at(lf - 1) != '\r';
        lf = m_clientBytes.indexOf('\n', lf + 1);
    }
    if (!bare)
        return;
    QByteArray normalized;
    normalized.reserve(m_clientBytes.size() + m_clientBytes.size() / 8);
    bool previousWasCr = m_lastWasCr;
    for (const char c : std::as_const(m_clientBytes)) {
        if (c == '\n' && !previousWasCr)
            normalized += '\r';
        normalized += c;
        previousWasCr = c == '\r';
    }
    m_clientBytes = std::move(normalized);
}

void SmtpRelay::forwardMessageBytes(QByteArray &toServer)
{
    normalizeBareLineFeeds();
    const qsizetype taken = m_message.feed(m_clientBytes);
    if (taken > 0)
        m_lastWasCr = m_clientBytes.at(taken - 1) == '\r';
    toServer += m_clientBytes.left(taken);
    m_clientBytes.remove(0, taken);
    if (m_message.ended()) {
        m_inMessage = false;
        m_message = SmtpDataTracker();
        expect(Owed::EndOfMessage);
    }
}

void SmtpRelay::expect(Owed owed, QByteArray text)
{
    m_owed.append(Entry{owed, std::move(text)});
    if (owed != Owed::Local)
        armDeadline();
}

void SmtpRelay::flushLocalReplies()
{
    QByteArray out;
    while (!m_owed.isEmpty() && m_owed.first().owed == Owed::Local)
        out += m_owed.takeFirst().text;
    if (!out.isEmpty())
        toClient(out);
}

void SmtpRelay::onServerReadyRead()
{
    if (m_finished)
        return;
    armDeadline();
    m_serverLines.append(m_server->readAll()); // an overflow stops takeLine() and is reported after the loop
    while (!m_finished) {
        const std::optional<QByteArray> line = m_serverLines.takeLine();
        if (!line)
            break;
        const SmtpReplyReader::Result result = m_replies.feed(*line);
        if (result == SmtpReplyReader::Result::Invalid) {
            failToClient(Message(QT_TRANSLATE_NOOP("Engine", "the mail server sent a malformed reply: %1"),
                                 {WireText::sanitizeForDisplay(*line)}));
            return;
        }
        if (result == SmtpReplyReader::Result::Complete)
            answer(m_replies.take());
    }
    if (!m_finished && m_serverLines.overflowed())
        failToClient(Message(QT_TRANSLATE_NOOP("Engine", "the mail server sent a line over 512 bytes"), {}));
    sendToClient();
}

void SmtpRelay::answer(const SmtpReply &reply)
{
    if (m_owed.isEmpty()) {
        // Unbidden: a server says something only to end the session (421 at its timeout or shutdown).
        toClient(replyBytes(reply));
        if (reply.code == 421)
            finish(Message(QT_TRANSLATE_NOOP("Engine", "the mail server ended the session: %1"),
                           {WireText::sanitizeForDisplay(reply.lines.value(0))}),
                   false);
        return;
    }
    const Entry entry = m_owed.takeFirst();
    switch (entry.owed) {
    case Owed::Ehlo:
        toClient(reply.code == 250 ? SmtpCodec::localEhloReply(m_settings.greetingName, m_settings.server)
                                   : replyBytes(reply));
        break;
    case Owed::Helo:
        toClient(reply.code == 250 ? "250 " + m_settings.greetingName + "\r\n" : replyBytes(reply));
        break;
    case Owed::Data:
        m_waitingData = false;
        m_inMessage = reply.code == 354;
        m_lastWasCr = false; // the message's first line starts here
        toClient(replyBytes(reply));
        // The message (or, after a refusal, the next commands) may already be here.
        QMetaObject::invokeMethod(this, &SmtpRelay::onClientReadyRead, Qt::QueuedConnection);
        break;
    case Owed::EndOfMessage:
        toClient(replyBytes(reply));
        if (reply.code == 250) {
            ++m_messagesSent;
            emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "message accepted by the server: %1"),
                                                {WireText::sanitizeForDisplay(reply.lines.value(0), 120)}));
            Q_EMIT messageAccepted();
        } else {
            emitLog(LogLevel::Problems, Message(QT_TRANSLATE_NOOP("Engine", "message refused by the server: %1 %2"),
                                                {reply.code, WireText::sanitizeForDisplay(reply.lines.value(0), 120)}));
        }
        break;
    case Owed::Relayed:
    case Owed::Local:
        toClient(replyBytes(reply));
        break;
    }
    flushLocalReplies();
}

// Replies are collected while one read is handled and leave together (sendToClient): a pipelined MAIL, RCPT, RCPT,
// DATA gets its four replies in one send, not four sends and four wake-ups of the client.
void SmtpRelay::toClient(const QByteArray &bytes)
{
    m_toClient += bytes;
}

void SmtpRelay::sendToClient()
{
    if (m_toClient.isEmpty())
        return;
    // Taken out first: the send may signal bytesWritten at once, and what is collected by then is new.
    const QByteArray out = std::exchange(m_toClient, {});
    if (m_client && m_client->state() == QAbstractSocket::ConnectedState)
        SocketWrite::now(m_client, out); // now: the client waits for it
}

void SmtpRelay::onServerBytesWritten()
{
    if (!m_finished && m_server->bytesToWrite() <= kHighWaterMark / 2 && m_client->bytesAvailable() > 0)
        onClientReadyRead();
}

void SmtpRelay::onClientDisconnected()
{
    if (m_finished)
        return;
    if (m_client->bytesAvailable() > 0)
        onClientReadyRead(); // a last QUIT, or the end of the message, sent just before the close still counts
    if (m_finished)
        return;
    if (m_quitForwarded) {
        finish(Message(QT_TRANSLATE_NOOP("Engine", "client quit"), {}), true);
        return;
    }
    // Aborting the server connection: a message in progress never gets its final ".", so nothing is delivered.
    finish(m_inMessage ? Message(QT_TRANSLATE_NOOP(
                                     "Engine", "client disconnected in the middle of a message; the server got no end "
                                               "of message and delivers nothing"),
                                 {})
                       : Message(QT_TRANSLATE_NOOP("Engine", "client disconnected without QUIT"), {}),
           false);
}

void SmtpRelay::onServerDisconnected()
{
    if (m_finished)
        return;
    if (m_server->bytesAvailable() > 0)
        onServerReadyRead(); // what it said before it closed (a 221, a 421) goes first
    if (m_finished)
        return;
    const bool owedByServer =
        std::any_of(m_owed.begin(), m_owed.end(), [](const Entry &e) { return e.owed != Owed::Local; });
    if (m_quitForwarded && !owedByServer) {
        finish(Message(QT_TRANSLATE_NOOP("Engine", "session ended with QUIT"), {}), true);
        return;
    }
    const bool messageLost = m_inMessage || std::any_of(m_owed.begin(), m_owed.end(),
                                                        [](const Entry &e) { return e.owed == Owed::EndOfMessage; });
    failToClient(messageLost ? Message(QT_TRANSLATE_NOOP("Engine", "the mail server closed the connection during a "
                                                                   "message; it was not sent"),
                                       {})
                             : Message(QT_TRANSLATE_NOOP("Engine", "the mail server closed the connection"), {}));
}

// MailShim's own failures are temporary (4xx), never 5xx: the client keeps the message and tries again later, and
// nothing bounces for MailShim's sake.
void SmtpRelay::failToClient(const Message &reason)
{
    if (m_finished)
        return;
    toClient(SmtpCodec::mailShimReply("421 4.4.2", reason.english()) + "\r\n");
    finish(reason, false);
}

void SmtpRelay::finish(const Message &reason, bool clean)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    if (m_server) {
        m_server->disconnect(this);
        if (m_quitForwarded && !m_inMessage)
            m_server->disconnectFromHost(); // flushes the QUIT we already forwarded
        else
            m_server->abort(); // nothing more reaches the server: no end of message
    }
    if (m_client) {
        m_client->disconnect(this);
        sendToClient();
        m_client->disconnectFromHost(); // flushes what was already said
    }
    emitLog(clean ? LogLevel::LowLevel : LogLevel::Problems,
            Message(QT_TRANSLATE_NOOP("Engine", "session ended: %1"), {reason}));
    Q_EMIT finished(reason, clean);
}

void SmtpRelay::emitLog(LogLevel level, const Message &text)
{
    Q_EMIT log(level, QString::fromLatin1(lcSmtp().categoryName()), text);
}

} // namespace mailshim
