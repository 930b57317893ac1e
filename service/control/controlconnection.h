#pragma once

// ControlConnection: one client of the control channel. Reads request lines, answers each one, and after
// "subscribe" pushes status changes, log records and config changes as they happen. Malformed, unknown or
// overlong requests get an error reply; a client that stops reading while events pile up is dropped. The
// object deletes itself when the client goes.

#include "service/control/controlprotocol.h"
#include "service/control/controlserver.h"

#include <QLocalSocket>
#include <QObject>

namespace mailshim {

class ControlConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlConnection)

public:
    // A client that has this many bytes of events waiting unread is dropped rather than buffered forever.
    static constexpr qint64 kMaxUnreadBytes = 8 * 1024 * 1024;

    ControlConnection(QLocalSocket *socket, EngineBackend *backend, const ControlServer::Hooks &hooks, QObject *parent);
    ~ControlConnection() override;

Q_SIGNALS:
    void log(mailshim::LogLevel level, const mailshim::Message &text);

private:
    void onReadyRead();
    void handle(const QJsonObject &request);
    QJsonObject execute(const QString &command, const QJsonObject &request);
    // setPassword / forgetPassword: the store answers later, so the reply (with the request's id) is sent then.
    void executePasswordCommand(const QString &command, const QJsonObject &request, const QJsonValue &id);
    QJsonObject statusReply() const;
    void subscribe();
    void send(const QJsonObject &message);

    QLocalSocket *m_socket;
    EngineBackend *m_backend;
    const ControlServer::Hooks &m_hooks;
    ControlProtocol::FrameReader m_reader;
    bool m_subscribed = false;
    bool m_dropped = false;
    bool m_reportedOverlong = false;
};

} // namespace mailshim
