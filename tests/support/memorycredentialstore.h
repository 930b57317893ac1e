#pragma once

// MemoryCredentialStore: a CredentialStore for widget tests, kept in memory, that can be told to refuse
// (as a locked or missing keychain does). The real keychain backend is tested in tests/ui.

#include "credentials/credentialstore.h"

#include <QHash>
#include <QPointer>
#include <QTimer>

class MemoryCredentialStore final : public mailshim::CredentialStore
{
public:
    QHash<QString, QByteArray> entries; // by CredentialKey::toString()
    QString refuseWith;                 // non-empty: store() fails with this reason, lookup() is Unavailable
    int delayMs = 0;                    // how long store() takes, like a keychain waiting for an unlock prompt

    void lookup(const mailshim::CredentialKey &key, QObject *context,
                std::function<void(const mailshim::PasswordAnswer &)> done) override;
    void store(const mailshim::CredentialKey &key, const QByteArray &password, QObject *context,
               DoneCallback done) override;
    void remove(const mailshim::CredentialKey &key, QObject *context, DoneCallback done) override;
};
