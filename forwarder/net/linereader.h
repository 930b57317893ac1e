#pragma once

// LineReader: a byte stream cut into lines under a hard cap, for every line-based protocol MailShim speaks
// (POP3 today, SMTP next) on either side of a session.

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace mailshim {

// Splits a byte stream into lines. A line ends at LF; a CR right before it is dropped, so bare-LF clients
// work. A line longer than the cap (terminator included) is an error and the reader stops accepting input,
// so a client that never sends LF cannot make the buffer grow without bound.
class LineReader
{
public:
    // What an overlong line does. Stop: the reader stops at once (a POP3 or SMTP peer that sends one is ended).
    // Skip: the lines before it are still taken, then overflowed() turns true until skipOverlongLine() (the control
    // channel answers one bad frame with an error and reads on).
    enum class Overlong { Stop, Skip };

    explicit LineReader(qsizetype maxLineLength, Overlong overlong = Overlong::Stop)
        : m_maxLineLength(maxLineLength), m_overlong(overlong)
    {
    }

    // Appends bytes. Returns false once the pending (unterminated) data exceeds the cap; a complete line over
    // the cap is found by takeLine(). Either way overflowed() turns true and the reader stops.
    bool append(QByteArrayView data);
    // Takes the next complete line without its terminator, or nullopt if none is complete yet.
    std::optional<QByteArray> takeLine();
    bool overflowed() const { return m_overflow; }
    // After an overflow, for framings that answer one bad line with an error and read on (the control channel):
    // drops the overlong line up to its LF (which may still be on its way) and accepts input again.
    void skipOverlongLine();
    bool hasPendingBytes() const { return m_pos < m_buffer.size(); }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }
    // Whatever is buffered but not yet returned as a line (used to forward pipelined input).
    QByteArray takeRemainder();

private:
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qsizetype m_maxLineLength;
    Overlong m_overlong;
    bool m_overflow = false;
    bool m_skipping = false; // dropping the rest of an overlong line until its LF
};

} // namespace mailshim
