#pragma once

// Message: a sentence the engine reports (a log line, why a login failed, a listener's state), kept as its English
// source and its arguments, so that each reader words it: log files and the console in English (searchable,
// shareable), the window in the user's language. Arguments are quoted text (a host name, a server's reply: never
// translated) or messages themselves ("did not answer during %1" with "the TLS handshake").
//
// Every source is written as QT_TRANSLATE_NOOP("Engine", "...") at its call site, so lupdate collects it into the
// translation files with the widgets' own words; translated() looks it up in the "Engine" context.

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <initializer_list>
#include <type_traits>

namespace mailshim {

class Message
{
public:
    Message() = default;
    // Quoted text, shown as it is in every language.
    Message(const QString &text) : m_literal(text) {} // NOLINT: implicit, so arguments read naturally
    // A number, shown as it is.
    template <typename Number, std::enable_if_t<std::is_integral_v<Number> && !std::is_same_v<Number, bool> &&
                                                    !std::is_same_v<Number, char>,
                                                int> = 0>
    Message(Number number) : m_literal(QString::number(number)) // NOLINT: implicit, as above
    {
    }
    // source: the English sentence with %1..%9 for the arguments, from QT_TRANSLATE_NOOP("Engine", ...).
    Message(const char *source, std::initializer_list<Message> args);

    bool isEmpty() const { return m_source.isEmpty() && m_literal.isEmpty(); }
    // The English sentence, as log files keep it.
    QString english() const;
    // In the language of the translators installed in this process (English when there are none).
    QString translated() const;
    // The English source of a sentence (empty for quoted text): what a UI may compare against.
    const QByteArray &source() const { return m_source; }
    const QList<Message> &arguments() const { return m_args; }

    // For the control channel: a string for quoted text, {"s": source, "a": [arguments]} for a sentence.
    QJsonValue toJson() const;
    static Message fromJson(const QJsonValue &value);

    bool operator==(const Message &other) const;
    bool operator!=(const Message &other) const { return !(*this == other); }

private:
    template <typename Word> QString fill(const QString &format, Word word) const;

    QByteArray m_source;
    QString m_literal;
    QList<Message> m_args;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::Message)
