#pragma once

// ControlServer: the service's control channel, where the tray program reads status, counters and the live log and
// changes the configuration (ControlProtocol). On Unix a QLocalServer socket in the user's private runtime folder,
// open only to the owner; on Windows a named pipe made by ControlPipe::Listener with its own security descriptor
// (SYSTEM, Administrators, the service's account and the authorised users), first instance only, no remote clients.
// Each client is served by a ControlConnection; a bad client gets error replies or is dropped, never taking the
// service down.

#include "core/passwordsource.h"
#include "service/control/enginebackend.h"
#include "service/control/peeridentity.h"

#include <QJsonObject>
#include <QLocalServer>
#include <QObject>
#include <functional>

namespace mailshim {

class CredentialStore;

namespace ControlPipe {
class Listener;
}

class ControlServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlServer)

public:
    // What the service does for "reload", "shutdown" and the extra "status" fields (log file, config path).
    struct Hooks
    {
        std::function<QList<ConfigIssue>()> reload;
        std::function<void()> shutdown;
        std::function<QJsonObject()> serviceInfo;
        // Where "setPassword" and "forgetPassword" keep the passwords: the store of the service's own account (on
        // Windows a DPAPI-protected file, on Linux the user's keychain). Not owned; none: those commands are refused.
        CredentialStore *credentials = nullptr;
        // Told after "setPassword" (stored true) or "forgetPassword" (false) succeeded, so the service can act on it: a
        // refresh token (host "oauth2/...") from a sign-in elsewhere clears its "sign in again" state (issue 20).
        std::function<void(const CredentialKey &key, bool stored)> credentialChanged;
    };

    ControlServer(EngineBackend *backend, Hooks hooks, QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on name, replacing a stale socket that nobody answers on (Unix); false with *error if another
    // service already answers there or the channel cannot be created. Windows: false if the pipe name exists at
    // all (a squatter's or another service's pipe): the service refuses to serve there.
    bool listen(const QString &name, QString *error);
    QString fullName() const;
    // Who may use the channel, checked again in code for every connection (the channel's permissions are the first
    // fence): user ids on Linux, by default this process's own user and root; SIDs on Windows (a user, or a group
    // the client's token has enabled), by default this process's user, SYSTEM and Administrators, and on Windows
    // the same list makes the pipe's DACL, so set it before listen(). A client of another user gets a clear refusal
    // and is disconnected. Where the system cannot say who the client is (neither Linux nor Windows), nobody is
    // refused here: the channel's own permissions decide.
    void setAuthorizedUsers(const QList<UserId> &users) { m_authorizedUsers = users; }
    const QList<UserId> &authorizedUsers() const { return m_authorizedUsers; }
    int connectionCount() const;

Q_SIGNALS:
    void log(mailshim::LogLevel level, const mailshim::Message &text);

private:
    void onNewConnection();
    void serve(QLocalSocket *socket);
    bool authorize(QLocalSocket *socket);

    EngineBackend *m_backend;
    Hooks m_hooks;
    QLocalServer m_server; // Unix
#ifdef Q_OS_WIN
    ControlPipe::Listener *m_pipe = nullptr;
#endif
    QList<UserId> m_authorizedUsers;
};

} // namespace mailshim
