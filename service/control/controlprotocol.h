#pragma once

// ControlProtocol: the control channel's wire format, shared by the service (ControlServer) and the tray
// program (ControlClient). One JSON object per line (UTF-8, '\n'), at most kMaxLineBytes.
//
//   service → client, on connect:  {"event":"hello","protocol":1,"version":"0.1.0","pid":123}
//   client → service:              {"id":7,"cmd":"status"}            (id: any number, echoed back)
//   service → client:              {"id":7,"ok":true, ...}  or  {"id":7,"ok":false,"error":"...","issues":[...]}
//   after "subscribe", pushed:      {"event":"status","listener":"isp","status":{...}}
//                                   {"event":"log","record":{...}}  {"event":"config","config":{...}}
//                                   {"event":"paused","paused":true}
//
// Commands: status, config, setConfig {config}, setListenerEnabled {listener, enabled}, setPaused {paused},
// reload, recentLog {limit}, subscribe, shutdown, and for stored passwords (the service keeps them in its own
// store, see ControlServer::Hooks::credentials):
//   {"id":8,"cmd":"setPassword","key":{"host":"pop.isp.net","port":995,"user":"alice"},"password":"..."}
//   {"id":9,"cmd":"forgetPassword","key":{...}}            → {"id":8,"ok":true} or {"id":8,"ok":false,"error":"..."}
// A password travels only in a setPassword request: no reply, event or log line ever carries one, and there is no
// command that reads one back. The protocol number changes when a change would break an older peer; a client
// refuses a service that speaks another one.

#include "core/configloader.h"
#include "core/listener.h"
#include "core/logging.h"
#include "core/passwordsource.h"
#include "net/linereader.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <optional>

namespace mailshim::ControlProtocol {

inline constexpr int kVersion = 1;
inline constexpr qsizetype kMaxLineBytes = 1024 * 1024;

// The object as one compact line, '\n' included.
QByteArray encode(const QJsonObject &message);
// Parses one line (without '\n'); an error text names what is wrong with it.
std::optional<QJsonObject> decode(const QByteArray &line, QString *error);

QJsonObject statusToJson(const ListenerStatus &status);
ListenerStatus statusFromJson(const QJsonObject &object);
QJsonObject logRecordToJson(const LogRecord &record);
LogRecord logRecordFromJson(const QJsonObject &object);
QJsonObject configToJson(const Config &config);
// Through ConfigLoader's validation, so a config from the wire is checked like one from a file.
ConfigLoadResult configFromJson(const QJsonObject &object);
QJsonArray issuesToJson(const QList<ConfigIssue> &issues);
QList<ConfigIssue> issuesFromJson(const QJsonArray &array);
// A stored password's account: {"host", "port", "user"}. fromJson checks it (a host and a user without control
// bytes, a port 1-65535) and says what is wrong in *error.
QJsonObject credentialKeyToJson(const CredentialKey &key);
std::optional<CredentialKey> credentialKeyFromJson(const QJsonValue &value, QString *error);

// Splits a byte stream into lines with the engine's LineReader. A line longer than kMaxLineBytes is dropped up to
// its '\n' and reported once as tooLong, so one bad frame costs an error reply, not the connection or the service's
// memory. (A POP3 session stops at an overlong line instead: there the session ends.)
class FrameReader
{
public:
    struct Line
    {
        QByteArray text;
        bool tooLong = false;
    };

    void append(const QByteArray &bytes);
    std::optional<Line> next();

private:
    LineReader m_reader{kMaxLineBytes + 1, LineReader::Overlong::Skip}; // its cap counts the '\n'
};

} // namespace mailshim::ControlProtocol
