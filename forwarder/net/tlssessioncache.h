#pragma once

// TlsSessionCache: the newest resumable TLS session per server and TLS policy, so the next connection to that
// server can resume it instead of doing a full handshake. Sessions stay OpenSSL objects in memory (decoding a
// stored ticket cost as much as a fifth of a resumed session). The Engine owns one; its sessions share it (one
// thread). A session never replaces a check: the host name and the pin are verified on every connection, and a
// session is only offered to connections made from the TlsClientContext (the same trusted CAs) it came from.

#include "net/tlspolicy.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QString>
#include <memory>
#include <openssl/ssl.h>

namespace mailshim {

class TlsClientContext;

class TlsSessionCache final
{
    Q_DISABLE_COPY_MOVE(TlsSessionCache)

public:
    TlsSessionCache() = default;

    // Everything that decides whether a certificate is accepted is part of the key, so a session verified under
    // one policy (say, a pin that accepts a self-signed certificate) is never offered under another.
    static QString key(const QString &host, quint16 port, const TlsPolicy &tls);

    // nullptr when there is none, it has expired, or it came from another context.
    std::shared_ptr<SSL_SESSION> session(const QString &key, const TlsClientContext *context) const;
    // lifetimeSeconds <= 0: kDefaultLifetimeSeconds.
    void store(const QString &key, std::shared_ptr<SSL_SESSION> session, std::shared_ptr<TlsClientContext> context,
               int lifetimeSeconds);
    // After a TLS failure: the next connection starts from scratch.
    void forget(const QString &key);
    int size() const { return int(m_entries.size()); }

    // Bounds memory when routing sends sessions to many servers; a full cache simply starts over.
    static constexpr int kMaxEntries = 256;
    // Used when the session has no lifetime; servers reject older tickets anyway.
    static constexpr int kDefaultLifetimeSeconds = 3600;

private:
    struct Entry
    {
        std::shared_ptr<SSL_SESSION> session;
        std::shared_ptr<TlsClientContext> context; // held, so no later context can take its address
        QDeadlineTimer expiry;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace mailshim
