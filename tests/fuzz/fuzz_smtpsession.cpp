// One whole SMTP session: the real smtp/SmtpSession (with its SmtpLogin, ServerConnection, UpstreamSocket and
// SmtpRelay) between a client and a server that both say whatever the input says, in the order the input says
// (SessionHarness: an in-process socket pair and fake server, no network, deterministic). The input is a config
// byte (security mode, clientAuth, limits), then the harness's script of steps.
//
// Checked besides the sanitizers:
// - the session reports finished() exactly once and is gone at the end, after one upstream connection (and one more
//   after each login the server refused);
// - in the TLS modes (the fake server cannot speak TLS) nothing gets through: the client is never greeted with 220
//   and never hears 235, 250 or 354, and the server never sees AUTH, MAIL or a credential;
// - MailShim never makes up the end of a message: a line "." reaches the server only where the client sent one;
// - MailShim's own failures are never permanent: every reply line it words itself ("... MailShim: ...") is 4xx.

#include "core/health.h"
#include "sessionharness.h"
#include "smtp/smtpsession.h"

#include <QPointer>
#include <QTcpSocket>
#include <algorithm>

using namespace mailshim;
using mailshim::fuzz::countCaseInsensitive;
using mailshim::fuzz::SessionHarness;

namespace {

constexpr int kMaxSteps = 48;

const QList<QByteArray> kClientLines = {
    "EHLO client.example\r\n",
    "HELO scanner\r\n",
    "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n", // alice / secret
    "AUTH LOGIN\r\n",
    "YWxpY2U=\r\n", // alice
    "c2VjcmV0\r\n", // secret
    "MAIL FROM:<alice@example.org>\r\n",
    "RCPT TO:<bob@example.org>\r\n",
    "DATA\r\n",
    "Subject: hi\r\n\r\n..dot\r\nbody\r\n.\r\n",
    "RSET\r\n",
    "NOOP\r\n",
    "QUIT\r\n",
    "BDAT 5 LAST\r\n",
};

const QList<QByteArray> kServerLines = {
    "220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n",
    "250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 CHUNKING\r\n",
    "220 2.0.0 Ready to start TLS\r\n",
    "235 2.7.0 Authentication successful\r\n",
    "334 VXNlcm5hbWU6\r\n",
    "334 UGFzc3dvcmQ6\r\n",
    "535 5.7.8 Error: authentication failed\r\n",
    "250 2.1.0 Ok\r\n",
    "354 End data with <CR><LF>.<CR><LF>\r\n",
    "250 2.0.0 Ok: queued as 4ABCDE\r\n",
    "554 5.7.1 <bob@example.org>: Relay access denied\r\n",
    "421 4.4.2 mail.example.org Error: timeout exceeded\r\n",
    "221 2.0.0 Bye\r\n",
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApplication();
    FuzzedDataProvider in(data, size);

    const Security security = in.PickValueInArray({Security::Plain, Security::Stls, Security::Tls});
    const bool optionalAuth = in.ConsumeBool();
    Health health;
    SessionContext context;
    context.id = 1;
    context.health = &health;
    context.listener.name = QStringLiteral("fuzz");
    context.listener.protocol = Protocol::Smtp;
    context.listener.port = 3587;
    UpstreamConfig upstream;
    upstream.host = QStringLiteral("127.0.0.1");
    upstream.port = SessionHarness::serverPort();
    upstream.security = security;
    upstream.protocol = Protocol::Smtp;
    context.listener.upstream = upstream;
    if (optionalAuth) {
        // No PasswordSource: the listener's user logs in with no password, which MailShim refuses to try.
        context.listener.clientAuth = ClientAuth::Optional;
        context.listener.user = QStringLiteral("scanner");
    }
    context.ownPorts = {context.listener.port};
    context.timeouts = Timeouts{3600, 3600, 3600, 3600, 3600};
    context.retry.connectAttempts = 1;
    context.limits.maxPendingClientBytes = in.ConsumeBool() ? 65536 : 64;

    SessionHarness h;
    QPointer<SmtpSession> session = new SmtpSession(h.takeSessionSocket(), context);
    int finishedCount = 0;
    QObject::connect(session, &ClientSession::finished, [&finishedCount] { ++finishedCount; });
    session->start();
    h.pump();
    h.runScript(in, kClientLines, kServerLines, kMaxSteps);

    if (session)
        session->abort();
    h.pump();
    h.closeBoth();
    h.pump();

    FUZZ_CHECK(!session);           // it deleted itself, and with it both sockets, the login and the relay
    FUZZ_CHECK(finishedCount == 1); // the listener counts sessions by this signal
    const QList<QByteArray> heard = h.clientReceived.split('\n');
    // One connection, and one more only for a new AUTH after the server refused one (that ends its connection).
    const auto refusals =
        std::count_if(heard.begin(), heard.end(), [](const QByteArray &l) { return l.startsWith("535"); });
    FUZZ_CHECK(h.upstreamConnections <= 1 + refusals);
    if (usesTls(security)) {
        for (const QByteArray &line : heard)
            FUZZ_CHECK(!line.startsWith("220") && !line.startsWith("235") && !line.startsWith("250") &&
                       !line.startsWith("354"));
        FUZZ_CHECK(countCaseInsensitive(h.serverReceived, "AUTH") == 0);
        FUZZ_CHECK(countCaseInsensitive(h.serverReceived, "MAIL FROM") == 0); // (its EHLO names mailshim.invalid)
        FUZZ_CHECK(!h.serverReceived.contains("AGFsaWNlAHNlY3JldA==") && !h.serverReceived.contains("c2VjcmV0"));
    }
    // A line "." reaches the server only where the client sent one (with CRLF or a bare LF, which MailShim makes CRLF).
    const qsizetype clientDotLines = h.clientSent.count("\n.\r\n") + h.clientSent.count("\n.\n") +
                                     (h.clientSent.startsWith(".\r\n") || h.clientSent.startsWith(".\n") ? 1 : 0);
    FUZZ_CHECK(h.serverReceived.count("\r\n.\r\n") <= clientDotLines);
    for (const QByteArray &line : heard) {
        if (line.contains(" MailShim: "))
            FUZZ_CHECK(line.startsWith('4'));
    }
    return 0;
}
