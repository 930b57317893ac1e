#include "core/health.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace mailshim {

Health::Health()
{
    m_clock.start();
    m_macKey.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_macKey.data()), m_macKey.size() / 4);
}

qint64 Health::hostBlockedMs(const QString &hostKey, Message *reason) const
{
    const auto it = m_hosts.constFind(hostKey);
    if (it == m_hosts.constEnd())
        return 0;
    const qint64 left = it->untilMs - m_clock.elapsed();
    if (left <= 0)
        return 0;
    if (reason)
        *reason = it->reason;
    return left;
}

Message Health::accountBlockedReason(const QString &hostKey, qint64 blockedMs, bool accessToken)
{
    const qint64 seconds = (blockedMs + 999) / 1000;
    return accessToken
               ? Message(QT_TRANSLATE_NOOP("Engine", "%1 refused this access token recently; not retried for "
                                                     "%2 s (sign in again in MailShim to try at once)"),
                         {hostKey, seconds})
               : Message(QT_TRANSLATE_NOOP("Engine", "login to %1 failed recently with this password; not "
                                                     "retried for %2 s (a different password is tried at once)"),
                         {hostKey, seconds});
}

void Health::markHostFailed(const QString &hostKey, int seconds, const Message &reason)
{
    if (seconds <= 0)
        return;
    m_hosts.insert(hostKey, {m_clock.elapsed() + qint64(seconds) * 1000, reason});
}

void Health::clearHost(const QString &hostKey)
{
    m_hosts.remove(hostKey);
}

qint64 Health::accountBlockedMs(const QString &hostKey, const QByteArray &user, const QByteArray &password) const
{
    const auto it = m_accounts.constFind(accountKey(hostKey, user));
    if (it == m_accounts.constEnd())
        return 0;
    const qint64 left = it->untilMs - m_clock.elapsed();
    if (left <= 0 || it->passwordMac != passwordMac(password))
        return 0;
    return left;
}

void Health::markAccountFailed(const QString &hostKey, const QByteArray &user, const QByteArray &password, int seconds)
{
    if (seconds <= 0)
        return;
    m_accounts.insert(accountKey(hostKey, user), {m_clock.elapsed() + qint64(seconds) * 1000, passwordMac(password)});
}

void Health::clearAccount(const QString &hostKey, const QByteArray &user)
{
    m_accounts.remove(accountKey(hostKey, user));
}

QString Health::hostKey(const QString &host, quint16 port)
{
    return host + QLatin1Char(':') + QString::number(port);
}

QByteArray Health::passwordMac(const QByteArray &password) const
{
    return QMessageAuthenticationCode::hash(password, m_macKey, QCryptographicHash::Sha256);
}

QByteArray Health::accountKey(const QString &hostKey, const QByteArray &user)
{
    return hostKey.toUtf8() + '\0' + user;
}

} // namespace mailshim
