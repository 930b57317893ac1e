#pragma once

// ServiceProcess: the real mailshim-service binary run by a test, with its stderr collected so a test can
// wait for a log line and quote the log in a failure message. Optionally started through a wrapper
// (unshare for a private /etc/hosts). Stopped with SIGTERM when the object goes.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

class ServiceProcess
{
public:
    ServiceProcess();
    ~ServiceProcess();

    static QString binary();

    // Runs [wrapper...] mailshim-service arguments; false with *error if it did not start.
    bool start(const QStringList &arguments, QString *error, const QStringList &wrapper = {});
    QByteArray log();
    bool waitForLog(const QByteArray &needle, int count = 1, int timeoutMs = 10000);
    // SIGTERM, then waits; the exit code, or -1 if it had to be killed.
    int stop(int graceMs = 5000);
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_log;
};
