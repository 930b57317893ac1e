#include "enginetestbed.h"

#include <QSet>
#include <QTcpServer>
#include <QTest>

using namespace mailshim;

EngineTestbed::EngineTestbed() : m_engine(std::make_unique<Engine>())
{
    QObject::connect(m_engine.get(), &Engine::logRecord, m_engine.get(),
                     [this](const LogRecord &r) { m_records.append(r); });
}

EngineTestbed::~EngineTestbed()
{
    m_engine.reset();
}

Config EngineTestbed::baseConfig()
{
    Config config;
    config.logLevel = LogLevel::All;
    config.timeouts.connectSeconds = 3;
    config.timeouts.tlsSeconds = 3;
    config.timeouts.responseSeconds = 3;
    config.timeouts.loginSeconds = 20;
    config.retry.connectAttempts = 2;
    config.retry.connectRetryDelayMs = 50;
    config.retry.bindRetryInitialMs = 100;
    config.retry.bindRetryMaxMs = 400;
    return config;
}

UpstreamConfig EngineTestbed::upstream(quint16 port, Security security, const QString &caFile)
{
    UpstreamConfig u;
    u.host = QStringLiteral("localhost");
    u.port = port;
    u.security = security;
    u.tls.caFile = caFile;
    return u;
}

quint16 EngineTestbed::freePort()
{
    // The kernel may hand the same free port out twice in a row, and a test that asks for several (one per
    // listener) needs different ones: tst_e2e_dovecot once failed with "port ... is already used by listeners[2]".
    static QSet<quint16> handedOut;
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return 0;
        const quint16 port = probe.serverPort();
        if (!handedOut.contains(port)) {
            handedOut.insert(port);
            return port;
        }
    }
    return 0;
}

bool EngineTestbed::start(const UpstreamConfig &upstreamConfig, Config config)
{
    ListenerConfig listener;
    listener.name = QStringLiteral("test");
    listener.port = freePort();
    listener.upstream = upstreamConfig;
    listener.failedHostRetrySeconds = 1;
    listener.failedAccountRetrySeconds = 1;
    config.listeners = {listener};
    return startConfig(config);
}

bool EngineTestbed::startConfig(const Config &config)
{
    m_config = config;
    m_engine->apply(config);
    for (const ListenerConfig &l : config.listeners) {
        if (!l.enabled)
            continue;
        if (!QTest::qWaitFor([&] { return m_engine->status(l.name).state == ListenerStatus::State::Listening; }, 5000))
            return false;
    }
    return true;
}

QStringList EngineTestbed::logTexts() const
{
    QStringList texts;
    for (const LogRecord &r : m_records)
        texts << r.text;
    return texts;
}

bool EngineTestbed::logContains(const QString &needle) const
{
    for (const LogRecord &r : m_records) {
        if (r.text.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool EngineTestbed::waitForLog(const QString &needle, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return logContains(needle); }, timeoutMs);
}
