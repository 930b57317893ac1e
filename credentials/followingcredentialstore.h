#pragma once

// FollowingCredentialStore: the one CredentialStore the tray program's widgets hold, whose implementation follows
// the engine: while the engine runs in this program, the user's own keychain; while the background service is the
// engine, the service's store over the control channel (RemoteCredentialStore). Each call goes to the store the
// function names at that moment, so a password typed after the engine moved goes where the new engine reads it.

#include "credentials/credentialstore.h"

namespace mailshim {

class FollowingCredentialStore final : public CredentialStore
{
public:
    // current: the store of the engine now; never null.
    explicit FollowingCredentialStore(std::function<CredentialStore *()> current) : m_current(std::move(current)) {}
    ~FollowingCredentialStore() override = default;
    Q_DISABLE_COPY_MOVE(FollowingCredentialStore)

    void lookup(const CredentialKey &key, QObject *context, std::function<void(const PasswordAnswer &)> done) override
    {
        m_current()->lookup(key, context, std::move(done));
    }
    void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) override
    {
        m_current()->store(key, password, context, std::move(done));
    }
    void remove(const CredentialKey &key, QObject *context, DoneCallback done) override
    {
        m_current()->remove(key, context, std::move(done));
    }

private:
    std::function<CredentialStore *()> m_current;
};

} // namespace mailshim
