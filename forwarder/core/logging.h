#pragma once

// Logging: one Qt logging category per module, and the LogRecord stream the engine emits for the UI,
// the console and log files. Passwords and APOP digests never enter a LogRecord.

#include "core/config.h"
#include "net/message.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMetaType>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcPop3)
Q_DECLARE_LOGGING_CATEGORY(lcUpstream)
Q_DECLARE_LOGGING_CATEGORY(lcTls)
Q_DECLARE_LOGGING_CATEGORY(lcListener)
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
Q_DECLARE_LOGGING_CATEGORY(lcRouter)
Q_DECLARE_LOGGING_CATEGORY(lcProbe)
Q_DECLARE_LOGGING_CATEGORY(lcSmtp)

namespace mailshim {

struct LogRecord
{
    QDateTime time;
    LogLevel level = LogLevel::All;
    QString category;    // "mailshim.pop3", ...
    QString listener;    // listener name, empty for engine-wide records
    quint64 session = 0; // session number, 0 when not about one session
    QString text;        // in English: what log files, the console and a search see
    Message message;     // the same sentence, for a window to word in the user's language (may be empty: use text)

    // "2026-11-22 10:00:00 problems mailshim.upstream [isp #12] text"
    QString format() const;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::LogRecord)
