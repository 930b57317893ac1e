#pragma once

// ControlClient: the tray program's (and mailshim-service --status's) end of the control channel.
// connectTo() waits for the service's hello and checks its protocol number; call() sends one request and
// waits for its reply (the service answers from its event loop, so this is quick); events pushed after
// "subscribe" arrive through the event() signal, never from inside call().

#include "service/control/controlprotocol.h"

#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <functional>

namespace mailshim {

class ControlClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlClient)

public:
    explicit ControlClient(QObject *parent = nullptr);
    ~ControlClient() override;

    // True once the service said hello with our protocol number; false with *error otherwise, and with
    // refused() true when the service refused this user. Windows: the pipe is opened with only the rights a served
    // user has and at identification level, and on the service's own pipe name the serving process must be the
    // one the service control manager started (ControlPipe::checkServer), or this refuses to talk to it.
    bool connectTo(const QString &name, int timeoutMs, QString *error);
    bool refused() const { return m_refused; }
    // Windows: connectTo() found another process than the service serving the service's pipe.
    bool untrustedServer() const { return m_untrustedServer; }
    bool isConnected() const;
    void disconnectFromService();
    QJsonObject hello() const { return m_hello; }

    // Sends {"cmd": command, ...arguments} and waits up to timeoutMs for the reply. A transport failure
    // comes back as {"ok": false, "error": "..."} like a refusal from the service.
    QJsonObject call(const QString &command, const QJsonObject &arguments = {}, int timeoutMs = 5000);

Q_SIGNALS:
    void event(const QJsonObject &message);
    void disconnected();

private:
    void onReadyRead();
    void readLines();
    bool waitFor(const std::function<bool()> &done, int timeoutMs);

    QLocalSocket m_socket;
    ControlProtocol::FrameReader m_reader;
    QJsonObject m_hello;
    QList<QJsonObject> m_replies; // read, not yet claimed by call()
    QString m_refusal;            // the service's "refused" reply, when it refused this user
    int m_nextId = 1;
    bool m_inCall = false;
    bool m_refused = false;
    bool m_untrustedServer = false;
};

} // namespace mailshim
