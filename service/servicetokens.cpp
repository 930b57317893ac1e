#include "service/servicetokens.h"

#include "oauth/accesstokencache.h"
#include "oauth/refreshtokenstore.h"
#include "service/control/localenginebackend.h"

namespace mailshim {

namespace {
const QString kCategory = QStringLiteral("mailshim.oauth");
}

ServiceTokens::ServiceTokens(CredentialStore &store, QObject *parent)
    : QObject(parent), m_store(std::make_unique<RefreshTokenStore>(store)),
      m_cache(std::make_unique<AccessTokenCache>(*m_store))
{
    connect(m_cache.get(), &AccessTokenCache::signInNeeded, this, &ServiceTokens::signInNeeded);
}

ServiceTokens::~ServiceTokens() = default;

AccessTokenSource *ServiceTokens::source() const
{
    return m_cache.get();
}

QStringList ServiceTokens::listenersOf(const LocalEngineBackend &backend, const OAuthAccount &account)
{
    const CredentialKey key = RefreshTokenStore::keyFor(account);
    QStringList names;
    for (const ListenerConfig &listener : backend.config().listeners) {
        if (listener.login == UpstreamLogin::OAuth2 && RefreshTokenStore::keyFor(listener.oauthAccount()) == key)
            names.append(listener.name);
    }
    return names;
}

bool ServiceTokens::credentialChanged(const CredentialKey &key)
{
    if (!key.host.startsWith(QLatin1String("oauth2/")) || !m_cache->storedTokenChanged(key))
        return false;
    if (m_backend)
        m_backend->note(LogLevel::Major, kCategory,
                        Message(QT_TRANSLATE_NOOP("Engine", "the sign-in of %1 changed: its next login reads it"),
                                {key.toString()}));
    return true;
}

void ServiceTokens::signInNeeded(const OAuthAccount &account, const QString &detail)
{
    if (!m_backend)
        return;
    const QStringList listeners = listenersOf(*m_backend, account);
    m_backend->note(LogLevel::Major, kCategory,
                    Message(QT_TRANSLATE_NOOP("Engine", "sign in again: %1 (listener %2): %3; sign in from the tray "
                                                        "program, or run mailshim-service --sign-in %4"),
                            {RefreshTokenStore::keyFor(account).toString(), listeners.join(QStringLiteral(", ")),
                             detail, listeners.value(0, QStringLiteral("<listener>"))}));
}

} // namespace mailshim
