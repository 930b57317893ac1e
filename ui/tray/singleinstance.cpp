#include "ui/tray/singleinstance.h"

#include <QLocalSocket>
#include <QStandardPaths>

namespace mailshim {

SingleInstance::SingleInstance(const QString &name, QObject *parent) : QObject(parent), m_name(name) {}

// On Unix a socket in the user's private runtime folder (XDG_RUNTIME_DIR, mode 0700), so another user
// cannot create it first and make our start exit; on Windows a per-user pipe name.
QString SingleInstance::defaultName()
{
#ifdef Q_OS_UNIX
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) + QStringLiteral("/mailshim-tray");
#else
    QString user = qEnvironmentVariable("USERNAME", QStringLiteral("user"));
    user.remove(QLatin1Char('/')).remove(QLatin1Char('\\'));
    return QStringLiteral("MailShim-tray-") + user;
#endif
}

bool SingleInstance::claim()
{
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (probe.waitForConnected(500)) {
        probe.write("show\n");
        probe.waitForBytesWritten(500);
        probe.disconnectFromServer();
        return false;
    }
    // Nobody answered: a socket file left by a crash is stale and may go.
    QLocalServer::removeServer(m_name);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(m_name))
        return true; // cannot guard, but a tray program that starts beats one that refuses to
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (socket->readAll().startsWith("show"))
                    Q_EMIT activationRequested();
                socket->disconnectFromServer();
            });
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return true;
}

} // namespace mailshim
