#pragma once

// PopBeforeSmtp: opens a "POP before SMTP" window for an SMTP session. Some servers let a computer send only for a
// while after a POP3 login from it (Cobalt's default window was 15 minutes; drac took a few seconds to let a login
// take effect). Before an SMTP session relays, this asks the PopLoginRegistry whether a POP3 login to the named POP3
// listener's server succeeded within the window (the mail client's own logins through MailShim count). If not, it
// logs in by POP3 itself with that listener's security and stored password and quits at once (no RETR, no DELE).
// Either way it finishes once delaySeconds have passed since the login, whoever made it.

#include "core/config.h"
#include "core/passwordsource.h"
#include "net/message.h"
#include "net/servererror.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace mailshim {

class Pop3Login;
class PopLoginRegistry;
class TlsSessionCache;

class PopBeforeSmtp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PopBeforeSmtp)

public:
    struct Settings
    {
        PopBeforeSmtpConfig window;
        std::optional<ListenerConfig> popListener; // the POP3 listener window.listener names (nullopt: none)
        PopLoginRegistry *registry = nullptr;      // required
        PasswordSource *passwords = nullptr;       // the keychain (or the service's store)
        Timeouts timeouts;
        RetryPolicy retry;
        QSet<quint16> ownPorts;
        TlsSessionCache *tlsSessions = nullptr;
    };

    explicit PopBeforeSmtp(Settings settings, QObject *parent = nullptr);
    ~PopBeforeSmtp() override;

    void start();

Q_SIGNALS:
    void ready();
    // message: why the window could not be opened, for the log, the tray and the client's 451 4.7.1.
    void failed(const mailshim::Message &message, mailshim::ServerError::Kind kind);
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text);

private:
    void logIn(const QByteArray &password);
    void waitForDelay(qint64 msSinceLogin);
    void fail(const Message &message, ServerError::Kind kind = ServerError::Kind::Auth);
    void emitLog(LogLevel level, const Message &text);

    Settings m_settings;
    QString m_hostKey;
    QPointer<Pop3Login> m_login;
    QTimer m_delay;
    bool m_done = false;
};

} // namespace mailshim
