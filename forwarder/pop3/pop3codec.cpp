#include "pop3/pop3codec.h"

#include <QCryptographicHash>
#include <QString>
#include <cstring>

namespace mailshim {

namespace Pop3Codec {

Pop3Command parseCommand(const QByteArray &line)
{
    const qsizetype space = line.indexOf(' ');
    Pop3Command command;
    command.keyword = (space < 0 ? line : line.left(space)).toUpper();
    if (space >= 0)
        command.argument = line.mid(space + 1);
    return command;
}

Status responseStatus(QByteArrayView line)
{
    if (line.startsWith("+OK"))
        return Status::Ok;
    if (line.startsWith("-ERR"))
        return Status::Err;
    return Status::Invalid;
}

QByteArray responseCode(QByteArrayView line)
{
    if (!line.startsWith("-ERR [") && !line.startsWith("+OK ["))
        return {};
    const qsizetype open = line.indexOf('[');
    const qsizetype close = line.indexOf(']');
    if (close <= open + 1)
        return {};
    return line.sliced(open + 1, close - open - 1).toByteArray().toUpper();
}

bool isValidApopTimestamp(QByteArrayView ts)
{
    if (ts.size() < 5 || ts.size() > 255 || ts.front() != '<' || ts.back() != '>')
        return false;
    const QByteArrayView inner = ts.sliced(1, ts.size() - 2);
    const qsizetype at = inner.indexOf('@');
    if (at <= 0 || at == inner.size() - 1 || inner.lastIndexOf('@') != at)
        return false;
    for (const char c : inner) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x21 || u > 0x7e || c == '<' || c == '>')
            return false;
    }
    return true;
}

std::optional<QByteArray> apopTimestamp(QByteArrayView greeting)
{
    const qsizetype open = greeting.indexOf('<');
    if (open < 0)
        return std::nullopt;
    const qsizetype close = greeting.indexOf('>', open);
    if (close < 0)
        return std::nullopt;
    const QByteArrayView ts = greeting.sliced(open, close - open + 1);
    if (!isValidApopTimestamp(ts))
        return std::nullopt;
    return ts.toByteArray();
}

QByteArray apopDigest(QByteArrayView timestamp, QByteArrayView secret)
{
    QCryptographicHash md5(QCryptographicHash::Md5);
    md5.addData(timestamp);
    md5.addData(secret);
    return md5.result().toHex();
}

QList<QByteArray> filterCapabilitiesAfterLogin(const QList<QByteArray> &lines)
{
    QList<QByteArray> kept;
    for (const QByteArray &line : lines) {
        const QByteArray keyword = parseCommand(line.trimmed()).keyword;
        if (keyword == "STLS" || keyword == "SASL")
            continue;
        kept.append(line);
    }
    return kept;
}

} // namespace Pop3Codec

ResponseKind responseKindFor(const Pop3Command &command)
{
    const QByteArray &k = command.keyword;
    if (k == "RETR" || k == "TOP")
        return ResponseKind::MultiLineIfOk;
    if ((k == "LIST" || k == "UIDL") && command.argument.trimmed().isEmpty())
        return ResponseKind::MultiLineIfOk;
    if (k == "CAPA")
        return ResponseKind::Capabilities;
    return ResponseKind::SingleLine;
}

ResponseTracker::Output ResponseTracker::feed(const QByteArray &chunk)
{
    Output out;
    const char *d = chunk.constData();
    const qsizetype n = chunk.size();
    qsizetype i = 0;
    qsizetype segmentStart = 0; // start of the verbatim bytes not yet copied to out.forward (unless holding CAPA)

    auto flushTo = [&](qsizetype end) {
        if (m_holdingCapa || end <= segmentStart)
            return;
        if (segmentStart == 0 && end == n && out.forward.isEmpty())
            out.forward = chunk; // the common case: the whole chunk, shared rather than copied
        else
            out.forward.append(d + segmentStart, end - segmentStart);
        segmentStart = end;
    };
    auto fail = [&](const char *why) {
        flushTo(i);
        out.protocolError = true;
        out.errorText = why;
        return out;
    };

    while (i < n) {
        switch (m_state) {
        case State::StatusStart:
            if (m_pending.empty())
                return fail("server sent data while no command was pending");
            m_statusLength = 0;
            m_statusHead.clear();
            if (m_pending.front() == ResponseKind::Capabilities) {
                flushTo(i);
                m_holdingCapa = true;
                m_capa.clear();
            }
            m_state = State::StatusLine;
            break;
        case State::StatusLine: {
            const void *lf = std::memchr(d + i, '\n', size_t(n - i));
            const qsizetype end = lf ? static_cast<const char *>(lf) - d + 1 : n;
            if (m_statusHead.size() < 4)
                m_statusHead.append(d + i, std::min<qsizetype>(4 - m_statusHead.size(), end - i));
            if (m_holdingCapa)
                m_capa.append(d + i, end - i);
            m_statusLength += end - i;
            i = end;
            if (m_statusLength > m_maxStatusLine)
                return fail("server status line is too long");
            if (!lf)
                break;
            const Pop3Codec::Status status = Pop3Codec::responseStatus(m_statusHead);
            if (status == Pop3Codec::Status::Invalid)
                return fail("server response does not start with +OK or -ERR");
            const ResponseKind kind = m_pending.front();
            if (status == Pop3Codec::Status::Ok && kind != ResponseKind::SingleLine) {
                m_state = kind == ResponseKind::Capabilities ? State::CapaBody : State::Body;
                m_bodyLine = BodyLine::Start;
            } else {
                if (m_holdingCapa) { // a failed CAPA: pass its status line on unchanged
                    out.forward.append(m_capa);
                    m_holdingCapa = false;
                    segmentStart = i;
                }
                finishResponse(out);
            }
            break;
        }
        case State::Body:
        case State::CapaBody: {
            const qsizetype begin = i;
            bool ended = false;
            while (i < n && !ended) {
                const char c = d[i];
                switch (m_bodyLine) {
                case BodyLine::Start:
                case BodyLine::Middle: {
                    // The hot loop. Only a line that starts with a dot matters (the terminator, or a stuffed line),
                    // so it looks for dots, not for line ends: a base64 attachment has none and is passed in one
                    // memchr per chunk. A dot inside a line skips to that line's end, so a text full of dots costs
                    // at most two memchr per line.
                    bool lineStart = m_bodyLine == BodyLine::Start; // the byte before d[i] was LF
                    for (;;) {
                        const void *dot = std::memchr(d + i, '.', size_t(n - i));
                        if (!dot) {
                            m_bodyLine = d[n - 1] == '\n' ? BodyLine::Start : BodyLine::Middle;
                            i = n;
                            break;
                        }
                        const qsizetype at = static_cast<const char *>(dot) - d;
                        if (at > i ? d[at - 1] == '\n' : lineStart) {
                            m_bodyLine = BodyLine::Dot;
                            i = at + 1;
                            break;
                        }
                        const void *lf = std::memchr(d + at, '\n', size_t(n - at));
                        if (!lf) {
                            m_bodyLine = BodyLine::Middle;
                            i = n;
                            break;
                        }
                        i = static_cast<const char *>(lf) - d + 1;
                        lineStart = true;
                        if (i == n) {
                            m_bodyLine = BodyLine::Start;
                            break;
                        }
                    }
                    break;
                }
                case BodyLine::Dot:
                    if (c == '\r')
                        m_bodyLine = BodyLine::DotCr;
                    else if (c == '\n')
                        ended = true;
                    else
                        m_bodyLine = BodyLine::Middle;
                    ++i;
                    break;
                case BodyLine::DotCr:
                    if (c == '\n')
                        ended = true;
                    else
                        m_bodyLine = BodyLine::Middle;
                    ++i;
                    break;
                }
            }
            if (m_state == State::CapaBody) {
                m_capa.append(d + begin, i - begin);
                if (m_capa.size() > m_maxCapaBytes)
                    return fail("server CAPA response is too long");
            }
            if (ended) {
                if (m_state == State::CapaBody) {
                    out.forward.append(filteredCapa());
                    m_holdingCapa = false;
                    segmentStart = i;
                }
                finishResponse(out);
            }
            break;
        }
        }
    }
    flushTo(n);
    return out;
}

void ResponseTracker::finishResponse(Output &out)
{
    m_pending.pop_front();
    m_state = State::StatusStart;
    ++out.completedResponses;
}

QByteArray ResponseTracker::filteredCapa() const
{
    QList<QByteArray> lines = m_capa.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast(); // the split leaves an empty piece after the final LF
    if (lines.size() < 2)
        return m_capa;
    const QByteArray status = lines.takeFirst();
    const QByteArray terminator = lines.takeLast();
    QByteArray result = status + "\r\n";
    for (const QByteArray &line : Pop3Codec::filterCapabilitiesAfterLogin(lines))
        result += line + "\r\n";
    result += terminator + "\r\n";
    return result;
}

} // namespace mailshim
