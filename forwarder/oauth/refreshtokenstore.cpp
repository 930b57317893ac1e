#include "oauth/refreshtokenstore.h"

#include "oauth/oauthlog.h"
#include "oauth/oauthprovider.h"

#include <QCryptographicHash>
#include <QPointer>

namespace mailshim {

namespace {

QByteArray fingerprint(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

} // namespace

RefreshTokenStore::RefreshTokenStore(CredentialStore &store, QObject *parent) : QObject(parent), m_store(store) {}

CredentialKey RefreshTokenStore::keyFor(const OAuthAccount &account)
{
    return {QStringLiteral("oauth2/") + oauthIdentity(account.settings), 0, account.user};
}

void RefreshTokenStore::load(const OAuthAccount &account, QObject *context,
                             std::function<void(const PasswordAnswer &)> done)
{
    QPointer<RefreshTokenStore> self(this);
    const CredentialKey key = keyFor(account);
    m_store.lookup(key, context, [self, key, done = std::move(done)](const PasswordAnswer &stored) {
        if (stored.status == PasswordAnswer::Status::Found && self &&
            self->m_superseded.contains(fingerprint(stored.password))) {
            qCWarning(lcOAuth).noquote() << "the stored refresh token of" << key.toString()
                                         << "was replaced by a newer one that could not be stored";
            done({PasswordAnswer::Status::NotFound,
                  {},
                  QStringLiteral("the stored refresh token was replaced by a newer one that could not be stored")});
            return;
        }
        done(stored);
    });
}

void RefreshTokenStore::storeSignIn(const OAuthAccount &account, const QByteArray &refreshToken, QObject *context,
                                    CredentialStore::DoneCallback done)
{
    QPointer<RefreshTokenStore> self(this);
    m_superseded.remove(fingerprint(refreshToken));
    m_store.store(keyFor(account), refreshToken, context,
                  [self, account, done = std::move(done)](bool ok, const QString &error) {
                      if (ok && self)
                          Q_EMIT self->signedIn(account);
                      done(ok, error);
                  });
}

void RefreshTokenStore::storeRotated(const OAuthAccount &account, const QByteArray &newest,
                                     const QByteArray &superseded, QObject *context, CredentialStore::DoneCallback done)
{
    if (!superseded.isEmpty() && superseded != newest)
        m_superseded.insert(fingerprint(superseded));
    const CredentialKey key = keyFor(account);
    m_store.store(key, newest, context, [key, done = std::move(done)](bool ok, const QString &error) {
        if (!ok)
            qCWarning(lcOAuth).noquote() << "the new refresh token of" << key.toString()
                                         << "could not be stored:" << error
                                         << "(it is kept in memory; after a restart a new sign-in is needed)";
        done(ok, error);
    });
}

void RefreshTokenStore::remove(const OAuthAccount &account, QObject *context, CredentialStore::DoneCallback done)
{
    m_store.remove(keyFor(account), context, std::move(done));
}

} // namespace mailshim
