#pragma once

// SwitchableEngineBackend: what the tray program's widgets hold. It forwards to the engine in this process
// or to the background service, and can change between them while the window is open: when the service
// is started from the Service section the tray hands its listeners over to it, and when the service stops
// it takes them back. Widgets see one backend whose config, status and location change.

#include "service/control/enginebackend.h"

#include <memory>

namespace mailshim {

class SwitchableEngineBackend final : public EngineBackend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SwitchableEngineBackend)

public:
    explicit SwitchableEngineBackend(std::unique_ptr<EngineBackend> initial, QObject *parent = nullptr);
    ~SwitchableEngineBackend() override;

    // Replaces the backend (the old one is destroyed, which stops an in-process engine) and tells the
    // widgets that everything may have changed.
    void setCurrent(std::unique_ptr<EngineBackend> backend);
    EngineBackend *current() const { return m_current.get(); }

    QString location() const override { return m_current->location(); }
    Config config() const override { return m_current->config(); }
    QList<ConfigIssue> setConfig(const Config &config) override { return m_current->setConfig(config); }
    ListenerStatus status(const QString &listenerName) const override { return m_current->status(listenerName); }
    QList<LogRecord> recentLog() const override { return m_current->recentLog(); }
    bool isPaused() const override { return m_current->isPaused(); }
    void setPaused(bool paused) override { m_current->setPaused(paused); }

Q_SIGNALS:
    void switched();

private:
    void connectCurrent();

    std::unique_ptr<EngineBackend> m_current;
};

} // namespace mailshim
