// One whole POP3 session: the real pop3/Pop3Session (with its Pop3Login, ServerConnection, UpstreamSocket, Relay and
// Router) between a client and a server that both say whatever the input says, in the order the input says.
//
// How, without a network and deterministically:
// - The client side is an AF_UNIX socket pair inside this process: one end is handed to the session as its
//   QTcpSocket (Qt takes any stream socket descriptor), the other is written and read here with plain send/recv.
// - The server is a listening TCP socket on 127.0.0.1 inside this process, because the session connects upstream by
//   host and port as it does in production. It is accepted, written and read here with plain accept4/send/recv, and
//   closed with SO_LINGER 0 (a reset), so a long run leaves no TIME_WAIT behind.
// - The input is a config byte (security mode, routing, limits), then a script of steps: client bytes, server bytes
//   (raw or one of a few realistic lines), a close of either side. After each step the event loop is run until
//   two passes in a row find nothing to do (at most kMaxPasses): loopback and AF_UNIX bytes are readable as soon as
//   they are written, so every step's consequences happen within that step, the same way on every run. Deadlines are
//   set far beyond a run's length so no timer ever fires.
// - At the end the session is aborted if it is still running, both fake ends close, and the loop runs until the
//   session has deleted itself.
//
// Checked besides the sanitizers: the session reports finished() exactly once and is gone at the end; in the TLS
// modes (the fake server cannot speak TLS) it never logs in and the server never sees USER, PASS or APOP; in APOP
// mode the password never reaches the server, an APOP command follows only a greeting with a valid timestamp and
// carries the right digest (CVE-2007-1558: no clear-text fallback).

#include "core/health.h"
#include "fuzzsupport.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"
#include "pop3/pop3session.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QPointer>
#include <QTcpSocket>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mailshim;

namespace {

constexpr int kMaxSteps = 48;
constexpr int kMaxPasses = 200;

const char *const kClientLines[] = {
    "USER alice\r\n", "PASS secret-1\r\n", "USER 127.0.0.1:alice\r\n",
    "CAPA\r\n",       "STAT\r\n",          "LIST\r\n",
    "RETR 1\r\n",     "TOP 1 0\r\n",       "UIDL\r\n",
    "DELE 1\r\n",     "NOOP\r\n",          "QUIT\r\n",
};

const char *const kServerLines[] = {
    "+OK Dovecot (Debian) ready. <1896.697170952@dbc.mtview.ca.us>\r\n",
    "+OK Dovecot (Debian) ready.\r\n",
    "+OK\r\n",
    "+OK Logged in.\r\n",
    "-ERR [AUTH] Authentication failed.\r\n",
    "-ERR [IN-USE] Mailbox is locked.\r\n",
    "+OK 2 1024\r\n",
    "+OK 2 messages:\r\n1 512\r\n2 512\r\n.\r\n",
    "+OK 31 octets\r\nSubject: hi\r\n\r\n..dot\r\nbody\r\n.\r\n",
    "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL PLAIN "
    "LOGIN\r\n.\r\n",
    "+OK Begin TLS negotiation now.\r\n",
    "+OK Logging out.\r\n",
    ".\r\n",
};

struct FakeServer
{
    int listenFd = -1;
    quint16 port = 0;

    FakeServer()
    {
        listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        FUZZ_CHECK(listenFd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        FUZZ_CHECK(::bind(listenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
        FUZZ_CHECK(::listen(listenFd, 16) == 0);
        socklen_t length = sizeof address;
        FUZZ_CHECK(::getsockname(listenFd, reinterpret_cast<sockaddr *>(&address), &length) == 0);
        port = ntohs(address.sin_port);
    }
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

class Harness
{
public:
    int clientFd = -1; // our end of the client's socket pair
    int serverFd = -1; // our end of the session's upstream connection
    int upstreamConnections = 0;
    QByteArray clientSent, clientReceived, serverSent, serverReceived;

    // One pass of everything the session could have caused: new upstream connections, bytes for either fake end.
    void collect()
    {
        while (true) {
            const int fd = ::accept4(fakeServer().listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                break;
            ++upstreamConnections;
            if (serverFd < 0)
                serverFd = fd;
            else
                resetClose(fd);
        }
        if (clientFd >= 0)
            drain(clientFd, &clientReceived);
        if (serverFd >= 0)
            drain(serverFd, &serverReceived);
    }

    void pump()
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
            busy =
                busy || clientReceived.size() + serverReceived.size() != before || upstreamConnections != connections;
            quiet = busy ? 0 : quiet + 1;
        }
    }
};

qsizetype countCaseInsensitive(const QByteArray &haystack, const char *needle)
{
    return haystack.toUpper().count(QByteArray(needle).toUpper());
}

// The argument of the first PASS line the session accepted: after a USER, not empty, without NUL, CR or LF (a
// refused PASS, "-ERR invalid password", does not log in; the client may send a good one later).
QByteArray clientPassword(const QByteArray &clientStream)
{
    bool sawUser = false;
    for (QByteArray line : clientStream.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        const Pop3Command command = Pop3Codec::parseCommand(line);
        const bool valid = !command.argument.isEmpty() && !WireText::hasForbiddenControlBytes(command.argument);
        if (command.keyword == "USER" && valid)
            sawUser = true;
        else if (command.keyword == "PASS" && valid && sawUser)
            return command.argument;
    }
    return {};
}

void checkApopLogin(const Harness &h)
{
    // The password never crosses the wire. (Checked when the client typed PASS once only: after the login the relay
    // passes on whatever the client sends, PASS lines included.)
    if (countCaseInsensitive(h.clientSent, "PASS") == 1)
        FUZZ_CHECK(countCaseInsensitive(h.serverReceived, "PASS") == 0);
    if (countCaseInsensitive(h.clientSent, "APOP") != 0 || !h.serverReceived.startsWith("APOP "))
        return;
    // MailShim's own APOP: after a greeting with a valid timestamp, with the digest of that timestamp.
    const QByteArray greeting = h.serverSent.left(h.serverSent.indexOf('\n'));
    const std::optional<QByteArray> timestamp = Pop3Codec::apopTimestamp(greeting);
    FUZZ_CHECK(timestamp.has_value());
    const qsizetype end = h.serverReceived.indexOf("\r\n");
    FUZZ_CHECK(end > 0);
    const QByteArray digest = h.serverReceived.left(end).split(' ').last();
    const QByteArray password = clientPassword(h.clientSent);
    FUZZ_CHECK(digest == Pop3Codec::apopDigest(*timestamp, password));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApplication();
    FuzzedDataProvider in(data, size);
    const FakeServer &server = fakeServer();

    const Security security =
        in.PickValueInArray({Security::Plain, Security::Apop, Security::Stls, Security::Tls, Security::ApopTls});
    const bool routing = in.ConsumeBool();
    Health health;
    SessionContext context;
    context.id = 1;
    context.health = &health;
    context.listener.name = QStringLiteral("fuzz");
    context.listener.port = 3999;
    UpstreamConfig upstream;
    upstream.host = QStringLiteral("127.0.0.1");
    upstream.port = server.port;
    upstream.security = security;
    if (routing) {
        context.listener.routing.enabled = true;
        context.listener.routing.allow.append(upstream);
    } else {
        context.listener.upstream = upstream;
    }
    context.ownPorts = {context.listener.port};
    context.timeouts = Timeouts{3600, 3600, 3600, 3600, 3600};
    context.retry.connectAttempts = 1;
    context.limits.maxPendingClientBytes = in.ConsumeBool() ? 65536 : 64;

    int pair[2];
    FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) == 0);
    Harness h;
    h.clientFd = pair[1];
    auto *sessionEnd = new QTcpSocket;
    FUZZ_CHECK(sessionEnd->setSocketDescriptor(pair[0]));

    QPointer<Pop3Session> session = new Pop3Session(sessionEnd, context);
    int finishedCount = 0;
    bool loggedIn = false;
    QObject::connect(session, &ClientSession::finished, [&finishedCount] { ++finishedCount; });
    QObject::connect(session, &ClientSession::loggedIn, [&loggedIn] { loggedIn = true; });
    session->start();
    h.pump();

    for (int step = 0; step < kMaxSteps && in.remaining_bytes() > 0; ++step) {
        switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: // raw client bytes
            if (h.clientFd >= 0) {
                const QByteArray bytes = fuzz::takeBytes(in, 512);
                h.clientSent += bytes;
                sendAll(h.clientFd, bytes);
            }
            break;
        case 1: // a realistic client line
            if (h.clientFd >= 0) {
                const QByteArray line = in.PickValueInArray(kClientLines);
                h.clientSent += line;
                sendAll(h.clientFd, line);
            }
            break;
        case 2: // raw server bytes
            if (h.serverFd >= 0) {
                const QByteArray bytes = fuzz::takeBytes(in, 512);
                h.serverSent += bytes;
                sendAll(h.serverFd, bytes);
            }
            break;
        case 3: // a realistic server line
            if (h.serverFd >= 0) {
                const QByteArray line = in.PickValueInArray(kServerLines);
                h.serverSent += line;
                sendAll(h.serverFd, line);
            }
            break;
        case 4: // the client goes
            if (h.clientFd >= 0) {
                ::close(h.clientFd);
                h.clientFd = -1;
            }
            break;
        case 5: // the server goes
            if (h.serverFd >= 0) {
                resetClose(h.serverFd);
                h.serverFd = -1;
            }
            break;
        }
        h.pump();
    }

    if (session)
        session->abort();
    h.pump();
    if (h.serverFd >= 0)
        resetClose(h.serverFd);
    if (h.clientFd >= 0)
        ::close(h.clientFd);
    h.clientFd = h.serverFd = -1;
    h.pump();

    FUZZ_CHECK(!session);           // it deleted itself, and with it both sockets and the relay
    FUZZ_CHECK(finishedCount == 1); // the listener counts sessions by this signal
    FUZZ_CHECK(h.upstreamConnections <= 1);
    if (usesTls(security)) {
        // The fake server speaks no TLS, so nothing may get through: no login, no credential in any form.
        FUZZ_CHECK(!loggedIn);
        FUZZ_CHECK(!h.serverReceived.contains("USER ") && !h.serverReceived.contains("PASS ") &&
                   !h.serverReceived.contains("APOP "));
    } else if (security == Security::Apop) {
        checkApopLogin(h);
    }
    return 0;
}
