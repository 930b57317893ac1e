#include "credentialstore.h"

namespace mailshim {

// Out of line so the vtable has one home.
CredentialStore::~CredentialStore() = default;

} // namespace mailshim
