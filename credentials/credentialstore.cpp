#include "credentials/credentialstore.h"

#ifdef Q_OS_WIN
#include "credentials/wincredcredentialstore.h"
#else
#include "credentials/keychaincredentialstore.h"
#endif

namespace mailshim {

// Out of line so the vtable has one home.
CredentialStore::~CredentialStore() = default;

std::unique_ptr<CredentialStore> CredentialStore::createForThisPlatform()
{
#ifdef Q_OS_WIN
    return std::make_unique<WinCredCredentialStore>(); // Debian's archive serves no QtKeychain for Windows
#else
    return std::make_unique<KeychainCredentialStore>();
#endif
}

} // namespace mailshim
