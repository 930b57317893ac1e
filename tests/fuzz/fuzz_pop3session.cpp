// One whole POP3 session: the real pop3/Pop3Session (with its Pop3Login, ServerConnection, UpstreamSocket, Relay and
// Router) between a client and a server that both say whatever the input says, in the order the input says
// (SessionHarness: an in-process socket pair and fake server, no network, deterministic).
// - The input is a config byte (security mode, routing, limits), then the harness's script of steps. Deadlines are
//   set far beyond a run's length so no timer ever fires.
// - At the end the session is aborted if it is still running, both fake ends close, and the loop runs until the
//   session has deleted itself.
//
// Checked besides the sanitizers: the session reports finished() exactly once and is gone at the end; in the TLS
// modes (the fake server cannot speak TLS) it never logs in and the server never sees USER, PASS or APOP; in APOP
// mode the password never reaches the server, an APOP command follows only a greeting with a valid timestamp and
// carries the right digest (CVE-2007-1558: no clear-text fallback).

#include "core/health.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"
#include "pop3/pop3session.h"
#include "sessionharness.h"

#include <QPointer>
#include <QTcpSocket>

using namespace mailshim;
using mailshim::fuzz::countCaseInsensitive;
using mailshim::fuzz::SessionHarness;

namespace {

constexpr int kMaxSteps = 48;

const QList<QByteArray> kClientLines = {
    "USER alice\r\n", "PASS secret-1\r\n", "USER 127.0.0.1:alice\r\n",
    "CAPA\r\n",       "STAT\r\n",          "LIST\r\n",
    "RETR 1\r\n",     "TOP 1 0\r\n",       "UIDL\r\n",
    "DELE 1\r\n",     "NOOP\r\n",          "QUIT\r\n",
};

const QList<QByteArray> kServerLines = {
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

void checkApopLogin(const SessionHarness &h)
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
    upstream.port = SessionHarness::serverPort();
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

    SessionHarness h;
    QPointer<Pop3Session> session = new Pop3Session(h.takeSessionSocket(), context);
    int finishedCount = 0;
    bool loggedIn = false;
    QObject::connect(session, &ClientSession::finished, [&finishedCount] { ++finishedCount; });
    QObject::connect(session, &ClientSession::loggedIn, [&loggedIn] { loggedIn = true; });
    session->start();
    h.pump();
    h.runScript(in, kClientLines, kServerLines, kMaxSteps);

    if (session)
        session->abort();
    h.pump();
    h.closeBoth();
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
