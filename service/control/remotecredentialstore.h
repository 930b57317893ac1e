#pragma once

// RemoteCredentialStore: the CredentialStore of the tray program while the background service is the engine. A
// password typed in the listener editor or a wizard goes over the (authorised) control channel to the service,
// which keeps it in the store of its own account ("setPassword" / "forgetPassword", see ControlProtocol): that is
// the store its engine reads, which the user's own keychain is not for a Windows service. Nothing is kept here.
//
// lookup() never returns a password: the service hands none out, so a lookup answers Unavailable with the reason
// (a wizard then asks for the password to test with).

#include "credentials/credentialstore.h"

namespace mailshim {

class ControlClient;

class RemoteCredentialStore final : public CredentialStore
{
public:
    // client: the channel to the service, owned by the caller (RemoteEngineBackend); it may be disconnected, and then
    // every answer says so.
    explicit RemoteCredentialStore(ControlClient *client) : m_client(client) {}
    ~RemoteCredentialStore() override = default;
    Q_DISABLE_COPY_MOVE(RemoteCredentialStore)

    void lookup(const CredentialKey &key, QObject *context, std::function<void(const PasswordAnswer &)> done) override;
    void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) override;
    void remove(const CredentialKey &key, QObject *context, DoneCallback done) override;

private:
    void send(const QString &command, QJsonObject arguments, QObject *context, DoneCallback done);

    ControlClient *m_client;
};

} // namespace mailshim
