#include "service/control/controlprotocol.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

namespace mailshim::ControlProtocol {

namespace {

struct KindName
{
    ServerError::Kind kind;
    const char *name;
};
constexpr KindName kKindNames[] = {
    {ServerError::Kind::None, "none"},         {ServerError::Kind::Unreachable, "unreachable"},
    {ServerError::Kind::Timeout, "timeout"},   {ServerError::Kind::Tls, "tls"},
    {ServerError::Kind::Protocol, "protocol"}, {ServerError::Kind::Auth, "auth"},
    {ServerError::Kind::Loop, "loop"},         {ServerError::Kind::SignInNeeded, "signin"},
};

QString kindName(ServerError::Kind kind)
{
    for (const KindName &k : kKindNames) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return QStringLiteral("none");
}

ServerError::Kind kindFromName(const QString &name)
{
    for (const KindName &k : kKindNames) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return ServerError::Kind::None;
}

ListenerStatus::State stateFromName(const QString &name)
{
    for (auto state : {ListenerStatus::State::Listening, ListenerStatus::State::Waiting}) {
        if (name == listenerStateName(state))
            return state;
    }
    return ListenerStatus::State::Stopped;
}

QString timeToJson(const QDateTime &time)
{
    return time.isValid() ? time.toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFromJson(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

} // namespace

QByteArray encode(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<QJsonObject> decode(const QByteArray &line, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return document.object();
}

QJsonObject statusToJson(const ListenerStatus &status)
{
    return QJsonObject{
        {QStringLiteral("state"), listenerStateName(status.state)},
        {QStringLiteral("detail"), status.detail.english()},       // for scripts and logs
        {QStringLiteral("detailMessage"), status.detail.toJson()}, // for a window to word
        {QStringLiteral("activeSessions"), status.activeSessions},
        {QStringLiteral("totalSessions"), double(status.totalSessions)},
        {QStringLiteral("rejectedSessions"), double(status.rejectedSessions)},
        {QStringLiteral("lastConnection"), timeToJson(status.lastConnection)},
        {QStringLiteral("lastOk"), status.lastOk},
        {QStringLiteral("lastResult"), status.lastResult.english()},
        {QStringLiteral("lastResultMessage"), status.lastResult.toJson()},
        {QStringLiteral("lastFailure"), kindName(status.lastFailure)},
    };
}

// The structured "<key>Message" when the peer sent one, else the English "<key>" as quoted text.
static Message messageFromJson(const QJsonObject &object, const QString &key)
{
    const QJsonValue structured = object.value(key + QLatin1String("Message"));
    return structured.isUndefined() ? Message(object.value(key).toString()) : Message::fromJson(structured);
}

ListenerStatus statusFromJson(const QJsonObject &object)
{
    ListenerStatus status;
    status.state = stateFromName(object.value(QStringLiteral("state")).toString());
    status.detail = messageFromJson(object, QStringLiteral("detail"));
    status.activeSessions = object.value(QStringLiteral("activeSessions")).toInt();
    status.totalSessions = quint64(object.value(QStringLiteral("totalSessions")).toDouble());
    status.rejectedSessions = quint64(object.value(QStringLiteral("rejectedSessions")).toDouble());
    status.lastConnection = timeFromJson(object.value(QStringLiteral("lastConnection")));
    status.lastOk = object.value(QStringLiteral("lastOk")).toBool(true);
    status.lastResult = messageFromJson(object, QStringLiteral("lastResult"));
    status.lastFailure = kindFromName(object.value(QStringLiteral("lastFailure")).toString());
    return status;
}

QJsonObject logRecordToJson(const LogRecord &record)
{
    return QJsonObject{
        {QStringLiteral("time"), timeToJson(record.time)},    {QStringLiteral("level"), logLevelName(record.level)},
        {QStringLiteral("category"), record.category},        {QStringLiteral("listener"), record.listener},
        {QStringLiteral("session"), double(record.session)},  {QStringLiteral("text"), record.text},
        {QStringLiteral("message"), record.message.toJson()},
    };
}

LogRecord logRecordFromJson(const QJsonObject &object)
{
    LogRecord record;
    record.time = timeFromJson(object.value(QStringLiteral("time")));
    record.level = logLevelFromName(object.value(QStringLiteral("level")).toString()).value_or(LogLevel::All);
    record.category = object.value(QStringLiteral("category")).toString();
    record.listener = object.value(QStringLiteral("listener")).toString();
    record.session = quint64(object.value(QStringLiteral("session")).toDouble());
    record.text = object.value(QStringLiteral("text")).toString();
    record.message = Message::fromJson(object.value(QStringLiteral("message")));
    return record;
}

QJsonObject configToJson(const Config &config)
{
    return QJsonDocument::fromJson(ConfigLoader::toJson(config)).object();
}

ConfigLoadResult configFromJson(const QJsonObject &object)
{
    return ConfigLoader::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonArray issuesToJson(const QList<ConfigIssue> &issues)
{
    QJsonArray array;
    for (const ConfigIssue &issue : issues)
        array.append(QJsonObject{{QStringLiteral("field"), issue.field},
                                 {QStringLiteral("message"), issue.message.english()},         // for scripts
                                 {QStringLiteral("messageMessage"), issue.message.toJson()}}); // for a window
    return array;
}

QList<ConfigIssue> issuesFromJson(const QJsonArray &array)
{
    QList<ConfigIssue> issues;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        issues.append(ConfigIssue{object.value(QStringLiteral("field")).toString(),
                                  messageFromJson(object, QStringLiteral("message"))});
    }
    return issues;
}

QJsonObject credentialKeyToJson(const CredentialKey &key)
{
    return QJsonObject{{QStringLiteral("host"), key.host},
                       {QStringLiteral("port"), int(key.port)},
                       {QStringLiteral("user"), key.user}};
}

std::optional<CredentialKey> credentialKeyFromJson(const QJsonValue &value, QString *error)
{
    const QJsonObject object = value.toObject();
    const QJsonValue host = object.value(QStringLiteral("host"));
    const QJsonValue port = object.value(QStringLiteral("port"));
    const QJsonValue user = object.value(QStringLiteral("user"));
    const auto text = [](const QJsonValue &v) {
        const QString s = v.toString();
        return v.isString() && !s.isEmpty() && s.size() <= 1024 &&
               std::none_of(s.cbegin(), s.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    };
    const double number = port.toDouble(-1);
    // A refresh token's entry (RefreshTokenStore::keyFor: host "oauth2/<provider>", port 0) travels like a password.
    const double lowest = host.toString().startsWith(QLatin1String("oauth2/")) ? 0 : 1;
    if (!value.isObject() || !text(host) || !text(user) || !port.isDouble() || number < lowest || number > 65535 ||
        number != double(int(number))) {
        *error = QStringLiteral("\"key\" must be {\"host\": text, \"port\": 1-65535, \"user\": text}");
        return std::nullopt;
    }
    return CredentialKey{host.toString(), quint16(number), user.toString()};
}

void FrameReader::append(const QByteArray &bytes)
{
    m_reader.append(bytes); // an overlong line is reported by next(), after the lines before it
}

std::optional<FrameReader::Line> FrameReader::next()
{
    if (std::optional<QByteArray> line = m_reader.takeLine())
        return Line{std::move(*line), false};
    if (!m_reader.overflowed())
        return std::nullopt;
    m_reader.skipOverlongLine();
    return Line{{}, true};
}

} // namespace mailshim::ControlProtocol
