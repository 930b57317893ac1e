#include "net/backoff.h"

#include <QtGlobal>
#include <algorithm>

namespace mailshim {

int backoffMs(int attempt, int initialMs, int maxMs)
{
    qint64 delay = initialMs;
    for (int i = 0; i < attempt && delay < maxMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, maxMs));
}

} // namespace mailshim
