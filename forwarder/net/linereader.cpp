#include "net/linereader.h"

namespace mailshim {

bool LineReader::append(QByteArrayView data)
{
    if (m_overflow)
        return false;
    if (m_skipping) { // the rest of a line skipOverlongLine() dropped
        const qsizetype lf = data.indexOf('\n');
        if (lf < 0)
            return true;
        data = data.sliced(lf + 1);
        m_skipping = false;
    }
    if (m_pos > 0 && m_pos >= m_buffer.size() / 2) { // compact now and then instead of on every line
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(data.data(), data.size());
    if (m_overlong == Overlong::Skip)
        return true; // takeLine() finds an overlong line after the good ones before it
    const qsizetype lastLf = m_buffer.lastIndexOf('\n');
    const qsizetype tailStart = lastLf >= m_pos ? lastLf + 1 : m_pos;
    if (m_buffer.size() - tailStart >= m_maxLineLength)
        m_overflow = true;
    return !m_overflow;
}

std::optional<QByteArray> LineReader::takeLine()
{
    if (m_overflow)
        return std::nullopt;
    const qsizetype lf = m_buffer.indexOf('\n', m_pos);
    if (lf < 0) {
        if (m_buffer.size() - m_pos >= m_maxLineLength)
            m_overflow = true;
        return std::nullopt;
    }
    if (lf + 1 - m_pos > m_maxLineLength) {
        m_overflow = true;
        return std::nullopt;
    }
    qsizetype end = lf;
    if (end > m_pos && m_buffer.at(end - 1) == '\r')
        --end;
    QByteArray line = m_buffer.mid(m_pos, end - m_pos);
    m_pos = lf + 1;
    return line;
}

void LineReader::skipOverlongLine()
{
    if (!m_overflow)
        return;
    const qsizetype lf = m_buffer.indexOf('\n', m_pos);
    if (lf >= 0) {
        m_pos = lf + 1;
    } else {
        m_buffer.clear();
        m_pos = 0;
        m_skipping = true;
    }
    m_overflow = false;
}

QByteArray LineReader::takeRemainder()
{
    QByteArray rest = m_buffer.mid(m_pos);
    m_buffer.clear();
    m_pos = 0;
    return rest;
}

} // namespace mailshim
