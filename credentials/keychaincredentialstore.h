#pragma once

// KeychainCredentialStore: the CredentialStore in the OS keychain (Secret Service on Linux, Credential
// Manager on Windows) through QtKeychain. One entry per account, service "MailShim", named by
// CredentialKey::toString(). It never falls back to a plain-text file: without a keychain every answer is
// "unavailable" with the reason, and the client's own password is used.

#include "credentials/credentialstore.h"

namespace mailshim {

class KeychainCredentialStore final : public CredentialStore
{
public:
    KeychainCredentialStore() = default;
    ~KeychainCredentialStore() override = default;
    Q_DISABLE_COPY_MOVE(KeychainCredentialStore)

    // The keychain's service name for every MailShim entry.
    static QString serviceName();

    void lookup(const CredentialKey &key, QObject *context, std::function<void(const PasswordAnswer &)> done) override;
    // password must be non-empty UTF-8 text without NUL bytes (keychains store text); else done(false, ...).
    void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) override;
    void remove(const CredentialKey &key, QObject *context, DoneCallback done) override;
};

} // namespace mailshim
