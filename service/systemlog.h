#pragma once

// SystemLog: the few lines an administrator looks for in the system's own log: the service started,
// stopped, or died of a fatal error. Windows: the Application event log, source "MailShim". Elsewhere the
// service's stderr already goes to the journal, so these are no-ops. Never pass passwords here.

#include <QString>

namespace mailshim::SystemLog {

enum class Kind { Info, Warning, Error };

void write(Kind kind, const QString &text);

} // namespace mailshim::SystemLog
