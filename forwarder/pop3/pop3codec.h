#pragma once

// Pop3Codec: the pure, socket-free parts of POP3 — line reading with hard caps, command and response
// parsing, APOP digest and timestamp checks, and tracking of multi-line responses across reads.
// Everything here works on bytes (QByteArray) so user names and passwords stay opaque end to end.

#include "net/linereader.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <deque>
#include <optional>

namespace mailshim {

struct Pop3Command
{
    QByteArray keyword;  // upper-cased
    QByteArray argument; // everything after the first space, verbatim (passwords may contain spaces)
};

namespace Pop3Codec {

// Parses one client line (terminator already removed). Keywords are case-insensitive (RFC 1939).
Pop3Command parseCommand(const QByteArray &line);

enum class Status { Ok, Err, Invalid };
Status responseStatus(QByteArrayView line);

// The RFC 2449 / RFC 3206 response code of an -ERR line, e.g. "SYS/TEMP", "AUTH", "IN-USE"; empty if none.
QByteArray responseCode(QByteArrayView line);

// The APOP timestamp from a server greeting, validated strictly as an RFC 822 msg-id <local@domain>:
// printable ASCII only, one '@' with text on both sides, not "<>", at most 255 bytes. nullopt if the
// greeting has none or it is malformed — the caller must then refuse APOP, never fall back to USER/PASS.
std::optional<QByteArray> apopTimestamp(QByteArrayView greeting);
bool isValidApopTimestamp(QByteArrayView timestamp);

// RFC 1939 §7: lowercase hex MD5 of timestamp + secret.
QByteArray apopDigest(QByteArrayView timestamp, QByteArrayView secret);

// Removes STLS and SASL from a CAPA response body (lines without terminator), as required after login
// (RFC 2449: the client must not try to upgrade or re-authenticate through us).
QList<QByteArray> filterCapabilitiesAfterLogin(const QList<QByteArray> &lines);

} // namespace Pop3Codec

// What the relay expects in reply to one forwarded client command.
enum class ResponseKind {
    SingleLine,    // status line only
    MultiLineIfOk, // RETR, TOP, LIST/UIDL without argument: +OK is followed by a body ending in CRLF.CRLF
    Capabilities,  // CAPA after login: multi-line, held back and filtered (small and bounded)
};

// Decides the ResponseKind for a client command in the TRANSACTION state.
ResponseKind responseKindFor(const Pop3Command &command);

// Follows the server-to-client byte stream of the TRANSACTION state, response by response, without
// rewriting it: status lines and bodies are forwarded verbatim as they arrive (the multi-line terminator
// may be split across any number of reads). Only a CAPA response is held and filtered.
class ResponseTracker
{
public:
    struct Output
    {
        QByteArray forward;         // bytes to send to the client now
        int completedResponses = 0; // responses that finished in this chunk
        bool protocolError = false; // status line not +OK/-ERR, or over the cap, or data with no command
        QByteArray errorText;
    };

    explicit ResponseTracker(qsizetype maxStatusLine = 8192, qsizetype maxCapaBytes = 16384)
        : m_maxStatusLine(maxStatusLine), m_maxCapaBytes(maxCapaBytes)
    {
    }

    void expect(ResponseKind kind) { m_pending.push_back(kind); }
    int pendingResponses() const { return int(m_pending.size()); }
    // True while a multi-line body is being streamed (an upstream drop now must not be papered over).
    bool inBody() const { return m_state == State::Body || m_state == State::CapaBody; }
    bool atResponseBoundary() const { return m_state == State::StatusStart; }

    Output feed(const QByteArray &chunk);

private:
    enum class State { StatusStart, StatusLine, Body, CapaBody };
    enum class BodyLine { Start, Dot, DotCr, Middle };

    void finishResponse(Output &out);
    QByteArray filteredCapa() const;

    std::deque<ResponseKind> m_pending;
    State m_state = State::StatusStart;
    BodyLine m_bodyLine = BodyLine::Start;
    bool m_holdingCapa = false; // a CAPA response is being collected instead of forwarded
    qsizetype m_statusLength = 0;
    QByteArray m_statusHead; // first bytes of the current status line, to tell +OK from -ERR
    QByteArray m_capa;       // held CAPA response (status line + body)
    qsizetype m_maxStatusLine;
    qsizetype m_maxCapaBytes;
};

} // namespace mailshim
