#include "core/passwordsource.h"

namespace mailshim {

QString CredentialKey::toString() const
{
    return QStringLiteral("%1@%2:%3").arg(user, host.toLower()).arg(port);
}

} // namespace mailshim
