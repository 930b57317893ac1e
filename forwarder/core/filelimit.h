#pragma once

// FileLimit: raises the process's open-file limit (RLIMIT_NOFILE) from its soft value to the hard one at start.
// Every relayed session holds two descriptors (client and server), so 1000 sessions need more than the soft
// limit of 1024 that most Linux systems start a process with; the hard limit is usually far higher (524288 under
// systemd) and raising the soft one up to it needs no privilege. Windows has no such limit for sockets.

#include <QString>

namespace mailshim {

struct FileLimitResult
{
    qint64 before = -1; // the soft limit found; -1 where the platform has none
    qint64 after = -1;  // the soft limit now
    QString error;      // why it could not be raised; empty when it was, or did not need to be
};

// Safe to call more than once; lowers nothing.
FileLimitResult raiseFileLimit();

} // namespace mailshim
