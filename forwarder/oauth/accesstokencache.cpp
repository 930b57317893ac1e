#include "oauth/accesstokencache.h"

#include "net/backoff.h"
#include "oauth/endpointresolver.h"
#include "oauth/oauthlog.h"
#include "oauth/refreshtokenstore.h"
#include "oauth/tokenclient.h"

#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>

namespace mailshim {

namespace {

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

} // namespace

AccessTokenCache::AccessTokenCache(RefreshTokenStore &store, QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_store(store), m_client(new TokenClient(manager, this)),
      m_resolver(new EndpointResolver(manager, this)), m_nowMs(monotonicMs)
{
    connect(&m_store, &RefreshTokenStore::signedIn, this, &AccessTokenCache::signedIn);
}

AccessTokenCache::~AccessTokenCache() = default;

QString AccessTokenCache::keyOf(const OAuthAccount &account)
{
    return RefreshTokenStore::keyFor(account).toString();
}

bool AccessTokenCache::usable(const Entry &entry) const
{
    if (entry.accessToken.isEmpty())
        return false;
    // A token about to expire is not handed out: the client's login could arrive after it did.
    const qint64 lifetime = entry.expiresMs - entry.obtainedMs;
    const qint64 margin = std::min<qint64>(10000, lifetime / 20);
    return now() < entry.expiresMs - margin;
}

bool AccessTokenCache::dueForRefresh(const Entry &entry) const
{
    const qint64 lifetime = entry.expiresMs - entry.obtainedMs;
    const qint64 ahead =
        std::min<qint64>(qint64(m_options.refreshAheadSecs) * 1000, qint64(lifetime * m_options.refreshAheadFraction));
    return now() >= entry.expiresMs - ahead;
}

void AccessTokenCache::answer(QObject *context, bool hasContext, std::function<void(const AccessTokenAnswer &)> done,
                              const AccessTokenAnswer &answer)
{
    if (hasContext && !context)
        return; // the asker is gone
    // Always from the event loop, never inside the caller's own call.
    QTimer::singleShot(0, hasContext ? context : this, [done = std::move(done), answer] { done(answer); });
}

void AccessTokenCache::accessToken(const OAuthAccount &account, QObject *context,
                                   std::function<void(const AccessTokenAnswer &)> done)
{
    const QString key = keyOf(account);
    Entry &entry = m_entries[key];
    if (entry.signInNeeded && !(entry.account.settings == account.settings)) {
        // The settings changed (a client id fixed, a scope added): worth one more try with the stored token.
        entry.signInNeeded = false;
        entry.refreshToken.clear();
        ++entry.generation;
    }
    entry.account = account;
    const bool hasContext = context != nullptr;

    if (entry.signInNeeded) {
        answer(context, hasContext, std::move(done), {AccessTokenAnswer::Status::SignInNeeded, {}, entry.detail});
        return;
    }
    if (usable(entry)) {
        answer(context, hasContext, std::move(done), {AccessTokenAnswer::Status::Found, entry.accessToken, {}});
        if (dueForRefresh(entry) && !entry.inFlight && now() >= entry.retryAtMs)
            startRefresh(key);
        return;
    }
    if (!entry.inFlight && now() < entry.retryAtMs) {
        const qint64 waitSecs = (entry.retryAtMs - now() + 999) / 1000;
        answer(context, hasContext, std::move(done),
               {AccessTokenAnswer::Status::Unavailable,
                {},
                QStringLiteral("%1 (next try in %2 s)").arg(entry.detail).arg(waitSecs)});
        return;
    }
    entry.waiters.append({context, hasContext, std::move(done)});
    if (!entry.inFlight)
        startRefresh(key);
}

void AccessTokenCache::tokenRejected(const OAuthAccount &account, const QByteArray &token)
{
    const auto it = m_entries.find(keyOf(account));
    if (it == m_entries.end() || token.isEmpty() || it->accessToken != token)
        return;
    qCInfo(lcOAuth).noquote() << "the server refused the access token of" << it.key()
                              << "before its expiry; the next login refreshes it";
    it->accessToken.clear();
}

void AccessTokenCache::signedIn(const OAuthAccount &account)
{
    Entry &entry = m_entries[keyOf(account)];
    entry.account = account;
    entry.accessToken.clear();
    entry.refreshToken.clear(); // the new one is read from the store
    entry.signInNeeded = false;
    entry.detail.clear();
    entry.failures = 0;
    entry.retryAtMs = 0;
    ++entry.generation;
    entry.inFlight = false; // an older refresh still under way is ignored when it answers
    if (!entry.waiters.isEmpty())
        startRefresh(keyOf(account));
}

bool AccessTokenCache::storedTokenChanged(const CredentialKey &key)
{
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (RefreshTokenStore::keyFor(it->account) == key) {
            signedIn(OAuthAccount(it->account)); // a copy: signedIn() writes the entry it comes from
            return true;
        }
    }
    return false;
}

bool AccessTokenCache::needsSignIn(const OAuthAccount &account) const
{
    const auto it = m_entries.constFind(keyOf(account));
    return it != m_entries.constEnd() && it->signInNeeded;
}

void AccessTokenCache::startRefresh(const QString &key)
{
    Entry &entry = m_entries[key];
    entry.inFlight = true;
    const quint64 generation = entry.generation;
    m_resolver->resolve(
        entry.account.settings, OAuthUse::Pop3AndSmtp, this, [this, key, generation](const EndpointAnswer &resolved) {
            if (resolved.status == EndpointAnswer::Status::Invalid) {
                finishSignInNeeded(key, generation, resolved.error);
                return;
            }
            if (resolved.status == EndpointAnswer::Status::Temporary) {
                finishTemporary(key, generation, resolved.error);
                return;
            }
            const Entry &current = m_entries[key];
            if (!current.refreshToken.isEmpty()) {
                refreshWith(key, generation, resolved.endpoints, current.refreshToken);
                return;
            }
            m_store.load(current.account, this,
                         [this, key, generation, endpoints = resolved.endpoints](const PasswordAnswer &stored) {
                             switch (stored.status) {
                             case PasswordAnswer::Status::Found:
                                 refreshWith(key, generation, endpoints, stored.password);
                                 return;
                             case PasswordAnswer::Status::NotFound:
                                 finishSignInNeeded(key, generation,
                                                    stored.detail.isEmpty()
                                                        ? QStringLiteral("not signed in: no refresh token is stored")
                                                        : stored.detail);
                                 return;
                             case PasswordAnswer::Status::Unavailable:
                                 finishTemporary(
                                     key, generation,
                                     QStringLiteral("the refresh token could not be read: %1").arg(stored.detail));
                                 return;
                             }
                         });
        });
}

void AccessTokenCache::refreshWith(const QString &key, quint64 generation, const OAuthEndpoints &endpoints,
                                   const QByteArray &refreshToken)
{
    if (m_entries[key].generation != generation)
        return;
    m_entries[key].refreshToken = refreshToken;
    m_client->refresh(endpoints, refreshToken, this, [this, key, generation, refreshToken](const TokenResponse &r) {
        refreshAnswered(key, generation, refreshToken, r);
    });
}

void AccessTokenCache::refreshAnswered(const QString &key, quint64 generation, const QByteArray &sent,
                                       const TokenResponse &r)
{
    Entry &entry = m_entries[key];
    if (entry.generation != generation)
        return; // a new sign-in happened meanwhile; its own refresh decides
    if (r.status == TokenResponse::Status::SignInNeeded) {
        finishSignInNeeded(key, generation, r.detail);
        return;
    }
    if (r.status == TokenResponse::Status::Temporary) {
        finishTemporary(key, generation, r.detail);
        return;
    }
    const qint64 lifetimeMs = qint64(r.expiresInSecs > 0 ? r.expiresInSecs : m_options.assumedLifetimeSecs) * 1000;
    auto use = [this, key, generation, accessToken = r.accessToken, lifetimeMs] {
        Entry &current = m_entries[key];
        if (current.generation != generation)
            return;
        current.accessToken = accessToken;
        current.obtainedMs = now();
        current.expiresMs = current.obtainedMs + lifetimeMs;
        finishFound(key);
    };
    if (r.refreshToken.isEmpty() || r.refreshToken == sent) {
        use(); // the provider keeps the same refresh token (Google, Microsoft's usual answer)
        return;
    }
    // Rotation: the newest token replaces the old in memory at once (the old is never sent again) and in the store
    // before the access token that came with it is used.
    entry.refreshToken = r.refreshToken;
    m_store.storeRotated(entry.account, r.refreshToken, sent, this, [use](bool, const QString &) { use(); });
}

void AccessTokenCache::finishFound(const QString &key)
{
    Entry &entry = m_entries[key];
    entry.inFlight = false;
    entry.failures = 0;
    entry.retryAtMs = 0;
    entry.detail.clear();
    answerWaiters(entry, {AccessTokenAnswer::Status::Found, entry.accessToken, {}});
}

void AccessTokenCache::finishSignInNeeded(const QString &key, quint64 generation, const QString &detail)
{
    Entry &entry = m_entries[key];
    if (entry.generation != generation)
        return;
    const bool wasNeeded = entry.signInNeeded;
    entry.inFlight = false;
    entry.signInNeeded = true;
    entry.detail = detail;
    entry.accessToken.clear();
    entry.refreshToken.clear();
    qCWarning(lcOAuth).noquote() << "sign-in needed for" << key << "-" << detail;
    const OAuthAccount account = entry.account;
    answerWaiters(entry, {AccessTokenAnswer::Status::SignInNeeded, {}, detail});
    if (!wasNeeded)
        Q_EMIT signInNeeded(account, detail);
}

void AccessTokenCache::finishTemporary(const QString &key, quint64 generation, const QString &detail)
{
    Entry &entry = m_entries[key];
    if (entry.generation != generation)
        return;
    entry.inFlight = false;
    const int delayMs = backoffMs(entry.failures, m_options.backoffInitialMs, m_options.backoffMaxMs);
    ++entry.failures;
    entry.retryAtMs = now() + delayMs;
    entry.detail = detail;
    qCInfo(lcOAuth).noquote() << "refresh for" << key << "failed for now:" << detail << "- next try in"
                              << (delayMs + 999) / 1000 << "s";
    answerWaiters(entry, {AccessTokenAnswer::Status::Unavailable, {}, detail});
}

void AccessTokenCache::answerWaiters(Entry &entry, const AccessTokenAnswer &result)
{
    const QList<Waiter> waiters = std::exchange(entry.waiters, {});
    for (const Waiter &waiter : waiters)
        answer(waiter.context, waiter.hasContext, waiter.done, result);
}

} // namespace mailshim
