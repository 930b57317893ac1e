// The server's replies in the TRANSACTION state: pop3/ResponseTracker following arbitrary server bytes for a list of
// commands (single-line, multi-line, CAPA), the stream cut into reads at points the input chooses, so terminators,
// dot-stuffing and status lines are split anywhere.
//
// The same stream is also fed in one piece to a second tracker; both must agree on what reaches the client, how many
// replies ended and whether the server broke the protocol. Without CAPA (the one reply that is filtered), what reaches
// the client must be the server's bytes unchanged: MailShim never rewrites a reply.

#include "fuzzsupport.h"
#include "pop3/pop3codec.h"

#include <vector>

using namespace mailshim;

namespace {

struct Run
{
    QByteArray forwarded;
    int completed = 0;
    bool error = false;
    QByteArray errorText;
    qsizetype consumed = 0; // stream bytes fed before the error (all of them without one)
};

Run feed(ResponseTracker &tracker, const QByteArray &stream, const std::vector<qsizetype> &cuts, int expected)
{
    Run run;
    qsizetype from = 0;
    for (size_t k = 0; k <= cuts.size(); ++k) {
        const qsizetype to = k < cuts.size() ? cuts[k] : stream.size();
        if (to <= from && k < cuts.size())
            continue;
        const QByteArray chunk = stream.mid(from, to - from);
        from = to;
        if (chunk.isEmpty())
            continue;
        const ResponseTracker::Output out = tracker.feed(chunk);
        run.forwarded += out.forward;
        FUZZ_CHECK(out.completedResponses >= 0);
        run.completed += out.completedResponses;
        FUZZ_CHECK(run.completed <= expected);
        FUZZ_CHECK(tracker.pendingResponses() == expected - run.completed);
        run.consumed = to;
        if (out.protocolError) {
            FUZZ_CHECK(!out.errorText.isEmpty());
            run.error = true;
            run.errorText = out.errorText;
            return run; // the relay ends the session here
        }
        FUZZ_CHECK(out.errorText.isEmpty());
    }
    return run;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    const qsizetype maxStatus = in.ConsumeBool() ? 8192 : in.ConsumeIntegralInRange<qsizetype>(1, 600);
    const qsizetype maxCapa = in.ConsumeBool() ? 16384 : in.ConsumeIntegralInRange<qsizetype>(1, 2000);
    const int commands = in.ConsumeIntegralInRange<int>(0, 12);
    std::vector<ResponseKind> kinds;
    bool anyCapa = false;
    for (int k = 0; k < commands; ++k) {
        const ResponseKind kind =
            in.PickValueInArray({ResponseKind::SingleLine, ResponseKind::MultiLineIfOk, ResponseKind::Capabilities});
        anyCapa = anyCapa || kind == ResponseKind::Capabilities;
        kinds.push_back(kind);
    }
    const int cutCount = in.ConsumeIntegralInRange<int>(0, 24);
    std::vector<qsizetype> cuts;
    for (int k = 0; k < cutCount; ++k)
        cuts.push_back(in.ConsumeIntegralInRange<qsizetype>(0, 4096));
    std::sort(cuts.begin(), cuts.end());
    const QByteArray stream = fuzz::takeRest(in);

    ResponseTracker whole(maxStatus, maxCapa);
    ResponseTracker pieces(maxStatus, maxCapa);
    for (const ResponseKind kind : kinds) {
        whole.expect(kind);
        pieces.expect(kind);
    }
    const Run a = feed(whole, stream, {}, commands);
    const Run b = feed(pieces, stream, cuts, commands);

    FUZZ_CHECK(a.error == b.error);
    if (a.error) {
        // Where an overlong status line is noticed depends on the cuts, and so does how much of it went out first;
        // both runs still forwarded a prefix of the same thing.
        FUZZ_CHECK(a.errorText == b.errorText);
        const QByteArray &shorter = a.forwarded.size() <= b.forwarded.size() ? a.forwarded : b.forwarded;
        const QByteArray &longer = a.forwarded.size() <= b.forwarded.size() ? b.forwarded : a.forwarded;
        FUZZ_CHECK(longer.startsWith(shorter));
        if (!anyCapa)
            FUZZ_CHECK(stream.startsWith(longer));
        return 0;
    }
    FUZZ_CHECK(a.forwarded == b.forwarded);
    FUZZ_CHECK(a.completed == b.completed);
    FUZZ_CHECK(whole.inBody() == pieces.inBody());
    FUZZ_CHECK(whole.atResponseBoundary() == pieces.atResponseBoundary());
    if (!anyCapa)
        FUZZ_CHECK(a.forwarded == stream);
    if (a.completed == commands)
        FUZZ_CHECK(whole.atResponseBoundary());
    return 0;
}
