#pragma once

// WinCredCredentialStore (Windows only): the CredentialStore in the Windows Credential Manager, through
// wincred.h. The Linux build keeps the same entries in the Secret Service through QtKeychain
// (KeychainCredentialStore); the keying is the same: service "MailShim", entry CredentialKey::toString(). In
// the Credential Manager that is one generic credential per account named "MailShim/user@host:port", kept for
// this user on this machine (it does not roam). Never a plain-text fallback.
//
// The Credential Manager compares names without regard to case, so "alice" and "Alice" at one server share one
// entry: the entry records the exact user name, a lookup for a differently cased name answers NotFound (the
// client's own password is used, never someone else's), and storing for one replaces the other's.

#include "credentials/credentialstore.h"

namespace mailshim {

class WinCredCredentialStore final : public CredentialStore
{
public:
    WinCredCredentialStore() = default;
    ~WinCredCredentialStore() override = default;
    Q_DISABLE_COPY_MOVE(WinCredCredentialStore)

    // The generic credential's name for key: "MailShim/" + key.toString().
    static QString targetName(const CredentialKey &key);

    // Each answer arrives queued on context (like the keychain's), or at once without a context.
    void lookup(const CredentialKey &key, QObject *context, std::function<void(const PasswordAnswer &)> done) override;
    // password must be non-empty UTF-8 text without NUL bytes, at most 2,560 bytes (the Credential Manager's
    // limit); else done(false, ...).
    void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) override;
    void remove(const CredentialKey &key, QObject *context, DoneCallback done) override;
};

} // namespace mailshim
