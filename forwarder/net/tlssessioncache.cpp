#include "net/tlssessioncache.h"

namespace mailshim {

QString TlsSessionCache::key(const QString &host, quint16 port, const TlsPolicy &tls)
{
    // \x1f cannot occur in a host name or a file name a user types, so the fields cannot run into each other.
    return QStringList{host.toLower(), QString::number(port), tls.caFile, QString::fromLatin1(tls.pinSha256),
                       tls.verifyHostname ? QStringLiteral("name") : QStringLiteral("noname")}
        .join(QChar(0x1f));
}

std::shared_ptr<SSL_SESSION> TlsSessionCache::session(const QString &key, const TlsClientContext *context) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend() || it->context.get() != context || it->expiry.hasExpired() ||
        !SSL_SESSION_is_resumable(it->session.get()))
        return {};
    return it->session;
}

void TlsSessionCache::store(const QString &key, std::shared_ptr<SSL_SESSION> session,
                            std::shared_ptr<TlsClientContext> context, int lifetimeSeconds)
{
    if (!session || !context)
        return;
    if (m_entries.size() >= kMaxEntries && !m_entries.contains(key))
        m_entries.clear();
    const int seconds = lifetimeSeconds > 0 ? lifetimeSeconds : kDefaultLifetimeSeconds;
    m_entries.insert(key, Entry{std::move(session), std::move(context), QDeadlineTimer(qint64(seconds) * 1000)});
}

void TlsSessionCache::forget(const QString &key)
{
    m_entries.remove(key);
}

} // namespace mailshim
