#pragma once

// EngineTestbed: an in-process Engine with one listener on a free loopback port, short timeouts, and every
// log record kept, so fault tests can assert on what the client got, what the server got and what was logged.

#include "core/config.h"
#include "engine/engine.h"

#include <QList>
#include <memory>

class EngineTestbed
{
public:
    EngineTestbed();
    ~EngineTestbed(); // stops the engine while the log list it writes to still exists
    // Short per-step timeouts so fault tests finish fast.
    static mailshim::Config baseConfig();
    static mailshim::UpstreamConfig upstream(quint16 port, mailshim::Security security, const QString &caFile = {});
    static quint16 freePort();

    // Applies config with one listener (name "test") on a fresh free port and waits until it listens.
    bool start(const mailshim::UpstreamConfig &upstream, mailshim::Config config = baseConfig());
    bool startConfig(const mailshim::Config &config); // the caller's listeners as they are
    mailshim::ListenerConfig &listener() { return m_config.listeners.first(); }
    quint16 port() const { return m_config.listeners.first().port; }
    mailshim::Engine &engine() { return *m_engine; }

    QStringList logTexts() const;
    bool logContains(const QString &needle) const;
    bool waitForLog(const QString &needle, int timeoutMs = 5000) const;
    const QList<mailshim::LogRecord> &records() const { return m_records; }

private:
    std::unique_ptr<mailshim::Engine> m_engine;
    mailshim::Config m_config;
    QList<mailshim::LogRecord> m_records;
};
