#include "core/filelimit.h"

#ifdef Q_OS_UNIX
#include <QFile>
#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#endif

namespace mailshim {

FileLimitResult raiseFileLimit()
{
    FileLimitResult result;
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        result.error = QString::fromLocal8Bit(std::strerror(errno));
        return result;
    }
    result.before = result.after = qint64(limit.rlim_cur);
    if (limit.rlim_cur == RLIM_INFINITY)
        return result;
    rlim_t target = limit.rlim_max;
    if (target == RLIM_INFINITY) {
        // Linux refuses an infinite RLIMIT_NOFILE: its ceiling is fs.nr_open (1048576 by default).
        QFile nrOpen(QStringLiteral("/proc/sys/fs/nr_open"));
        bool ok = false;
        const qint64 ceiling = nrOpen.open(QIODevice::ReadOnly) ? nrOpen.readAll().trimmed().toLongLong(&ok) : 0;
        target = ok && ceiling > 0 ? rlim_t(ceiling) : rlim_t(1048576);
    }
    if (limit.rlim_cur >= target)
        return result; // already as high as it goes
    limit.rlim_cur = target;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        result.error = QString::fromLocal8Bit(std::strerror(errno));
        return result;
    }
    result.after = qint64(target);
#endif
    return result;
}

} // namespace mailshim
