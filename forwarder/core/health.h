#pragma once

// Health: remembers servers that could not be reached and accounts whose login failed, each for a retry
// interval (CommuniGate Pro's "failed host" and "failed account" retry). While a mark stands, sessions are
// refused at once instead of hammering the server — so a client retrying a wrong password cannot get the
// account locked. A different password is always tried. Passwords are kept only as a keyed hash in memory.

#include "net/message.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace mailshim {

class Health
{
public:
    Health();

    // Milliseconds until the host may be tried again, or 0 if it is not marked.
    qint64 hostBlockedMs(const QString &hostKey, Message *reason = nullptr) const;
    void markHostFailed(const QString &hostKey, int seconds, const Message &reason);
    void clearHost(const QString &hostKey);

    // Milliseconds until this account may be tried again with this same password, or 0.
    qint64 accountBlockedMs(const QString &hostKey, const QByteArray &user, const QByteArray &password) const;
    // Why a blocked account is not tried (for the log and the client): with a password, or with an access token.
    static Message accountBlockedReason(const QString &hostKey, qint64 blockedMs, bool accessToken);
    void markAccountFailed(const QString &hostKey, const QByteArray &user, const QByteArray &password, int seconds);
    void clearAccount(const QString &hostKey, const QByteArray &user);

    static QString hostKey(const QString &host, quint16 port);

private:
    struct HostMark
    {
        qint64 untilMs;
        Message reason;
    };
    struct AccountMark
    {
        qint64 untilMs;
        QByteArray passwordMac;
    };

    QByteArray passwordMac(const QByteArray &password) const;
    static QByteArray accountKey(const QString &hostKey, const QByteArray &user);

    QElapsedTimer m_clock;
    QByteArray m_macKey; // random per process: the hashes mean nothing outside it
    QHash<QString, HostMark> m_hosts;
    QHash<QByteArray, AccountMark> m_accounts;
};

} // namespace mailshim
