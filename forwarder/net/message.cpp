#include "net/message.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace mailshim {

Message::Message(const char *source, std::initializer_list<Message> args) : m_source(source), m_args(args) {}

// Replaces %1..%9 in one pass, so an argument that itself holds "%1" (a server's reply may) is not filled again.
template <typename Word> QString Message::fill(const QString &format, Word word) const
{
    QString out;
    out.reserve(format.size());
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar c = format.at(i);
        if (c == QLatin1Char('%') && i + 1 < format.size() && format.at(i + 1) >= QLatin1Char('1') &&
            format.at(i + 1) <= QLatin1Char('9')) {
            const int index = format.at(i + 1).digitValue() - 1;
            if (index < m_args.size()) {
                out += word(m_args.at(index));
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

QString Message::english() const
{
    if (m_source.isEmpty())
        return m_literal;
    return fill(QString::fromUtf8(m_source), [](const Message &arg) { return arg.english(); });
}

QString Message::translated() const
{
    if (m_source.isEmpty())
        return m_literal;
    return fill(QCoreApplication::translate("Engine", m_source.constData()),
                [](const Message &arg) { return arg.translated(); });
}

QJsonValue Message::toJson() const
{
    if (m_source.isEmpty())
        return m_literal;
    QJsonArray args;
    for (const Message &arg : m_args)
        args.append(arg.toJson());
    return QJsonObject{{QStringLiteral("s"), QString::fromUtf8(m_source)}, {QStringLiteral("a"), args}};
}

Message Message::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Message(value.toString());
    const QJsonObject object = value.toObject();
    Message message;
    message.m_source = object.value(QStringLiteral("s")).toString().toUtf8();
    const QJsonArray args = object.value(QStringLiteral("a")).toArray();
    for (qsizetype i = 0; i < args.size() && i < 9; ++i) // at most %1..%9, however deep a peer nests them
        message.m_args.append(fromJson(args.at(i)));
    return message;
}

bool Message::operator==(const Message &other) const
{
    return m_source == other.m_source && m_literal == other.m_literal && m_args == other.m_args;
}

} // namespace mailshim
