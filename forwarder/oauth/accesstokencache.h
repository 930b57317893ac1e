#pragma once

// AccessTokenCache: core's AccessTokenSource. Access tokens in memory only, one per account; refreshed ahead of
// expiry (when less than refreshAheadSecs, or refreshAheadFraction of the token's lifetime if that is shorter,
// remain) while the current one is still handed out; one refresh in flight per account however many sessions ask
// (the others wait for its answer).
//
// Failures: a refused refresh (revoked, expired, password changed, a wrong client) is remembered: the account
// answers SignInNeeded at once, with no request to the provider, until a new sign-in stores a new refresh token
// (RefreshTokenStore::signedIn in this process, or signedIn() from the control channel) or the account's settings
// change, and signInNeeded() is emitted once. A temporary failure answers Unavailable and backs off (net/Backoff)
// before the next request. Rotation: a new refresh token from the provider is stored before the access token that came
// with it is used, and the old one is never sent again.

#include "core/accesstokensource.h"
#include "core/passwordsource.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>

class QNetworkAccessManager;

namespace mailshim {

class EndpointResolver;
class RefreshTokenStore;
class TokenClient;
struct OAuthEndpoints;
struct TokenResponse;

class AccessTokenCache : public QObject, public AccessTokenSource
{
    Q_OBJECT
public:
    struct Options
    {
        int refreshAheadSecs = 300;         // refresh when less than this remains...
        double refreshAheadFraction = 0.10; // ...or this share of the lifetime, whichever is shorter
        int assumedLifetimeSecs = 3600;     // when the provider does not say (expires_in missing)
        int backoffInitialMs = 5000;        // after the first temporary failure
        int backoffMaxMs = 5 * 60 * 1000;
    };

    // store: where refresh tokens live; manager: for the token endpoint and discovery (nullptr: one of its own).
    explicit AccessTokenCache(RefreshTokenStore &store, QNetworkAccessManager *manager = nullptr,
                              QObject *parent = nullptr);
    ~AccessTokenCache() override;

    void setOptions(const Options &options) { m_options = options; }
    // Milliseconds on a monotonic clock; tests move time with their own.
    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    TokenClient *tokenClient() { return m_client; }
    EndpointResolver *endpointResolver() { return m_resolver; }

    void accessToken(const OAuthAccount &account, QObject *context,
                     std::function<void(const AccessTokenAnswer &)> done) override;
    void tokenRejected(const OAuthAccount &account, const QByteArray &token) override;

    // A new refresh token was stored for account (by a sign-in in another process): forget what was known.
    void signedIn(const OAuthAccount &account);
    // The same, by the store's key (RefreshTokenStore::keyFor): another process wrote or removed that entry in this
    // cache's store (a sign-in handed to the service over the control channel, a sign-out). False when no account
    // this cache has served has that key: nothing was known of it, so the next login reads the store anyway.
    bool storedTokenChanged(const CredentialKey &key);
    bool needsSignIn(const OAuthAccount &account) const;

Q_SIGNALS:
    // Emitted once each time an account's refresh is refused: the UI shows "sign in again".
    void signInNeeded(const mailshim::OAuthAccount &account, const QString &detail);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        bool hasContext = false;
        std::function<void(const AccessTokenAnswer &)> done;
    };
    struct Entry
    {
        OAuthAccount account;
        QByteArray accessToken;
        qint64 obtainedMs = 0;
        qint64 expiresMs = 0;
        QByteArray refreshToken; // the newest known; empty: read the store
        bool signInNeeded = false;
        QString detail; // why SignInNeeded or Unavailable
        int failures = 0;
        qint64 retryAtMs = 0;
        bool inFlight = false;
        quint64 generation = 0; // bumped by signedIn(): answers of older refreshes are not trusted
        QList<Waiter> waiters;
    };

    static QString keyOf(const OAuthAccount &account);
    qint64 now() const { return m_nowMs(); }
    bool usable(const Entry &entry) const;
    bool dueForRefresh(const Entry &entry) const;
    void answer(QObject *context, bool hasContext, std::function<void(const AccessTokenAnswer &)> done,
                const AccessTokenAnswer &answer);
    void startRefresh(const QString &key);
    void refreshWith(const QString &key, quint64 generation, const OAuthEndpoints &endpoints,
                     const QByteArray &refreshToken);
    void refreshAnswered(const QString &key, quint64 generation, const QByteArray &sent, const TokenResponse &r);
    void finishFound(const QString &key);
    void finishSignInNeeded(const QString &key, quint64 generation, const QString &detail);
    void finishTemporary(const QString &key, quint64 generation, const QString &detail);
    void answerWaiters(Entry &entry, const AccessTokenAnswer &answer);

    RefreshTokenStore &m_store;
    TokenClient *m_client = nullptr;
    EndpointResolver *m_resolver = nullptr;
    Options m_options;
    std::function<qint64()> m_nowMs;
    QHash<QString, Entry> m_entries;
};

} // namespace mailshim
