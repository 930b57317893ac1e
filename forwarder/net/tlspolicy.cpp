#include "net/tlspolicy.h"

namespace mailshim {

bool operator==(const TlsPolicy &a, const TlsPolicy &b)
{
    return a.caFile == b.caFile && a.pinSha256 == b.pinSha256 && a.verifyHostname == b.verifyHostname;
}

} // namespace mailshim
