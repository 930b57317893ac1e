#include "core/upstreamwatch.h"

#include "core/health.h"
#include "net/backoff.h"

#include <QHostAddress>

namespace mailshim {

UpstreamWatch::UpstreamWatch(QString host, int retryInitialMs, int retryMaxMs, QObject *parent)
    : QObject(parent), m_host(std::move(host)), m_retryInitialMs(retryInitialMs), m_retryMaxMs(retryMaxMs)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &UpstreamWatch::check);
}

UpstreamWatch::~UpstreamWatch()
{
    stop();
}

void UpstreamWatch::check()
{
    if (m_lookupId != -1 || QHostAddress().setAddress(m_host))
        return;
    m_retry.stop();
    // The answer always arrives through the event loop, after lookupHost() has returned the id.
    m_lookupId = QHostInfo::lookupHost(m_host, this, [this](const QHostInfo &info) { onLookedUp(info); });
}

void UpstreamWatch::stop()
{
    m_retry.stop();
    if (m_lookupId != -1)
        QHostInfo::abortHostLookup(m_lookupId);
    m_lookupId = -1;
}

void UpstreamWatch::onLookedUp(const QHostInfo &info)
{
    m_lookupId = -1;
    if (info.error() == QHostInfo::NoError && !info.addresses().isEmpty()) {
        const bool recovered = m_down;
        m_attempt = 0;
        m_down = false;
        m_detail = Message();
        if (recovered)
            Q_EMIT changed(true);
        return;
    }
    const int delay = backoffMs(m_attempt++, m_retryInitialMs, m_retryMaxMs);
    m_down = true;
    m_detail = Message(QT_TRANSLATE_NOOP("Engine", "cannot resolve %1 (%2); trying again in %3 s"),
                       {m_host, info.errorString(), QString::number(delay / 1000.0, 'f', 1)});
    m_retry.start(delay);
    Q_EMIT changed(false);
}

} // namespace mailshim
