#include "service/servicecommands.h"

#include "service/control/controlclient.h"
#include "service/servicemanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <cstdio>

namespace mailshim::ServiceCommands {

namespace {

void say(const QString &text)
{
    std::fprintf(stdout, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stdout);
}

int fail(const QString &what, const QString &error)
{
    std::fprintf(stderr, "%s: %s\n", what.toLocal8Bit().constData(), error.toLocal8Bit().constData());
    return 1;
}

// One verb on the platform's manager: its error, or what was done in one line.
int perform(const QString &verb, ServiceManager &manager, bool (ServiceManager::*action)(QString *),
            const QString &done)
{
    QString error;
    if (!(manager.*action)(&error))
        return fail(verb, error);
    say(done.arg(manager.kind()));
    return 0;
}

} // namespace

int install(const QString &configPath)
{
    const auto manager = ServiceManager::create();
    ServiceInstallOptions options;
    options.executable = QCoreApplication::applicationFilePath();
    options.configPath = configPath;
    QString error;
    if (!manager->install(options, &error))
        return fail(QStringLiteral("install"), error);
    say(QStringLiteral("installed as %1, reading %2; start it with --start")
            .arg(manager->kind(), QDir::toNativeSeparators(configPath)));
    return 0;
}

int uninstall()
{
    const auto manager = ServiceManager::create();
    return perform(QStringLiteral("uninstall"), *manager, &ServiceManager::uninstall,
                   QStringLiteral("removed the %1 (settings and logs stay)"));
}

int start()
{
    const auto manager = ServiceManager::create();
    return perform(QStringLiteral("start"), *manager, &ServiceManager::start, QStringLiteral("started the %1"));
}

int stop(const QString &controlName)
{
    const auto manager = ServiceManager::create(controlName);
    return perform(QStringLiteral("stop"), *manager, &ServiceManager::stop, QStringLiteral("stopped the %1"));
}

int status(const QString &controlName)
{
    const auto manager = ServiceManager::create(controlName);
    const ServiceState state = manager->state();
    say(QStringLiteral("%1: %2, %3 (%4)")
            .arg(manager->kind(), state.installed ? QStringLiteral("installed") : QStringLiteral("not installed"),
                 state.running ? QStringLiteral("running") : QStringLiteral("not running"), state.detail));

    ControlClient client;
    QString error;
    if (client.connectTo(controlName, 2000, &error)) {
        const QJsonObject reply = client.call(QStringLiteral("status"));
        const QJsonObject service = reply.value(QStringLiteral("service")).toObject();
        say(QStringLiteral("control channel %1: MailShim %2, pid %3")
                .arg(controlName, client.hello().value(QStringLiteral("version")).toString())
                .arg(qint64(client.hello().value(QStringLiteral("pid")).toDouble())));
        if (!service.value(QStringLiteral("configProblem")).toString().isEmpty())
            say(QStringLiteral("  config problem: ") + service.value(QStringLiteral("configProblem")).toString());
        if (reply.value(QStringLiteral("paused")).toBool())
            say(QStringLiteral("  paused"));
        for (const QJsonValue &value : reply.value(QStringLiteral("listeners")).toArray()) {
            const QJsonObject listener = value.toObject();
            const QJsonObject s = listener.value(QStringLiteral("status")).toObject();
            QString line = QStringLiteral("  %1: %2")
                               .arg(listener.value(QStringLiteral("name")).toString(),
                                    s.value(QStringLiteral("state")).toString());
            if (!s.value(QStringLiteral("detail")).toString().isEmpty())
                line += QStringLiteral(" (%1)").arg(s.value(QStringLiteral("detail")).toString());
            line += QStringLiteral(", %1 active, %2 total")
                        .arg(s.value(QStringLiteral("activeSessions")).toInt())
                        .arg(qint64(s.value(QStringLiteral("totalSessions")).toDouble()));
            if (!s.value(QStringLiteral("lastResult")).toString().isEmpty())
                line += QStringLiteral("; last: ") + s.value(QStringLiteral("lastResult")).toString();
            say(line);
        }
        if (!service.value(QStringLiteral("logFile")).toString().isEmpty())
            say(QStringLiteral("  log file: ") + service.value(QStringLiteral("logFile")).toString());
        if (!state.running) {
            say(QStringLiteral("another MailShim answers on %1 but the %2 is not running: it was started by hand; "
                               "stop it before starting the service")
                    .arg(controlName, manager->kind()));
            return 5;
        }
    } else if (client.refused() || client.untrustedServer()) {
        say(QStringLiteral("control channel: %1").arg(error));
        return 6;
    } else if (state.running) {
        say(QStringLiteral("control channel: %1").arg(error));
    }
    return state.running ? 0 : state.installed ? 3 : 4;
}

} // namespace mailshim::ServiceCommands
