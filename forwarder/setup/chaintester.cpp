#include "setup/chaintester.h"

#include "net/message.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"
#include "pop3/pop3login.h"
#include "setup/chainmodel.h"
#include "setup/portprobe.h"

namespace mailshim {

namespace {
QString hopName(const Chain &chain, int hop)
{
    const QString name = chain.hops.at(hop).name;
    return name.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "hop %1"), {hop + 1}).translated() : name;
}
} // namespace

QString ChainTestResult::describe() const
{
    const QString where = QStringLiteral("%1 (%2:%3)").arg(hopName, address).arg(port);
    switch (outcome) {
    case Outcome::Ok:
        return Message(QT_TRANSLATE_NOOP("Engine", "The login went through the whole chain: %1"), {stat}).translated();
    case Outcome::Unreachable:
        return Message(QT_TRANSLATE_NOOP("Engine", "%1 does not answer: %2"), {where, reply}).translated();
    case Outcome::NoGreeting:
        return Message(QT_TRANSLATE_NOOP("Engine", "%1 does not greet like a POP3 server: %2"), {where, reply})
            .translated();
    case Outcome::Refused:
        return Message(QT_TRANSLATE_NOOP("Engine", "%1 refused %2: %3"), {where, QString::fromLatin1(command), reply})
            .translated();
    case Outcome::Cancelled:
        break;
    }
    return Message(QT_TRANSLATE_NOOP("Engine", "The test was cancelled."), {}).translated();
}

ChainTester::ChainTester(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ChainTester::onTimeout);
}

ChainTester::~ChainTester()
{
    dropConnection();
}

void ChainTester::start(const Chain &chain, const QByteArray &password, int stepTimeoutSeconds)
{
    cancel();
    m_chain = chain;
    m_names = ChainModel::incomingUserNames(chain);
    m_password = password;
    m_timeoutMs = stepTimeoutSeconds * 1000;
    m_running = true;
    ++m_generation;
    if (chain.hops.isEmpty()) {
        m_running = false;
        ChainTestResult result;
        result.outcome = ChainTestResult::Outcome::Unreachable;
        result.reply = Message(QT_TRANSLATE_NOOP("Engine", "the chain has no hops"), {}).translated();
        Q_EMIT finished(result);
        return;
    }
    greet(0);
}

void ChainTester::cancel()
{
    if (!m_running)
        return;
    ++m_generation;
    m_running = false;
    m_timer.stop();
    dropConnection();
    m_password.fill('\0');
    m_password.clear();
    Q_EMIT finished(ChainTestResult{});
}

void ChainTester::greet(int hop)
{
    if (hop == m_chain.hops.size()) {
        loginFirst();
        return;
    }
    Q_EMIT progress(hop, false);
    run(hop, false, [this, hop](const Attempt &attempt) {
        if (!attempt.ok)
            report(hop, attempt);
        else
            greet(hop + 1);
    });
}

void ChainTester::loginFirst()
{
    Q_EMIT progress(0, true);
    run(0, true, [this](const Attempt &attempt) {
        if (attempt.ok)
            report(-1, attempt);
        else if (attempt.failure != ChainTestResult::Outcome::Refused)
            report(0, attempt);
        else
            locate(int(m_chain.hops.size()) - 1, attempt);
    });
}

// The hops next to the server first: the first one that refuses its own name is where the chain breaks.
void ChainTester::locate(int hop, const Attempt &firstFailure)
{
    if (hop < 0) { // every hop accepts its own name, yet the whole chain did not: report what the client saw
        report(0, firstFailure);
        return;
    }
    Q_EMIT progress(hop, true);
    run(hop, true, [this, hop, firstFailure](const Attempt &attempt) {
        if (attempt.ok)
            locate(hop - 1, firstFailure);
        else
            report(hop, attempt);
    });
}

void ChainTester::report(int hop, const Attempt &attempt)
{
    m_running = false;
    m_password.fill('\0');
    m_password.clear();
    ChainTestResult result;
    result.outcome = hop < 0 ? ChainTestResult::Outcome::Ok : attempt.failure;
    result.hop = hop;
    if (hop >= 0) {
        result.hopName = hopName(m_chain, hop);
        result.address = m_chain.hops.at(hop).address;
        result.port = m_chain.hops.at(hop).port;
        result.command = attempt.command;
        result.reply = attempt.reply;
    }
    result.stat = attempt.stat;
    Q_EMIT finished(result);
}

// One connection to one hop through the engine's own POP3 client (Pop3Login, plain: the hops are on this computer):
// its greeting only, or a login with the name that hop should receive, then STAT.
void ChainTester::run(int hop, bool login, Done done)
{
    m_done = std::move(done);
    m_attempt = Attempt{};
    const ChainHop &h = m_chain.hops.at(hop);
    Pop3Login::Settings settings;
    settings.server.host = h.address;
    settings.server.port = h.port;
    settings.server.security = Security::Plain;
    settings.user = m_names.at(hop);
    settings.password = m_password;
    settings.greetingOnly = !login;
    const int seconds = qMax(1, m_timeoutMs / 1000);
    settings.timeouts.connectSeconds = seconds;
    settings.timeouts.responseSeconds = seconds;
    settings.retry.connectAttempts = 1; // a hop that is not running is the answer, not a reason to wait
    m_login = new Pop3Login(std::move(settings), this);
    connect(m_login, &Pop3Login::ready, this, [this, login] { onLoginReady(login); });
    connect(m_login, &Pop3Login::failed, this, &ChainTester::onLoginFailed);
    m_login->start();
}

void ChainTester::onLoginFailed(const ServerError &error)
{
    switch (error.kind) {
    case ServerError::Kind::Unreachable:
    case ServerError::Kind::Loop:
        m_attempt.failure = ChainTestResult::Outcome::Unreachable;
        break;
    case ServerError::Kind::Auth:
        m_attempt.failure = ChainTestResult::Outcome::Refused;
        break;
    default: // a bad or missing greeting, or a hop that stopped answering a command
        m_attempt.failure =
            error.command.isEmpty() ? ChainTestResult::Outcome::NoGreeting : ChainTestResult::Outcome::Refused;
        break;
    }
    m_attempt.command = error.command;
    m_attempt.reply =
        error.serverReply.isEmpty() ? error.message.translated() : WireText::sanitizeForDisplay(error.serverReply, 300);
    endAttempt();
}

void ChainTester::onLoginReady(bool login)
{
    m_socket = m_login->takeSocket();
    m_login->deleteLater();
    m_login = nullptr;
    if (!m_socket) {
        m_attempt.reply = Message(QT_TRANSLATE_NOOP("Engine", "the connection was lost"), {}).translated();
        endAttempt();
        return;
    }
    m_socket->setParent(this);
    if (!login) {
        m_attempt.ok = true;
        endAttempt();
        return;
    }
    // Logged in at the end of the chain: STAT shows the mailbox was really reached.
    m_reader = LineReader(512);
    connect(m_socket, &UpstreamSocket::readyRead, this, &ChainTester::onStatReply);
    connect(m_socket, &UpstreamSocket::errorOccurred, this, [this] {
        m_attempt.failure = ChainTestResult::Outcome::Refused;
        m_attempt.command = "STAT";
        m_attempt.reply = WireText::sanitizeForDisplay(m_socket->errorString().toUtf8(), 300);
        endAttempt();
    });
    m_timer.start(m_timeoutMs);
    m_socket->write("STAT\r\n");
}

void ChainTester::onStatReply()
{
    if (!m_socket)
        return;
    m_reader.append(m_socket->readAll());
    const std::optional<QByteArray> line = m_reader.takeLine();
    if (!line) {
        if (m_reader.overflowed()) {
            m_attempt.command = "STAT";
            m_attempt.reply = Message(QT_TRANSLATE_NOOP("Engine", "a reply line was too long"), {}).translated();
            endAttempt();
        }
        return;
    }
    const QString shown = WireText::sanitizeForDisplay(*line, 300);
    if (Pop3Codec::responseStatus(*line) == Pop3Codec::Status::Ok) {
        m_attempt.ok = true;
        m_attempt.stat = shown;
    } else {
        m_attempt.failure = ChainTestResult::Outcome::Refused;
        m_attempt.command = "STAT";
        m_attempt.reply = shown;
    }
    endAttempt();
}

void ChainTester::onTimeout()
{
    if (!m_socket)
        return;
    m_attempt.failure = ChainTestResult::Outcome::Refused;
    m_attempt.command = "STAT";
    m_attempt.reply =
        Message(QT_TRANSLATE_NOOP("Engine", "no answer within %1 seconds"), {m_timeoutMs / 1000}).translated();
    endAttempt();
}

void ChainTester::dropConnection()
{
    if (m_login) {
        m_login->cancel();
        m_login->deleteLater();
        m_login = nullptr;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

void ChainTester::endAttempt()
{
    m_timer.stop();
    if (m_login) { // failed: Pop3Login has already closed its connection
        m_login->deleteLater();
        m_login = nullptr;
    }
    if (UpstreamSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        // End politely; nothing was changed, so nothing is committed.
        if (socket->state() == QAbstractSocket::ConnectedState)
            quitAndClose(socket, 5000);
        else
            socket->deleteLater();
    }
    const Done done = std::move(m_done);
    m_done = nullptr;
    const Attempt attempt = m_attempt;
    const quint64 generation = m_generation;
    // Next attempt from the event loop, so this connection's signals are finished first.
    QMetaObject::invokeMethod(
        this,
        [this, done, attempt, generation] {
            if (generation == m_generation && m_running && done)
                done(attempt);
        },
        Qt::QueuedConnection);
}

} // namespace mailshim
