#include "smtp/smtpcodec.h"

#include "net/wiretext.h"

#include <cstring>

namespace mailshim {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

SmtpReplyReader::Result SmtpReplyReader::feed(QByteArrayView line)
{
    if (m_invalid)
        return Result::Invalid;
    if (m_complete) // the caller did not take() the last one: start afresh
        take();
    const bool shape = line.size() >= 3 && isDigit(line[0]) && isDigit(line[1]) && isDigit(line[2]) &&
                       (line.size() == 3 || line[3] == ' ' || line[3] == '-');
    const int code = shape ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0') : 0;
    if (!shape || code < 200 || code > 599 || (!m_reply.lines.isEmpty() && code != m_reply.code) ||
        m_reply.lines.size() >= kMaxLines) {
        m_invalid = true;
        return Result::Invalid;
    }
    m_reply.code = code;
    m_reply.lines.append(line.size() > 4 ? line.sliced(4).toByteArray() : QByteArray());
    if (line.size() > 3 && line[3] == '-')
        return Result::NeedMore;
    m_complete = true;
    return Result::Complete;
}

SmtpReply SmtpReplyReader::take()
{
    SmtpReply reply = std::move(m_reply);
    m_reply = SmtpReply{};
    m_complete = false;
    return reply;
}

namespace SmtpCodec {

SmtpCapabilities capabilities(const SmtpReply &ehloReply)
{
    SmtpCapabilities caps;
    for (qsizetype i = 1; i < ehloReply.lines.size(); ++i) {
        const QList<QByteArray> words = ehloReply.lines.at(i).simplified().split(' ');
        if (words.isEmpty() || words.first().isEmpty())
            continue;
        QByteArray keyword = words.first().toUpper();
        if (keyword.startsWith("AUTH=")) { // the pre-RFC form some old servers and clients still use
            for (const QByteArray &mechanism : keyword.mid(5).split(','))
                if (!mechanism.isEmpty())
                    caps.authMechanisms.insert(mechanism);
            continue;
        }
        caps.keywords.insert(keyword);
        if (keyword == "AUTH") {
            for (qsizetype w = 1; w < words.size(); ++w)
                caps.authMechanisms.insert(words.at(w).toUpper());
        } else if (keyword == "SIZE") {
            bool ok = false;
            const qint64 limit = words.size() > 1 ? words.at(1).toLongLong(&ok) : 0;
            caps.sizeLimit = ok && limit > 0 ? limit : 0;
        }
    }
    return caps;
}

SmtpCommand parseCommand(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    SmtpCommand command;
    command.verb = (space < 0 ? line : line.first(space)).toByteArray().toUpper();
    if (space >= 0)
        command.argument = line.sliced(space + 1).toByteArray();
    return command;
}

QByteArray mailShimReply(QByteArrayView codes, const QString &text)
{
    return codes.toByteArray() + " MailShim: " + WireText::sanitizeForDisplay(text.toUtf8(), 400).toUtf8();
}

std::optional<QByteArray> bestAuthMechanism(const SmtpCapabilities &server)
{
    if (server.authMechanisms.contains("PLAIN"))
        return QByteArrayLiteral("PLAIN");
    if (server.authMechanisms.contains("LOGIN")) // Outlook.com offers only LOGIN
        return QByteArrayLiteral("LOGIN");
    return std::nullopt;
}

std::optional<QByteArray> decodeBase64Line(QByteArrayView base64)
{
    const QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(base64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || WireText::hasForbiddenControlBytes(decoded.decoded))
        return std::nullopt;
    return decoded.decoded;
}

std::optional<SmtpCredentials> decodeAuthPlain(QByteArrayView base64)
{
    const QByteArray::FromBase64Result decoded =
        QByteArray::fromBase64Encoding(base64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.split('\0');
    if (parts.size() != 3)
        return std::nullopt;
    SmtpCredentials credentials{parts.at(1), parts.at(2)};
    if (credentials.user.isEmpty() || credentials.password.isEmpty() ||
        (!parts.at(0).isEmpty() && parts.at(0) != credentials.user) ||
        WireText::hasForbiddenControlBytes(credentials.user) ||
        WireText::hasForbiddenControlBytes(credentials.password))
        return std::nullopt;
    return credentials;
}

QByteArray encodeAuthPlain(const SmtpCredentials &credentials)
{
    return (QByteArray(1, '\0') + credentials.user + '\0' + credentials.password).toBase64();
}

QByteArray localEhloReply(QByteArrayView greetingName, const SmtpCapabilities &server)
{
    QList<QByteArray> lines{greetingName.toByteArray(), "PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES"};
    if (server.sizeLimit)
        lines << (*server.sizeLimit > 0 ? "SIZE " + QByteArray::number(*server.sizeLimit) : QByteArray("SIZE"));
    if (server.has("SMTPUTF8"))
        lines << "SMTPUTF8";
    lines << "AUTH LOGIN PLAIN"
          << "AUTH=LOGIN PLAIN";
    QByteArray reply;
    for (qsizetype i = 0; i < lines.size(); ++i)
        reply += "250" + QByteArray(i + 1 < lines.size() ? "-" : " ") + lines.at(i) + "\r\n";
    return reply;
}

} // namespace SmtpCodec

// Only a dot at the start of a line can begin the end, so in the middle of a line the tracker jumps to the next dot
// (memchr) instead of looking at every byte: a message body costs one memchr per dot, not a branch per byte (the SMTP
// benchmark found the per-byte loop to be half of what relaying a 30 MiB message cost). Between dots only CR and LF
// matter, and the last two bytes before the dot decide the state there: CR LF is a line start, CR a pending line end.
qsizetype SmtpDataTracker::feed(QByteArrayView chunk)
{
    const char *data = chunk.data();
    const qsizetype size = chunk.size();
    qsizetype i = 0;
    while (i < size) {
        if (m_state == State::Ended)
            return i;
        if (m_state == State::Middle) {
            const void *dot = std::memchr(data + i, '.', size_t(size - i));
            const qsizetype next = dot ? static_cast<const char *>(dot) - data : size;
            if (next - i >= 2) {
                const char before = data[next - 2];
                const char last = data[next - 1];
                m_state = before == '\r' && last == '\n' ? State::LineStart : last == '\r' ? State::Cr : State::Middle;
                i = next;
                continue;
            }
        }
        step(data[i]);
        ++i;
    }
    return size;
}

void SmtpDataTracker::step(char c)
{
    switch (m_state) {
    case State::LineStart:
        m_state = c == '.' ? State::Dot : c == '\r' ? State::Cr : State::Middle;
        break;
    case State::Dot:
        m_state = c == '\r' ? State::DotCr : State::Middle;
        break;
    case State::DotCr:
        m_state = c == '\n' ? State::Ended : c == '\r' ? State::Cr : State::Middle;
        break;
    case State::Cr:
        m_state = c == '\n' ? State::LineStart : c == '\r' ? State::Cr : State::Middle;
        break;
    case State::Middle:
        if (c == '\r')
            m_state = State::Cr;
        break;
    case State::Ended:
        break;
    }
}

} // namespace mailshim
