#pragma once

// ControlServer: the service's control channel. A QLocalServer (a socket in the user's private runtime
// folder on Unix, a named pipe on Windows) open only to the owner, where the tray program reads status,
// counters and the live log and changes the configuration (ControlProtocol). Each client is served by a
// ControlConnection; a bad client gets error replies or is dropped, never taking the service down.

#include "service/control/enginebackend.h"

#include <QJsonObject>
#include <QLocalServer>
#include <QObject>
#include <functional>

namespace mailshim {

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
    };

    ControlServer(EngineBackend *backend, Hooks hooks, QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on name, replacing a stale socket that nobody answers on; false with *error if another
    // service already answers there or the socket cannot be created.
    bool listen(const QString &name, QString *error);
    QString fullName() const { return m_server.fullServerName(); }
    // Who may use the channel, checked again in code for every connection (the socket's permissions are the first
    // fence): user ids on Linux, by default this process's own user and root. A client of another user gets a clear
    // refusal and is disconnected. Where the system cannot say who the client is (not Linux), nobody is refused
    // here: the channel's own permissions decide, as before.
    void setAuthorizedUsers(const QList<qint64> &uids) { m_authorizedUsers = uids; }
    const QList<qint64> &authorizedUsers() const { return m_authorizedUsers; }
    int connectionCount() const;

Q_SIGNALS:
    void log(mailshim::LogLevel level, const mailshim::Message &text);

private:
    void onNewConnection();
    bool authorize(QLocalSocket *socket);

    EngineBackend *m_backend;
    Hooks m_hooks;
    QLocalServer m_server;
    QList<qint64> m_authorizedUsers;
};

} // namespace mailshim
