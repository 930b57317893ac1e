#pragma once

// TlsSessionCache: the newest TLS session ticket per server and TLS policy, so the next connection to that
// server can resume the session instead of doing a full handshake. The Engine owns one; its sessions share it
// (one thread). A ticket never replaces a check: the host name and the pin are verified on every connection.

#include "config.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QString>

namespace mailshim {

class TlsSessionCache final
{
    Q_DISABLE_COPY_MOVE(TlsSessionCache)

public:
    TlsSessionCache() = default;

    // Everything that decides whether a certificate is accepted is part of the key, so a session verified under
    // one policy (say, a pin that accepts a self-signed certificate) is never offered under another.
    static QString key(const UpstreamConfig &server);

    // Empty when there is none or it has expired.
    QByteArray ticket(const QString &key) const;
    void store(const QString &key, const QByteArray &ticket, int lifetimeHintSeconds);
    // After a TLS failure: the next connection starts from scratch.
    void forget(const QString &key);
    int size() const { return int(m_entries.size()); }

    // Bounds memory when routing sends sessions to many servers; a full cache simply starts over.
    static constexpr int kMaxEntries = 256;
    // Used when the server gives no lifetime hint; servers reject older tickets anyway.
    static constexpr int kDefaultLifetimeSeconds = 3600;

private:
    struct Entry
    {
        QByteArray ticket;
        QDeadlineTimer expiry;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace mailshim
