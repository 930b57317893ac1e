#pragma once

// MemoryCredentialStore: the one fake CredentialStore (and so PasswordSource) of the tests, kept in memory, that
// can be told to refuse (as a locked or missing keychain does) or to be slow, and remembers every key it was asked
// for. The widget tests and the engine's stored-password tests use it; the real keychain backends are tested in
// tests/credentials and tests/windows.

#include "credentials/credentialstore.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

class MemoryCredentialStore final : public mailshim::CredentialStore
{
public:
    QHash<QString, QByteArray> entries;   // by CredentialKey::toString()
    QString refuseWith;                   // non-empty: store() fails with this reason, lookup() is Unavailable
    int delayMs = 0;                      // how long store() takes, like a keychain waiting for an unlock prompt
    int lookupDelayMs = 0;                // how long lookup() takes
    QList<mailshim::CredentialKey> asked; // every key lookup() was called with, in order

    void lookup(const mailshim::CredentialKey &key, QObject *context,
                std::function<void(const mailshim::PasswordAnswer &)> done) override;
    void store(const mailshim::CredentialKey &key, const QByteArray &password, QObject *context,
               DoneCallback done) override;
    void remove(const mailshim::CredentialKey &key, QObject *context, DoneCallback done) override;
};
