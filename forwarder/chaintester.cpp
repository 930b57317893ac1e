#include "chaintester.h"

#include "chainmodel.h"

namespace mailshim {

namespace {
QString hopName(const Chain &chain, int hop)
{
    const QString name = chain.hops.at(hop).name;
    return name.isEmpty() ? QStringLiteral("hop %1").arg(hop + 1) : name;
}
} // namespace

QString ChainTestResult::describe() const
{
    const QString where = QStringLiteral("%1 (%2:%3)").arg(hopName, address).arg(port);
    switch (outcome) {
    case Outcome::Ok:
        return QStringLiteral("The login went through the whole chain: %1").arg(stat);
    case Outcome::Unreachable:
        return QStringLiteral("%1 does not answer: %2").arg(where, reply);
    case Outcome::NoGreeting:
        return QStringLiteral("%1 does not greet like a POP3 server: %2").arg(where, reply);
    case Outcome::Refused:
        return QStringLiteral("%1 refused %2: %3").arg(where, QString::fromLatin1(command), reply);
    case Outcome::Cancelled:
        break;
    }
    return QStringLiteral("The test was cancelled.");
}

ChainTester::ChainTester(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ChainTester::onTimeout);
}

ChainTester::~ChainTester()
{
    if (m_socket)
        m_socket->abort();
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
        result.reply = QStringLiteral("the chain has no hops");
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
    if (m_socket) {
        m_socket->abort();
        m_socket->deleteLater();
    }
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
    run(hop, {QByteArrayLiteral("QUIT")}, [this, hop](const Attempt &attempt) {
        if (!attempt.ok)
            report(hop, attempt);
        else
            greet(hop + 1);
    });
}

QList<QByteArray> ChainTester::loginCommands(int hop) const
{
    return {"USER " + m_names.at(hop), "PASS " + m_password, QByteArrayLiteral("STAT"), QByteArrayLiteral("QUIT")};
}

void ChainTester::loginFirst()
{
    Q_EMIT progress(0, true);
    run(0, loginCommands(0), [this](const Attempt &attempt) {
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
    run(hop, loginCommands(hop), [this, hop, firstFailure](const Attempt &attempt) {
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

void ChainTester::run(int hop, const QList<QByteArray> &commands, Done done)
{
    m_commands = commands;
    m_next = -1;
    m_done = std::move(done);
    m_attempt = Attempt{};
    m_reader = LineReader(8192);
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, &ChainTester::onReadyRead);
    connect(socket, &QTcpSocket::errorOccurred, this, &ChainTester::onSocketError);
    const ChainHop &h = m_chain.hops.at(hop);
    m_timer.start(m_timeoutMs);
    socket->connectToHost(h.address, h.port);
}

void ChainTester::sendNext()
{
    m_socket->write(m_commands.at(m_next) + "\r\n");
}

void ChainTester::onReadyRead()
{
    if (!m_socket || sender() != m_socket)
        return;
    if (!m_reader.append(m_socket->readAll())) {
        m_attempt.reply = QStringLiteral("a reply line was too long");
        endAttempt(m_attempt);
        return;
    }
    while (const std::optional<QByteArray> line = m_reader.takeLine()) {
        const bool ok = Pop3Codec::responseStatus(*line) == Pop3Codec::Status::Ok;
        const QString shown = Pop3Codec::sanitizeForDisplay(*line, 300);
        if (m_next < 0) {
            if (!ok) {
                m_attempt.failure = ChainTestResult::Outcome::NoGreeting;
                m_attempt.reply = shown;
                endAttempt(m_attempt);
                return;
            }
            m_next = 0;
            m_timer.start(m_timeoutMs);
            sendNext();
            continue;
        }
        const QByteArray keyword = m_commands.at(m_next).split(' ').first();
        if (keyword == "QUIT") { // the reply to QUIT does not matter
            m_attempt.ok = true;
            endAttempt(m_attempt);
            return;
        }
        if (!ok) {
            m_attempt.failure = ChainTestResult::Outcome::Refused;
            m_attempt.command = keyword;
            m_attempt.reply = shown;
            endAttempt(m_attempt);
            return;
        }
        if (keyword == "STAT")
            m_attempt.stat = shown;
        ++m_next;
        m_timer.start(m_timeoutMs);
        sendNext();
    }
}

void ChainTester::onSocketError()
{
    if (!m_socket || sender() != m_socket)
        return;
    m_attempt.failure = m_next < 0 && m_reader.bufferedBytes() == 0 &&
                                m_socket->state() != QAbstractSocket::ConnectedState &&
                                m_socket->error() != QAbstractSocket::RemoteHostClosedError
                            ? ChainTestResult::Outcome::Unreachable
                            : (m_next < 0 ? ChainTestResult::Outcome::NoGreeting : ChainTestResult::Outcome::Refused);
    if (m_next >= 0)
        m_attempt.command = m_commands.at(m_next).split(' ').first();
    m_attempt.reply = m_socket->errorString();
    endAttempt(m_attempt);
}

void ChainTester::onTimeout()
{
    if (!m_socket)
        return;
    const bool connected = m_socket->state() == QAbstractSocket::ConnectedState;
    m_attempt.failure = !connected   ? ChainTestResult::Outcome::Unreachable
                        : m_next < 0 ? ChainTestResult::Outcome::NoGreeting
                                     : ChainTestResult::Outcome::Refused;
    if (m_next >= 0)
        m_attempt.command = m_commands.at(m_next).split(' ').first();
    m_attempt.reply = QStringLiteral("no answer within %1 seconds").arg(m_timeoutMs / 1000);
    endAttempt(m_attempt);
}

void ChainTester::endAttempt(const Attempt &attempt)
{
    m_timer.stop();
    if (QTcpSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        if (!attempt.ok && socket->state() == QAbstractSocket::ConnectedState)
            socket->write("QUIT\r\n"); // end politely; nothing was changed, so nothing is committed
        if (socket->state() == QAbstractSocket::UnconnectedState) {
            socket->deleteLater();
        } else {
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(5000, socket, &QObject::deleteLater); // a peer that never closes
            socket->disconnectFromHost();
        }
    }
    const Done done = std::move(m_done);
    m_done = nullptr;
    const quint64 generation = m_generation;
    // Next attempt from the event loop, so this socket's signals are finished first.
    QMetaObject::invokeMethod(
        this,
        [this, done, attempt, generation] {
            if (generation == m_generation && m_running && done)
                done(attempt);
        },
        Qt::QueuedConnection);
}

} // namespace mailshim
