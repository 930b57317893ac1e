#include "net/wiretext.h"

#include <QString>

namespace mailshim::WireText {

bool hasForbiddenControlBytes(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (c == '\0' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

bool looksLikeHttpRequest(const QByteArray &line)
{
    static const char *const methods[] = {"GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ", "CONNECT ", "PATCH ", "TRACE "};
    for (const char *method : methods) {
        if (line.startsWith(method))
            return true;
    }
    return line.contains(" HTTP/1.") || line.contains(" HTTP/2");
}

QString sanitizeForDisplay(QByteArrayView text, qsizetype maxChars)
{
    QString s = QString::fromUtf8(text.data(), text.size());
    for (QChar &c : s) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char('?');
    }
    if (s.size() > maxChars)
        s = s.left(maxChars) + QStringLiteral("...");
    return s;
}

} // namespace mailshim::WireText
