#include "concurrentsessions.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

ConcurrentSessions::ConcurrentSessions(quint16 port, QByteArray user, QByteArray password, int count, QObject *parent)
    : QObject(parent), m_port(port), m_user(std::move(user)), m_password(std::move(password)), m_sessions(count)
{
}

ConcurrentSessions::~ConcurrentSessions()
{
    for (Session &session : m_sessions) {
        if (session.socket)
            session.socket->abort();
    }
}

void ConcurrentSessions::runUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired()) {
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

void ConcurrentSessions::openNext()
{
    while (m_inFlight < kRampWindow && m_next < m_sessions.size()) {
        const int index = m_next++;
        ++m_inFlight;
        auto *socket = new QTcpSocket(this);
        m_sessions[index].socket = socket;
        m_sessions[index].step = Step::Greeting;
        connect(socket, &QTcpSocket::readyRead, this, [this, index] { onReadyRead(index); });
        connect(socket, &QTcpSocket::errorOccurred, this, [this, index, socket] {
            const Step step = m_sessions.at(index).step;
            if (step != Step::Done && step != Step::Failed)
                fail(index, socket->errorString());
        });
        socket->connectToHost(QStringLiteral("127.0.0.1"), m_port);
    }
}

void ConcurrentSessions::loginAll(int timeoutMs)
{
    openNext();
    runUntil([this] { return m_next == m_sessions.size() && m_inFlight == 0; }, timeoutMs);
    if (m_inFlight > 0)
        m_failures << QStringLiteral("%1 logins still running after %2 ms").arg(m_inFlight).arg(timeoutMs);
}

void ConcurrentSessions::statAndQuitAll(int timeoutMs)
{
    int expected = 0;
    for (Session &session : m_sessions) {
        if (session.step != Step::LoggedIn)
            continue;
        ++expected;
        session.step = Step::Stat;
        session.socket->write("STAT\r\n");
    }
    runUntil([this, expected] { return m_answered >= expected; }, timeoutMs);
    if (m_answered < expected)
        m_failures << QStringLiteral("%1 sessions did not answer STAT/QUIT").arg(expected - m_answered);
}

void ConcurrentSessions::fail(int index, const QString &why)
{
    Session &session = m_sessions[index];
    const Step step = session.step;
    session.step = Step::Failed;
    if (step == Step::Greeting || step == Step::User || step == Step::Pass) {
        --m_inFlight;
        openNext();
    } else if (step == Step::Stat || step == Step::Quit) {
        ++m_answered;
    }
    m_failures << QStringLiteral("session %1: %2").arg(index).arg(why);
    session.socket->abort();
}

void ConcurrentSessions::onReadyRead(int index)
{
    Session &session = m_sessions[index];
    session.buffer += session.socket->readAll();
    qsizetype end;
    while ((end = session.buffer.indexOf('\n')) >= 0) {
        const QByteArray line = session.buffer.left(end).trimmed();
        session.buffer.remove(0, end + 1);
        if (session.step == Step::Failed || session.step == Step::Done)
            return;
        if (!line.startsWith("+OK")) {
            fail(index, QString::fromLatin1(line));
            return;
        }
        switch (session.step) {
        case Step::Greeting:
            session.step = Step::User;
            session.socket->write("USER " + m_user + "\r\n");
            break;
        case Step::User:
            session.step = Step::Pass;
            session.socket->write("PASS " + m_password + "\r\n");
            break;
        case Step::Pass:
            session.step = Step::LoggedIn;
            ++m_loggedIn;
            --m_inFlight;
            openNext();
            break;
        case Step::Stat:
            ++m_statOk;
            session.step = Step::Quit;
            session.socket->write("QUIT\r\n");
            break;
        case Step::Quit:
            session.step = Step::Done;
            ++m_answered;
            session.socket->disconnectFromHost();
            break;
        default:
            break;
        }
    }
}
