// The client's command lines: net/LineReader cutting arbitrary bytes (caps, bare LF, stray CR, NUL) into lines, in
// reads cut where the input says, in both of its modes (Stop: POP3 and SMTP sessions; Skip: the control channel),
// and Pop3Codec's parsing of every line it returns.
//
// Beyond the sanitizers, each line is checked against a plain reading of everything appended so far: the same line,
// in the same order, under the cap, and an overflow only when a line really is over the cap.

#include "fuzzsupport.h"
#include "net/linereader.h"
#include "pop3/pop3codec.h"

using namespace mailshim;

namespace {

// A straightforward line splitter over the whole stream: what the reader must agree with.
struct Reference
{
    QByteArray all;
    qsizetype pos = 0;
    bool skipping = false; // dropping an overlong line up to its LF (Skip mode)

    void append(const QByteArray &bytes)
    {
        all += bytes;
        if (skipping)
            skipToLf();
    }
    void skipToLf()
    {
        const qsizetype lf = all.indexOf('\n', pos);
        skipping = lf < 0;
        pos = lf < 0 ? all.size() : lf + 1;
    }
    QByteArray nextLine()
    {
        const qsizetype lf = all.indexOf('\n', pos);
        FUZZ_CHECK(lf >= 0);
        qsizetype end = lf;
        if (end > pos && all.at(end - 1) == '\r')
            --end;
        const QByteArray line = all.mid(pos, end - pos);
        pos = lf + 1;
        return line;
    }
    // Is some line from pos on over the cap (LF included), or the unterminated tail at the cap already?
    bool hasOverlong(qsizetype cap) const
    {
        qsizetype from = pos;
        while (true) {
            const qsizetype lf = all.indexOf('\n', from);
            if (lf < 0)
                return all.size() - from >= cap;
            if (lf + 1 - from > cap)
                return true;
            from = lf + 1;
        }
    }
    bool hasCompleteLine() const { return all.indexOf('\n', pos) >= 0; }
};

void checkCommand(const QByteArray &line)
{
    const Pop3Command command = Pop3Codec::parseCommand(line);
    FUZZ_CHECK(!command.keyword.contains(' '));
    FUZZ_CHECK(command.keyword == command.keyword.toUpper());
    const qsizetype space = line.indexOf(' ');
    FUZZ_CHECK(command.keyword.size() == (space < 0 ? line.size() : space));
    FUZZ_CHECK(command.argument == (space < 0 ? QByteArray() : line.mid(space + 1)));
    (void)responseKindFor(command);
    const Pop3Codec::Status status = Pop3Codec::responseStatus(line);
    const QByteArray code = Pop3Codec::responseCode(line);
    FUZZ_CHECK(code.isEmpty() || status != Pop3Codec::Status::Invalid);
    FUZZ_CHECK(code.isEmpty() || code.size() < line.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    const qsizetype cap = in.ConsumeIntegralInRange<qsizetype>(2, 300);
    const bool skipMode = in.ConsumeBool();
    LineReader reader(cap, skipMode ? LineReader::Overlong::Skip : LineReader::Overlong::Stop);
    Reference reference;

    while (in.remaining_bytes() > 0) {
        const QByteArray chunk = fuzz::takeBytes(in, 400);
        const bool accepted = reader.append(chunk);
        if (!skipMode && !accepted) {
            FUZZ_CHECK(reader.overflowed());
            reference.append(chunk);
            FUZZ_CHECK(reference.hasOverlong(cap));
            return 0; // a POP3 session ends here
        }
        reference.append(chunk);
        while (true) {
            if (const std::optional<QByteArray> line = reader.takeLine()) {
                FUZZ_CHECK(!line->contains('\n'));
                FUZZ_CHECK(line->size() < cap);
                FUZZ_CHECK(*line == reference.nextLine());
                checkCommand(*line);
                continue;
            }
            if (!reader.overflowed())
                break;
            FUZZ_CHECK(reference.hasOverlong(cap));
            if (!skipMode)
                return 0;
            reader.skipOverlongLine();
            reference.skipToLf();
        }
        // Nothing complete is left behind, and what waits for its LF is under the cap: the buffer is bounded.
        FUZZ_CHECK(!reference.skipping || reader.bufferedBytes() == 0);
        FUZZ_CHECK(!reference.hasCompleteLine());
        FUZZ_CHECK(reader.bufferedBytes() == reference.all.size() - reference.pos);
        FUZZ_CHECK(reader.bufferedBytes() < cap);
    }
    FUZZ_CHECK(reader.takeRemainder() == reference.all.mid(reference.pos));
    FUZZ_CHECK(!reader.hasPendingBytes());
    return 0;
}
