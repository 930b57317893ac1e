#include "benchmailbox.h"

namespace BenchMailbox {

namespace {

QByteArray message(int number, qsizetype size)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    QByteArray text = "From: bench@example.org\nTo: bench@example.org\nSubject: bench " + QByteArray::number(number) +
                      "\nMessage-ID: <bench-" + QByteArray::number(number) + "@example.org>\n\n";
    text.reserve(size + 80);
    quint32 state = 0x9e3779b9u ^ quint32(number);
    while (text.size() < size) {
        // 76-column lines of xorshift noise: no line starts with a dot, so the octets on the wire equal the size.
        const qsizetype length = qMin<qsizetype>(76, size - text.size() - 1);
        for (qsizetype column = 0; column < length; ++column) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            text += alphabet[state % 64];
        }
        text += '\n';
    }
    return text;
}

} // namespace

QList<QByteArray> throughputMessages()
{
    QList<QByteArray> messages{message(1, kLargeSize)};
    for (int i = 0; i < kSmallCount; ++i)
        messages.append(message(i + 2, kSmallSize));
    return messages;
}

QList<QByteArray> sessionMessages()
{
    return {message(1, kSmallSize)};
}

} // namespace BenchMailbox
