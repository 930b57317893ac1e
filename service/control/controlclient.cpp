#include "service/control/controlclient.h"

#include <QDeadlineTimer>
#include <functional>
#ifdef Q_OS_WIN
#include "service/control/controlpipe_win.h"
#endif

namespace mailshim {

ControlClient::ControlClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QLocalSocket::readyRead, this, &ControlClient::onReadyRead);
    connect(&m_socket, &QLocalSocket::disconnected, this, &ControlClient::disconnected);
}

ControlClient::~ControlClient()
{
    m_socket.disconnect(this);
}

bool ControlClient::connectTo(const QString &name, int timeoutMs, QString *error)
{
    const QDeadlineTimer deadline(timeoutMs);
    m_hello = {};
    m_replies.clear();
    m_reader = {};
    m_refusal.clear();
    m_refused = false;
    m_untrustedServer = false;
    m_socket.abort();
#ifdef Q_OS_WIN
    QString why;
    bool denied = false;
    const qintptr pipe = ControlPipe::openClient(name, int(deadline.remainingTime()), &why, &denied);
    if (pipe == -1) {
        // Access denied: the pipe's DACL does not name this user, the first of the two refusals.
        m_refused = denied;
        *error =
            denied ? QStringLiteral("not authorised: the MailShim service's control channel %1 does not serve "
                                    "this user (%2)")
                         .arg(ControlPipe::fullPipeName(name), why)
                   : QStringLiteral("no MailShim service answers on %1: %2").arg(ControlPipe::fullPipeName(name), why);
        return false;
    }
    if (!ControlPipe::checkServer(name, ControlPipe::serverProcessId(pipe), &why)) {
        ControlPipe::closePipe(pipe);
        *error = why;
        m_untrustedServer = true;
        return false;
    }
    m_socket.setSocketDescriptor(pipe, QLocalSocket::ConnectedState, QIODevice::ReadWrite);
#else
    m_socket.connectToServer(name);
    if (!m_socket.waitForConnected(int(deadline.remainingTime()))) {
        *error = QStringLiteral("no MailShim service answers on %1: %2").arg(name, m_socket.errorString());
        return false;
    }
#endif
    if (!waitFor([this] { return !m_hello.isEmpty() || !m_refusal.isEmpty(); }, int(deadline.remainingTime()))) {
        readLines(); // a refusal written just before the service hung up
        *error = m_refusal.isEmpty() ? QStringLiteral("the service on %1 did not say hello").arg(name) : m_refusal;
        m_refused = !m_refusal.isEmpty();
        m_socket.abort();
        return false;
    }
    if (m_hello.isEmpty()) {
        *error = m_refusal;
        m_refused = true;
        m_socket.abort();
        return false;
    }
    const int protocol = m_hello.value(QStringLiteral("protocol")).toInt();
    if (protocol != ControlProtocol::kVersion) {
        *error = QStringLiteral("the service on %1 speaks control protocol %2, this program %3: install the "
                                "same MailShim version for both")
                     .arg(name)
                     .arg(protocol)
                     .arg(ControlProtocol::kVersion);
        m_socket.abort();
        return false;
    }
    return true;
}

bool ControlClient::isConnected() const
{
    return m_socket.state() == QLocalSocket::ConnectedState && !m_hello.isEmpty();
}

void ControlClient::disconnectFromService()
{
    m_socket.abort();
}

QJsonObject ControlClient::call(const QString &command, const QJsonObject &arguments, int timeoutMs)
{
    if (m_socket.state() != QLocalSocket::ConnectedState)
        return {{QStringLiteral("ok"), false},
                {QStringLiteral("error"), QStringLiteral("not connected to the service")}};
    const int id = m_nextId++;
    QJsonObject request = arguments;
    request.insert(QStringLiteral("id"), id);
    request.insert(QStringLiteral("cmd"), command);
    m_socket.write(ControlProtocol::encode(request));
    m_socket.flush();

    std::optional<QJsonObject> reply;
    const auto claim = [this, id, &reply] {
        for (qsizetype i = 0; i < m_replies.size(); ++i) {
            const int replyId = m_replies.at(i).value(QStringLiteral("id")).toInt();
            if (replyId == id) {
                reply = m_replies.takeAt(i);
                return true;
            }
        }
        return false;
    };
    m_inCall = true;
    waitFor(claim, timeoutMs);
    m_inCall = false;
    // Replies to earlier calls that timed out are of no use to anyone now.
    m_replies.removeIf([id](const QJsonObject &r) { return r.value(QStringLiteral("id")).toInt() <= id; });
    if (!reply) {
        const QString why =
            m_socket.state() == QLocalSocket::ConnectedState
                ? QStringLiteral("the service did not answer \"%1\" within %2 ms").arg(command).arg(timeoutMs)
                : QStringLiteral("the connection to the service was lost");
        return {{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}};
    }
    return *reply;
}

bool ControlClient::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    readLines();
    while (!done()) {
        if (m_socket.state() != QLocalSocket::ConnectedState || deadline.hasExpired())
            return false;
        if (m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            readLines();
    }
    return true;
}

void ControlClient::onReadyRead()
{
    if (!m_inCall)
        readLines();
}

void ControlClient::readLines()
{
    m_reader.append(m_socket.readAll());
    while (const std::optional<ControlProtocol::FrameReader::Line> line = m_reader.next()) {
        QString error;
        const std::optional<QJsonObject> message =
            line->tooLong ? std::nullopt : ControlProtocol::decode(line->text, &error);
        if (!message)
            continue; // a broken line from the service is not the user's problem; the next reply will do
        if (message->contains(QStringLiteral("id"))) {
            m_replies.append(*message);
            continue;
        }
        if (message->value(QStringLiteral("event")).toString() == QLatin1String("hello") && m_hello.isEmpty()) {
            m_hello = *message;
            continue;
        }
        if (m_hello.isEmpty() && message->value(QStringLiteral("refused")).toBool()) {
            m_refusal = message->value(QStringLiteral("error")).toString();
            if (m_refusal.isEmpty())
                m_refusal = QStringLiteral("the service refused this user");
            continue;
        }
        // Events are delivered from the event loop, never from inside call(): a slot that calls again
        // must not find itself inside another call's wait.
        QMetaObject::invokeMethod(
            this, [this, event = *message] { Q_EMIT this->event(event); }, Qt::QueuedConnection);
    }
}

} // namespace mailshim
