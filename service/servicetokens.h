#pragma once

// ServiceTokens: the OAuth 2.0 side of the service's engine (issue 20). An AccessTokenCache over a RefreshTokenStore
// on the service's own CredentialStore (the store the control channel's setPassword writes), for the engine's oauth2
// listeners; a refresh token stored over the control channel (a sign-in in the tray or with `mailshim-service
// --sign-in`) clears that account's "sign in again" state here; and a refused refresh becomes one line in the log,
// naming the listeners and what to do. The listener's status says "signin" by itself (the session's failure).

#include "core/passwordsource.h"

#include <QObject>
#include <QPointer>
#include <memory>

namespace mailshim {

class AccessTokenCache;
class AccessTokenSource;
class CredentialStore;
class LocalEngineBackend;
class RefreshTokenStore;
struct OAuthAccount;

class ServiceTokens final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceTokens)

public:
    // store: the service's own, not owned; must outlive this.
    explicit ServiceTokens(CredentialStore &store, QObject *parent = nullptr);
    ~ServiceTokens() override;

    AccessTokenSource *source() const;
    AccessTokenCache &cache() const { return *m_cache; }

    // The log of this engine gets "sign in again" and "signed in" lines (the backend may go first).
    void reportTo(LocalEngineBackend *backend) { m_backend = backend; }
    // The control channel stored or removed key in the service's store. True when it is the refresh token of an
    // account this cache knew: from now on that account's logins read the new one.
    bool credentialChanged(const CredentialKey &key);

    // The names of backend's oauth2 listeners that sign in as account ("a, b").
    static QStringList listenersOf(const LocalEngineBackend &backend, const OAuthAccount &account);

private:
    void signInNeeded(const OAuthAccount &account, const QString &detail);

    std::unique_ptr<RefreshTokenStore> m_store;
    std::unique_ptr<AccessTokenCache> m_cache;
    QPointer<LocalEngineBackend> m_backend;
};

} // namespace mailshim
