#include "service/servicecommands.h"

#include "service/control/controlclient.h"
#include "service/control/controlprotocol.h"
#include "service/servicemanager.h"
#include "service/servicepaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QTextStream>
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

// "user@host:port" (CredentialKey::toString()); the user may contain '@', the host may be an [IPv6] address.
std::optional<CredentialKey> parseAccount(const QString &account)
{
    const qsizetype at = account.lastIndexOf(QLatin1Char('@'));
    const qsizetype colon = account.lastIndexOf(QLatin1Char(':'));
    if (at <= 0 || colon <= at + 1)
        return std::nullopt;
    bool ok = false;
    const uint port = account.mid(colon + 1).toUInt(&ok);
    QString host = account.mid(at + 1, colon - at - 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (!ok || port == 0 || port > 65535 || host.isEmpty())
        return std::nullopt;
    return CredentialKey{host, quint16(port), account.left(at)};
}

int passwordCommand(const QString &controlName, const QString &account, bool set)
{
    const QString verb = set ? QStringLiteral("set-password") : QStringLiteral("forget-password");
    const std::optional<CredentialKey> key = parseAccount(account);
    if (!key) {
        std::fprintf(stderr, "%s: the account must read user@host:port, e.g. alice@pop.example.com:995\n",
                     qPrintable(verb));
        return 2;
    }
    QJsonObject arguments{{QStringLiteral("key"), ControlProtocol::credentialKeyToJson(*key)}};
    if (set) {
        QTextStream in(stdin);
        const QString password = in.readLine();
        if (password.isEmpty())
            return fail(verb, QStringLiteral("no password on standard input"));
        arguments.insert(QStringLiteral("password"), password);
    }
    ControlClient client;
    QString error;
    if (!client.connectTo(controlName, 5000, &error))
        return fail(verb, error);
    const QJsonObject reply =
        client.call(set ? QStringLiteral("setPassword") : QStringLiteral("forgetPassword"), arguments, 15000);
    if (!reply.value(QStringLiteral("ok")).toBool())
        return fail(verb, reply.value(QStringLiteral("error")).toString());
    say(set ? QStringLiteral("the service stored the password of %1").arg(key->toString())
            : QStringLiteral("the service forgot the password of %1").arg(key->toString()));
    return 0;
}

} // namespace

int setPassword(const QString &controlName, const QString &account)
{
    return passwordCommand(controlName, account, true);
}

int forgetPassword(const QString &controlName, const QString &account)
{
    return passwordCommand(controlName, account, false);
}

int install(const QString &configPath)
{
    const auto manager = ServiceManager::create();
    ServiceInstallOptions options;
    options.executable = QCoreApplication::applicationFilePath();
    options.configPath = configPath;
    if (options.configPath.isEmpty()) // an update or a second --install keeps the service's file
        options.configPath = manager->registeredConfigPath();
    if (options.configPath.isEmpty())
        options.configPath = ServicePaths::configPath();
    QString error;
    if (!manager->install(options, &error))
        return fail(QStringLiteral("install"), error);
    say(QStringLiteral("installed as %1, reading %2; start it with --start")
            .arg(manager->kind(), QDir::toNativeSeparators(options.configPath)));
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
