#pragma once

// CredentialStore: a PasswordSource the user can also write to, so the settings window can store, replace
// and forget an account's password while the engine only ever reads. Passwords live only in the store
// behind it (the OS keychain), never in the config file or the log.

#include "core/passwordsource.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace mailshim {

class CredentialStore : public PasswordSource
{
public:
    // ok is false when the store could not do it; error then says why in plain words (never the password).
    using DoneCallback = std::function<void(bool ok, const QString &error)>;

    CredentialStore() = default;
    ~CredentialStore() override;
    Q_DISABLE_COPY_MOVE(CredentialStore)

    // Stores password (UTF-8) for key, replacing any stored one. Like lookup(): calls done exactly once,
    // later or at once; if context is destroyed first, done is never called.
    virtual void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) = 0;
    // Forgets the password for key. Forgetting one that is not stored succeeds. Same contract as store().
    virtual void remove(const CredentialKey &key, QObject *context, DoneCallback done) = 0;

    // The OS keychain of this platform: the Windows Credential Manager, or QtKeychain (Secret Service).
    static std::unique_ptr<CredentialStore> createForThisPlatform();
};

} // namespace mailshim
