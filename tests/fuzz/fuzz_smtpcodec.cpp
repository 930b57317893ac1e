// SMTP's parsers of untrusted bytes (smtp/SmtpCodec): server replies read line by line through net/LineReader into
// SmtpReplyReader, the EHLO capabilities of every complete reply and the EHLO reply MailShim would give a client from
// them, client commands, AUTH PLAIN and AUTH LOGIN data, and SmtpDataTracker finding the end of a DATA stream.
//
// Checked besides the sanitizers: a complete reply has a code in 200..599 and at most kMaxLines lines; MailShim's
// own EHLO reply never offers STARTTLS or CHUNKING and is well formed; decoded credentials hold no NUL, CR or LF and
// encode back to what decodes to the same; and the DATA tracker, fed the stream in one piece and cut where the input
// says, agrees on where the message ends.

#include "fuzzsupport.h"
#include "net/linereader.h"
#include "smtp/smtpcodec.h"

#include <vector>

using namespace mailshim;

namespace {

bool hasLineBreakOrNul(const QByteArray &bytes)
{
    return bytes.contains('\0') || bytes.contains('\r') || bytes.contains('\n');
}

void checkLocalEhlo(const SmtpCapabilities &server)
{
    const QByteArray reply = SmtpCodec::localEhloReply("localhost", server);
    FUZZ_CHECK(reply.endsWith("\r\n"));
    SmtpReplyReader reader;
    const QList<QByteArray> lines = reply.chopped(2).split('\n');
    for (qsizetype k = 0; k < lines.size(); ++k) {
        QByteArray line = lines.at(k);
        FUZZ_CHECK(line.endsWith('\r') || k == lines.size() - 1);
        if (line.endsWith('\r'))
            line.chop(1);
        const SmtpReplyReader::Result result = reader.feed(line);
        FUZZ_CHECK(result ==
                   (k + 1 == lines.size() ? SmtpReplyReader::Result::Complete : SmtpReplyReader::Result::NeedMore));
    }
    const SmtpCapabilities offered = SmtpCodec::capabilities(reader.take());
    FUZZ_CHECK(!offered.has("STARTTLS") && !offered.has("CHUNKING"));
}

void checkReplies(const QByteArray &stream)
{
    LineReader lines(512);
    lines.append(stream);
    SmtpReplyReader reader;
    while (const std::optional<QByteArray> line = lines.takeLine()) {
        const SmtpReplyReader::Result result = reader.feed(*line);
        if (result == SmtpReplyReader::Result::Invalid)
            return;
        if (result == SmtpReplyReader::Result::NeedMore)
            continue;
        const SmtpReply reply = reader.take();
        FUZZ_CHECK(reply.code >= 200 && reply.code <= 599);
        FUZZ_CHECK(!reply.lines.isEmpty() && reply.lines.size() <= SmtpReplyReader::kMaxLines);
        const SmtpCapabilities capabilities = SmtpCodec::capabilities(reply);
        if (const std::optional<QByteArray> mechanism = SmtpCodec::bestAuthMechanism(capabilities))
            FUZZ_CHECK(*mechanism == "PLAIN" || *mechanism == "LOGIN");
        checkLocalEhlo(capabilities);
    }
}

void checkAuth(const QByteArray &data)
{
    (void)SmtpCodec::parseCommand(data);
    if (const std::optional<SmtpCredentials> plain = SmtpCodec::decodeAuthPlain(data)) {
        FUZZ_CHECK(!plain->user.isEmpty() && !plain->password.isEmpty());
        FUZZ_CHECK(!hasLineBreakOrNul(plain->user) && !hasLineBreakOrNul(plain->password));
        const std::optional<SmtpCredentials> again = SmtpCodec::decodeAuthPlain(SmtpCodec::encodeAuthPlain(*plain));
        FUZZ_CHECK(again && again->user == plain->user && again->password == plain->password);
    }
    if (const std::optional<QByteArray> line = SmtpCodec::decodeBase64Line(data))
        FUZZ_CHECK(!hasLineBreakOrNul(*line));
}

void checkData(const QByteArray &stream, const std::vector<qsizetype> &cuts)
{
    SmtpDataTracker whole;
    const qsizetype wholeTaken = whole.feed(stream);
    FUZZ_CHECK(wholeTaken >= 0 && wholeTaken <= stream.size());
    FUZZ_CHECK(whole.ended() || wholeTaken == stream.size());

    SmtpDataTracker pieces;
    qsizetype from = 0, taken = 0;
    for (size_t k = 0; k <= cuts.size() && !pieces.ended(); ++k) {
        const qsizetype to = k < cuts.size() ? qMin(cuts[k], stream.size()) : stream.size();
        if (to < from)
            continue;
        const qsizetype used = pieces.feed(QByteArrayView(stream).sliced(from, to - from));
        FUZZ_CHECK(used >= 0 && used <= to - from);
        FUZZ_CHECK(pieces.ended() || used == to - from);
        taken += used;
        from = to;
    }
    FUZZ_CHECK(pieces.ended() == whole.ended());
    FUZZ_CHECK(taken == wholeTaken);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    const int cutCount = in.ConsumeIntegralInRange<int>(0, 16);
    std::vector<qsizetype> cuts;
    for (int k = 0; k < cutCount; ++k)
        cuts.push_back(in.ConsumeIntegralInRange<qsizetype>(0, 4096));
    std::sort(cuts.begin(), cuts.end());
    const QByteArray auth = fuzz::takeBytes(in, 512);
    const QByteArray stream = fuzz::takeRest(in);

    checkReplies(stream);
    checkAuth(auth);
    checkData(stream, cuts);
    return 0;
}
