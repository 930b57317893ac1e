#pragma once

// SmtpCodec: the pure, socket-free parts of SMTP (RFC 5321) that MailShim's SMTP side needs: reply lines and
// multi-line replies, the server's EHLO capabilities, client commands, AUTH PLAIN and LOGIN data (RFC 4616, the LOGIN
// draft), the EHLO reply MailShim itself gives an old client, and the end of a DATA stream. Everything works on bytes,
// so tests and fuzzers call it without sockets, as they do Pop3Codec.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QSet>
#include <QString>
#include <optional>

namespace mailshim {

// One server reply, possibly multi-line ("250-first", "250 last").
struct SmtpReply
{
    int code = 0;            // 200..599
    QList<QByteArray> lines; // the text after "NNN-" / "NNN ", one per line
    bool isPositive() const { return code >= 200 && code < 400; }
    bool isTransientFailure() const { return code >= 400 && code < 500; }
};

// Reads a server's reply line by line (lines without CRLF, as LineReader gives them).
class SmtpReplyReader
{
public:
    enum class Result { NeedMore, Complete, Invalid };

    // Invalid: not "NNN", "NNN-text" or "NNN text", a code outside 200..599, or a continuation line whose code
    // differs from the first line's (RFC 5321 4.2.1). The reader then stays invalid.
    Result feed(QByteArrayView line);
    // After Complete: the reply; the reader is ready for the next one.
    SmtpReply take();
    // More lines than this in one reply is Invalid (a server cannot make MailShim hold an endless EHLO reply).
    static constexpr int kMaxLines = 100;

private:
    SmtpReply m_reply;
    bool m_complete = false;
    bool m_invalid = false;
};

// What a server's EHLO reply offers.
struct SmtpCapabilities
{
    QSet<QByteArray> keywords;       // upper-cased EHLO keywords: "PIPELINING", "STARTTLS", "AUTH", ...
    QSet<QByteArray> authMechanisms; // upper-cased, from "AUTH ..." and the old "AUTH=..." form
    std::optional<qint64> sizeLimit; // SIZE n (0: no fixed limit); nullopt when SIZE is not offered
    bool has(QByteArrayView keyword) const { return keywords.contains(keyword.toByteArray()); }
};

struct SmtpCommand
{
    QByteArray verb;     // upper-cased: "EHLO", "MAIL", "AUTH", ...
    QByteArray argument; // everything after the first space, verbatim
};

struct SmtpCredentials
{
    QByteArray user;
    QByteArray password;
};

namespace SmtpCodec {

// The capabilities in an EHLO reply (its first line is the server's greeting text, not a keyword).
SmtpCapabilities capabilities(const SmtpReply &ehloReply);

// Parses one client line (CRLF already removed).
SmtpCommand parseCommand(QByteArrayView line);

// A reply MailShim words itself for one of its own failures ("421 4.4.2 MailShim: <text>", no CRLF): codes are the
// reply code and enhanced code, always 4xx (but 535 5.7.8 for a login refused on the server's behalf: an OAuth
// sign-in needed, a user name not the listener's account); text is English (the protocol's language), made printable
// and bounded.
QByteArray mailShimReply(QByteArrayView codes, const QString &text);

// PLAIN or LOGIN for the server: PLAIN when it offers it, else LOGIN; nullopt when it offers neither.
std::optional<QByteArray> bestAuthMechanism(const SmtpCapabilities &server);

// RFC 4616: base64 of [authzid] NUL authcid NUL passwd. nullopt for bad base64, a wrong shape, an empty user or
// password, an authorization identity other than the user's own, or CR/LF inside.
std::optional<SmtpCredentials> decodeAuthPlain(QByteArrayView base64);
QByteArray encodeAuthPlain(const SmtpCredentials &credentials);
// One base64 line of AUTH LOGIN: nullopt for bad base64 or a NUL, CR or LF inside.
std::optional<QByteArray> decodeBase64Line(QByteArrayView base64);

// The EHLO reply MailShim gives the client (lines with CRLF): what it relays faithfully and nothing it would have to
// refuse: PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES, the server's SIZE, SMTPUTF8 when the server has it, and AUTH
// LOGIN PLAIN in both forms; never STARTTLS (the local link is plain by design) or CHUNKING (the client uses DATA).
QByteArray localEhloReply(QByteArrayView greetingName, const SmtpCapabilities &server);

} // namespace SmtpCodec

// Follows a DATA stream from the client to its end, the line "." (RFC 5321 4.1.1.4), however the bytes are cut,
// without changing them (dot-stuffing is the client's and the server's business).
class SmtpDataTracker
{
public:
    // How many bytes of chunk belong to the message, terminator included; the rest (pipelined commands) is not.
    // ended() is true once the terminator has been seen.
    qsizetype feed(QByteArrayView chunk);
    bool ended() const { return m_state == State::Ended; }

private:
    enum class State { LineStart, Dot, DotCr, Middle, Cr, Ended };
    void step(char c);
    State m_state = State::LineStart;
};

} // namespace mailshim
