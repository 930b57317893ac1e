#include "core/poploginregistry.h"

namespace mailshim {

void PopLoginRegistry::record(const QString &hostKey)
{
    m_logins[hostKey].start();
}

std::optional<qint64> PopLoginRegistry::msSinceLogin(const QString &hostKey) const
{
    const auto it = m_logins.constFind(hostKey);
    if (it == m_logins.constEnd())
        return std::nullopt;
    return it->elapsed();
}

} // namespace mailshim
