#include "sessionharness.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QTcpSocket>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace mailshim::fuzz {

namespace {

constexpr int kMaxPasses = 200;

int listeningSocket(quint16 *port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    FUZZ_CHECK(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_CHECK(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
    FUZZ_CHECK(::listen(fd, 16) == 0);
    socklen_t length = sizeof address;
    FUZZ_CHECK(::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0);
    *port = ntohs(address.sin_port);
    return fd;
}

struct FakeServer
{
    quint16 port = 0;
    int listenFd = listeningSocket(&port);
};

FakeServer &fakeServer()
{
    static FakeServer *server = new FakeServer; // one for the process; every input connects to it
    return *server;
}

void resetClose(int fd)
{
    const linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd);
}

void sendAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t sent = ::send(fd, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return; // the peer is gone, or its buffer is full (the inputs are far smaller than a socket buffer)
        done += sent;
    }
}

// Reads what is there; false when the peer has closed or reset.
bool drain(int fd, QByteArray *into)
{
    char buffer[16384];
    while (true) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            into->append(buffer, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

} // namespace

SessionHarness::SessionHarness()
{
    int pair[2];
    FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) == 0);
    m_sessionFd = pair[0];
    m_clientFd = pair[1];
}

SessionHarness::~SessionHarness()
{
    closeBoth();
    if (m_sessionFd >= 0)
        ::close(m_sessionFd);
}

quint16 SessionHarness::serverPort()
{
    return fakeServer().port;
}

QTcpSocket *SessionHarness::takeSessionSocket()
{
    auto *socket = new QTcpSocket;
    FUZZ_CHECK(socket->setSocketDescriptor(m_sessionFd));
    m_sessionFd = -1;
    return socket;
}

void SessionHarness::collect()
{
    while (true) {
        const int fd = ::accept4(fakeServer().listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            break;
        ++upstreamConnections;
        // The newest connection is the server the script talks to (an SMTP session connects again after a refused
        // login). The one before is gone: the session dropped it to make the new one. (Not a reset of the new one:
        // Qt's connect loops, connecting again, when a reset comes before it has seen the connection complete.)
        if (m_serverFd >= 0)
            resetClose(m_serverFd);
        m_serverFd = fd;
    }
    if (m_clientFd >= 0)
        drain(m_clientFd, &clientReceived);
    if (m_serverFd >= 0)
        drain(m_serverFd, &serverReceived);
}

void SessionHarness::pump()
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    int quiet = 0;
    for (int pass = 0; pass < kMaxPasses && quiet < 2; ++pass) {
        bool busy = dispatcher->processEvents(QEventLoop::AllEvents);
        Q_EMIT dispatcher->aboutToBlock(); // what a real loop emits before it waits (Relay flushes held bytes)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const qsizetype before = clientReceived.size() + serverReceived.size();
        const int connections = upstreamConnections;
        collect();
        busy = busy || clientReceived.size() + serverReceived.size() != before || upstreamConnections != connections;
        quiet = busy ? 0 : quiet + 1;
    }
}

void SessionHarness::runScript(FuzzedDataProvider &in, const QList<QByteArray> &clientLines,
                               const QList<QByteArray> &serverLines, int maxSteps)
{
    // Picks one of lines the way FuzzedDataProvider::PickValueInArray does, so the seed files keep their meaning.
    auto pick = [&in](const QList<QByteArray> &lines) {
        return lines.at(qsizetype(in.ConsumeIntegralInRange<size_t>(0, size_t(lines.size()) - 1)));
    };
    for (int step = 0; step < maxSteps && in.remaining_bytes() > 0; ++step) {
        switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: // raw client bytes
            if (m_clientFd >= 0) {
                const QByteArray bytes = takeBytes(in, 512);
                clientSent += bytes;
                sendAll(m_clientFd, bytes);
            }
            break;
        case 1: // a realistic client line
            if (m_clientFd >= 0) {
                const QByteArray line = pick(clientLines);
                clientSent += line;
                sendAll(m_clientFd, line);
            }
            break;
        case 2: // raw server bytes
            if (m_serverFd >= 0) {
                const QByteArray bytes = takeBytes(in, 512);
                serverSent += bytes;
                sendAll(m_serverFd, bytes);
            }
            break;
        case 3: // a realistic server line
            if (m_serverFd >= 0) {
                const QByteArray line = pick(serverLines);
                serverSent += line;
                sendAll(m_serverFd, line);
            }
            break;
        case 4: // the client goes
            if (m_clientFd >= 0) {
                ::close(m_clientFd);
                m_clientFd = -1;
            }
            break;
        case 5: // the server goes
            if (m_serverFd >= 0) {
                resetClose(m_serverFd);
                m_serverFd = -1;
            }
            break;
        }
        pump();
    }
}

void SessionHarness::closeBoth()
{
    if (m_serverFd >= 0)
        resetClose(m_serverFd);
    if (m_clientFd >= 0)
        ::close(m_clientFd);
    m_clientFd = m_serverFd = -1;
}

qsizetype countCaseInsensitive(const QByteArray &haystack, const char *needle)
{
    return haystack.toUpper().count(QByteArray(needle).toUpper());
}

} // namespace mailshim::fuzz
