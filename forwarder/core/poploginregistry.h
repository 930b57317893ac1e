#pragma once

// PopLoginRegistry: when a POP3 login to each server last succeeded through MailShim, whoever made it (a mail
// client's own session or an SMTP session's POP-before-SMTP login). An SMTP listener with popBeforeSmtp asks it
// whether the server's window is still open. Owned by the Engine, shared by every listener's sessions; in memory
// only (a restart forgets, and the next message simply logs in again).

#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <optional>

namespace mailshim {

class PopLoginRegistry
{
public:
    // A login to hostKey (Health::hostKey(host, port)) succeeded now.
    void record(const QString &hostKey);
    // Milliseconds since the last successful login to hostKey; nullopt when there was none.
    std::optional<qint64> msSinceLogin(const QString &hostKey) const;

private:
    QHash<QString, QElapsedTimer> m_logins;
};

} // namespace mailshim
