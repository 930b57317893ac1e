#pragma once

// UpstreamWatch: whether a listener's server name resolves, for the boot-time case where MailShim starts
// before Wi-Fi or DNS. It looks the name up when the listener starts and again after a session could not
// reach the server; while the lookup fails it retries with back-off and reports "waiting for network", and
// when the name resolves again it says so at once, so the listener can forget the server's failed mark and
// the next client gets through instead of a refusal. It never fails the listener.

#include "net/message.h"

#include <QHostInfo>
#include <QObject>
#include <QTimer>

namespace mailshim {

class UpstreamWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamWatch)

public:
    UpstreamWatch(QString host, int retryInitialMs, int retryMaxMs, QObject *parent = nullptr);
    ~UpstreamWatch() override;

    // Looks the name up now (unless a lookup is running). An IP address is always "resolved".
    void check();
    void stop();
    bool networkDown() const { return m_down; }
    // "cannot resolve pop.isp.net (Host not found); trying again in 4 s"
    Message detail() const { return m_detail; }

Q_SIGNALS:
    // networkDown() or detail() changed; recovered is true when the name resolved after failing.
    void changed(bool recovered);

private:
    void onLookedUp(const QHostInfo &info);

    QString m_host;
    int m_retryInitialMs;
    int m_retryMaxMs;
    int m_attempt = 0;
    int m_lookupId = -1;
    bool m_down = false;
    Message m_detail;
    QTimer m_retry;
};

} // namespace mailshim
