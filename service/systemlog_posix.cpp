#include "service/systemlog.h"

namespace mailshim::SystemLog {

// systemd's journal (or the terminal) already gets the service's stderr, which carries the same lines.
void write(Kind, const QString &) {}

} // namespace mailshim::SystemLog
