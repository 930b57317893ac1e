#pragma once

// RefreshTokenStore: an account's refresh token, kept through the CredentialStore the passwords use (the OS keychain
// now, the service's own store later), under a key of its own namespace: host "oauth2/<identity>", port 0, the
// mailbox's user. A mail server's host name never holds a "/", so a refresh token and a password never share an
// entry.
//
// Rotation: storeRotated() writes the newest token and remembers (as a hash, in memory) the one it replaces; a
// load() that finds a replaced token in the store (the newest could not be written) answers NotFound rather than
// hand out a token the provider would treat as reuse.

#include "core/accesstokensource.h"
#include "credentials/credentialstore.h"

#include <QObject>
#include <QSet>

namespace mailshim {

class RefreshTokenStore : public QObject
{
    Q_OBJECT
public:
    explicit RefreshTokenStore(CredentialStore &store, QObject *parent = nullptr);

    static CredentialKey keyFor(const OAuthAccount &account);

    // PasswordAnswer's three outcomes; password holds the refresh token. done once, unless context dies first.
    void load(const OAuthAccount &account, QObject *context, std::function<void(const PasswordAnswer &)> done);
    // A new sign-in's token: replaces whatever was stored, and says signedIn() on success.
    void storeSignIn(const OAuthAccount &account, const QByteArray &refreshToken, QObject *context,
                     CredentialStore::DoneCallback done);
    // The provider rotated the token: newest replaces superseded for good.
    void storeRotated(const OAuthAccount &account, const QByteArray &newest, const QByteArray &superseded,
                      QObject *context, CredentialStore::DoneCallback done);
    // Sign out: forgets the stored token.
    void remove(const OAuthAccount &account, QObject *context, CredentialStore::DoneCallback done);

Q_SIGNALS:
    // A sign-in in this process stored a new refresh token for account.
    void signedIn(const mailshim::OAuthAccount &account);

private:
    CredentialStore &m_store;
    QSet<QByteArray> m_superseded; // SHA-256 of every token rotated away, never the token itself
};

} // namespace mailshim
