#pragma once

// RemoteEngineBackend: the engine running in the background service, seen through the control channel.
// Keeps a copy of the service's config, listener statuses and log tail, kept current by the events the
// service pushes, so the widgets read it as quickly as a LocalEngineBackend. Changes are validated here
// first (the same engine validation) and then sent; the service saves and applies them. If the service
// goes away, every listener shows "service not running" and the backend reconnects on its own.

#include "service/control/controlclient.h"
#include "service/control/enginebackend.h"
#include "service/control/remotecredentialstore.h"

#include <QContiguousCache>
#include <QHash>
#include <QTimer>

namespace mailshim {

class RemoteEngineBackend final : public EngineBackend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteEngineBackend)

public:
    explicit RemoteEngineBackend(QString controlName, QObject *parent = nullptr);
    ~RemoteEngineBackend() override;

    // Connects, subscribes and reads the whole state; false with *error when no service answers.
    bool attach(int timeoutMs, QString *error);
    bool isAttached() const { return m_client.isConnected(); }
    // After a failed attach(): the channel refused this user, or (Windows) the service's pipe is served by another
    // process than the service. Either is worth telling the user; "nobody answers" is not.
    bool wasTurnedAway() const { return m_client.refused() || m_client.untrustedServer(); }
    // The service's stored passwords, over this backend's channel (see RemoteCredentialStore).
    CredentialStore *credentials() { return &m_credentials; }

    QString location() const override;
    Config config() const override { return m_config; }
    QList<ConfigIssue> setConfig(const Config &config) override;
    ListenerStatus status(const QString &listenerName) const override;
    QList<LogRecord> recentLog() const override;
    bool isPaused() const override { return m_paused; }
    void setPaused(bool paused) override;

    static constexpr int kLogTail = 5000;
    static constexpr int kReconnectMs = 3000;

Q_SIGNALS:
    void attachedChanged(bool attached);

private:
    bool readState(QString *error);
    void onEvent(const QJsonObject &message);
    void onDisconnected();
    void tryReconnect();

    QString m_controlName;
    ControlClient m_client;
    RemoteCredentialStore m_credentials{&m_client};
    Config m_config;
    QHash<QString, ListenerStatus> m_statuses;
    bool m_paused = false;
    QContiguousCache<LogRecord> m_log{kLogTail};
    QTimer m_reconnect;
};

} // namespace mailshim
