#include "service/servicerunner.h"

#include "credentials/credentialstore.h"
#include "service/control/controlserver.h"
#include "service/control/localenginebackend.h"
#include "service/rotatinglogfile.h"
#include "service/servicetokens.h"
#include "service/systemlog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace mailshim {

namespace {
const QString kCategory = QStringLiteral("mailshim.service");

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

ServiceRunner::ServiceRunner(Options options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

ServiceRunner::~ServiceRunner()
{
    m_control.reset();
    m_backend.reset(); // stops the engine: ports closed, servers dropped without QUIT
}

bool ServiceRunner::start()
{
    installSignalHandlers();

    Config initial;
    const bool exists = QFile::exists(m_options.configPath);
    ConfigLoadResult loaded;
    if (exists || !m_options.tolerateBadConfig) {
        loaded = ConfigLoader::fromFile(m_options.configPath);
        for (const ConfigIssue &warning : loaded.warnings)
            print(QStringLiteral("%1: warning: %2").arg(m_options.configPath, warning.toString()));
        if (!loaded.ok()) {
            for (const ConfigIssue &error : loaded.errors)
                print(QStringLiteral("%1: error: %2").arg(m_options.configPath, error.toString()));
            if (!m_options.tolerateBadConfig) {
                print(QStringLiteral("%1: not started").arg(m_options.configPath));
                return false;
            }
            m_configProblem = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(m_options.configPath),
                                                           loaded.errors.first().toString());
        } else {
            initial = loaded.config;
        }
    }

    if (!m_options.logDirectory.isEmpty()) {
        m_logFile = std::make_unique<RotatingLogFile>(m_options.logDirectory);
        QString error;
        if (!m_logFile->open(&error)) {
            // Unattended use without a log file is worse than no service: say so and stop.
            print(error);
            SystemLog::write(SystemLog::Kind::Error, QStringLiteral("MailShim cannot start: %1").arg(error));
            return false;
        }
    }

    // oauth2 listeners: access tokens from the refresh tokens in the same store as the passwords (issue 20).
    if (m_options.passwords)
        m_tokens = std::make_unique<ServiceTokens>(*m_options.passwords);
    m_backend = std::make_unique<LocalEngineBackend>(
        initial, [this](const Config &config, QString *error) { return save(config, error); }, m_options.passwords,
        nullptr, m_options.levelOverride, m_tokens ? m_tokens->source() : nullptr);
    if (m_tokens)
        m_tokens->reportTo(m_backend.get());
    const auto output = [this](const LogRecord &record) {
        const QString line = record.format();
        if (m_options.echoToStderr)
            print(line);
        if (m_logFile)
            m_logFile->write(line);
    };
    // The engine started inside the constructor: its first lines ("listening on ...") are in the tail.
    for (const LogRecord &record : m_backend->recentLog())
        output(record);
    connect(m_backend.get(), &EngineBackend::logRecord, this, output);

    if (!m_options.controlName.isEmpty()) {
        ControlServer::Hooks hooks;
        hooks.reload = [this] { return reload(); };
        hooks.credentials = m_options.passwords;
        hooks.credentialChanged = [this](const CredentialKey &key, bool) {
            if (m_tokens)
                m_tokens->credentialChanged(key); // a sign-in from the tray or --sign-in: "sign in again" is over
        };
        hooks.shutdown = [this] { requestStop(QStringLiteral("shutdown requested on the control channel")); };
        hooks.serviceInfo = [this] {
            return QJsonObject{
                {QStringLiteral("configPath"), QDir::toNativeSeparators(m_options.configPath)},
                {QStringLiteral("logFile"), m_logFile ? QDir::toNativeSeparators(m_logFile->currentPath()) : QString()},
                {QStringLiteral("configProblem"), m_configProblem},
                {QStringLiteral("pid"), double(QCoreApplication::applicationPid())},
                {QStringLiteral("runMode"),
                 m_options.asService ? QStringLiteral("service") : QStringLiteral("console")},
            };
        };
        m_control = std::make_unique<ControlServer>(m_backend.get(), hooks);
        if (!m_options.controlUsers.isEmpty())
            m_control->setAuthorizedUsers(m_control->authorizedUsers() + m_options.controlUsers);
        connect(m_control.get(), &ControlServer::log, this,
                [this](LogLevel level, const Message &text) { note(level, text); });
        QString error;
        if (!m_control->listen(m_options.controlName, &error)) {
            if (m_options.controlRequired) {
                print(error);
                SystemLog::write(SystemLog::Kind::Error, QStringLiteral("MailShim cannot start: %1").arg(error));
                return false;
            }
            note(LogLevel::Problems,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1; running without a control channel"), {error}));
            m_control.reset();
        }
    }

    note(LogLevel::Major,
         Message(QT_TRANSLATE_NOOP("Engine", "MailShim %1 started (config %2%3)"),
                 {QCoreApplication::applicationVersion(), QDir::toNativeSeparators(m_options.configPath),
                  m_control ? QStringLiteral(", control channel %1").arg(m_control->fullName()) : QString()}));
    if (!m_configProblem.isEmpty())
        note(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "running without listeners: %1"), {m_configProblem}));
    else if (!exists)
        note(LogLevel::Major,
             Message(QT_TRANSLATE_NOOP("Engine", "no config file yet: running without listeners"), {}));
    SystemLog::write(m_configProblem.isEmpty() ? SystemLog::Kind::Info : SystemLog::Kind::Warning,
                     m_configProblem.isEmpty()
                         ? QStringLiteral("MailShim started with %1 listener(s).").arg(initial.listeners.size())
                         : QStringLiteral("MailShim started without listeners: %1").arg(m_configProblem));
    return true;
}

QList<ConfigIssue> ServiceRunner::reload()
{
    if (m_stopping)
        return {ConfigIssue{QString(), QStringLiteral("the service is stopping")}};
    const ConfigLoadResult result = ConfigLoader::fromFile(m_options.configPath);
    for (const ConfigIssue &warning : result.warnings)
        note(LogLevel::Problems,
             Message(QT_TRANSLATE_NOOP("Engine", "%1: warning: %2"), {m_options.configPath, warning.toString()}));
    if (!result.ok()) {
        for (const ConfigIssue &error : result.errors)
            note(LogLevel::Major,
                 Message(QT_TRANSLATE_NOOP("Engine", "%1: error: %2"), {m_options.configPath, error.toString()}));
        note(LogLevel::Major,
             Message(QT_TRANSLATE_NOOP("Engine", "%1: not reloaded; the running configuration stays in force"),
                     {m_options.configPath}));
        return result.errors;
    }
    m_configProblem.clear();
    m_backend->replaceConfig(result.config);
    note(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "reloaded %1"), {m_options.configPath}));
    return {};
}

bool ServiceRunner::save(const Config &config, QString *error)
{
    if (!m_configProblem.isEmpty() && QFile::exists(m_options.configPath)) {
        // The broken file is the user's work: keep it beside the new one instead of overwriting it.
        const QString aside = m_options.configPath + QStringLiteral(".broken-") +
                              QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        if (!QFile::rename(m_options.configPath, aside)) {
            *error = QStringLiteral("the broken %1 could not be moved aside").arg(m_options.configPath);
            return false;
        }
        note(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "the broken config file was kept as %1"), {aside}));
    }
    QDir().mkpath(QFileInfo(m_options.configPath).absolutePath());
    if (!ConfigLoader::saveFile(config, m_options.configPath, error))
        return false;
    m_configProblem.clear();
    return true;
}

void ServiceRunner::requestStop(const QString &why)
{
    if (m_stopping)
        return;
    m_stopping = true; // a SIGHUP or another stop request from here on changes nothing
    note(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "stopping: %1"), {why}));
    SystemLog::write(SystemLog::Kind::Info, QStringLiteral("MailShim stopped: %1").arg(why));
    // Queued: the request may come from a control connection, which must not be deleted under its own call.
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_signalNotifier.reset();
            m_control.reset();
            m_backend.reset();
            Q_EMIT stopRequested();
        },
        Qt::QueuedConnection);
}

void ServiceRunner::note(LogLevel level, const Message &text)
{
    if (m_backend) {
        m_backend->note(level, kCategory, text);
        return;
    }
    print(text.english()); // the console is English, like the log files
}

void ServiceRunner::installSignalHandlers()
{
#ifdef Q_OS_UNIX
    if (g_signalFds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    m_signalNotifier = std::make_unique<QSocketNotifier>(g_signalFds[1], QSocketNotifier::Read);
    connect(m_signalNotifier.get(), &QSocketNotifier::activated, this, &ServiceRunner::onSignal);
    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);
#endif
}

void ServiceRunner::onSignal()
{
#ifdef Q_OS_UNIX
    char signal = 0;
    if (::read(g_signalFds[1], &signal, 1) != 1)
        return;
    if (signal == SIGHUP) {
        note(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "SIGHUP: reloading %1"), {m_options.configPath}));
        reload();
        return;
    }
    requestStop(signal == SIGINT ? QStringLiteral("SIGINT") : QStringLiteral("SIGTERM"));
#endif
}

void ServiceRunner::print(const QString &line)
{
    if (!m_options.echoToStderr && m_backend)
        return;
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace mailshim
