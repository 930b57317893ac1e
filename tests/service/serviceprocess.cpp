#include "serviceprocess.h"

#include "testprocess.h"

#include <QTest>

ServiceProcess::ServiceProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServiceProcess::~ServiceProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        TestProcess::stop(m_process, 3000);
}

QString ServiceProcess::binary()
{
    return QStringLiteral(MAILSHIM_SERVICE_BINARY);
}

bool ServiceProcess::start(const QStringList &arguments, QString *error, const QStringList &wrapper)
{
    if (wrapper.isEmpty())
        m_process.start(binary(), arguments);
    else
        m_process.start(wrapper.first(), wrapper.mid(1) + QStringList{binary()} + arguments);
    if (!m_process.waitForStarted(5000)) {
        *error = m_process.errorString();
        return false;
    }
    return true;
}

QByteArray ServiceProcess::log()
{
    m_log += m_process.readAll();
    return m_log;
}

bool ServiceProcess::waitForLog(const QByteArray &needle, int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return log().count(needle) >= count || m_process.state() == QProcess::NotRunning; },
                           timeoutMs) &&
           log().count(needle) >= count;
}

int ServiceProcess::stop(int graceMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitCode();
    m_process.terminate();
    if (!m_process.waitForFinished(graceMs)) {
        m_process.kill();
        m_process.waitForFinished(2000);
        log();
        return -1;
    }
    log();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}
