#include "consolerunner.h"

#include "configloader.h"

#include <QCoreApplication>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace mailshim {

namespace {
#ifdef Q_OS_UNIX
int g_signalFds[2] = {-1, -1};

// Only async-signal-safe work here: hand the signal number to the event loop through a socket pair.
void forwardSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}
#endif
} // namespace

ConsoleRunner::ConsoleRunner(QString configPath, std::optional<LogLevel> levelOverride, QObject *parent)
    : QObject(parent), m_configPath(std::move(configPath)), m_levelOverride(levelOverride)
{
    connect(&m_engine, &Engine::logRecord, this, [this](const LogRecord &record) { print(record.format()); });
}

ConsoleRunner::~ConsoleRunner() = default;

bool ConsoleRunner::start()
{
    installSignalHandlers();
    return reload();
}

bool ConsoleRunner::reload()
{
    ConfigLoadResult result = ConfigLoader::fromFile(m_configPath);
    for (const ConfigIssue &warning : result.warnings)
        print(QStringLiteral("%1: warning: %2").arg(m_configPath, warning.toString()));
    if (!result.ok()) {
        for (const ConfigIssue &error : result.errors)
            print(QStringLiteral("%1: error: %2").arg(m_configPath, error.toString()));
        print(m_running ? QStringLiteral("%1: not reloaded; the running configuration stays in force").arg(m_configPath)
                        : QStringLiteral("%1: not started").arg(m_configPath));
        return false;
    }
    if (m_levelOverride)
        result.config.logLevel = *m_levelOverride;
    m_engine.apply(result.config);
    m_running = true;
    return true;
}

void ConsoleRunner::installSignalHandlers()
{
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    m_signalNotifier = std::make_unique<QSocketNotifier>(g_signalFds[1], QSocketNotifier::Read);
    connect(m_signalNotifier.get(), &QSocketNotifier::activated, this, &ConsoleRunner::onSignal);
    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);
#endif
}

void ConsoleRunner::onSignal()
{
#ifdef Q_OS_UNIX
    char signal = 0;
    if (::read(g_signalFds[1], &signal, 1) != 1)
        return;
    if (signal == SIGHUP) {
        print(QStringLiteral("SIGHUP: reloading %1").arg(m_configPath));
        reload();
        return;
    }
    print(QStringLiteral("stopping"));
    m_engine.stop();
    QCoreApplication::quit();
#endif
}

void ConsoleRunner::print(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace mailshim
