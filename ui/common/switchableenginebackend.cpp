#include "ui/common/switchableenginebackend.h"

#include "service/control/remoteenginebackend.h"

namespace mailshim {

SwitchableEngineBackend::SwitchableEngineBackend(std::unique_ptr<EngineBackend> initial, QObject *parent)
    : EngineBackend(parent), m_current(std::move(initial))
{
    connectCurrent();
}

SwitchableEngineBackend::~SwitchableEngineBackend()
{
    if (m_current)
        m_current->disconnect(this);
}

void SwitchableEngineBackend::setCurrent(std::unique_ptr<EngineBackend> backend)
{
    m_current->disconnect(this);
    m_current = std::move(backend); // the old one goes first, so an in-process engine frees its ports
    connectCurrent();
    Q_EMIT configChanged();
    Q_EMIT pausedChanged(m_current->isPaused());
    for (const ListenerConfig &listener : m_current->config().listeners)
        Q_EMIT statusChanged(listener.name, m_current->status(listener.name));
    Q_EMIT switched();
}

void SwitchableEngineBackend::connectCurrent()
{
    connect(m_current.get(), &EngineBackend::configChanged, this, &EngineBackend::configChanged);
    connect(m_current.get(), &EngineBackend::pausedChanged, this, &EngineBackend::pausedChanged);
    connect(m_current.get(), &EngineBackend::statusChanged, this, &EngineBackend::statusChanged);
    connect(m_current.get(), &EngineBackend::logRecord, this, &EngineBackend::logRecord);
    // The service coming and going changes the location the window shows.
    if (auto *remote = qobject_cast<RemoteEngineBackend *>(m_current.get()))
        connect(remote, &RemoteEngineBackend::attachedChanged, this, &EngineBackend::configChanged);
}

} // namespace mailshim
