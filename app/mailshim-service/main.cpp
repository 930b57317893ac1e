// mailshim-service: the headless MailShim. Runs the engine in the foreground (--console) or as the
// background service (--service, started by systemd or the Windows SCM), checks config files, and
// installs / starts / stops / removes itself through the platform's service manager.

#include "core/configloader.h"
#include "core/filelimit.h"
#include "credentials/credentialstore.h"
#include "service/processsetup.h"
#include "service/servicecommands.h"
#include "service/servicepaths.h"
#include "service/servicerunner.h"
#include "service/signincommand.h"
#ifdef Q_OS_WIN
#include "credentials/dpapifilecredentialstore.h"
#include "service/control/controlpipe_win.h"
#include "service/windowsservicehost.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <cstdio>

using namespace mailshim;

namespace {

int checkConfig(const QString &path)
{
    const ConfigLoadResult result = ConfigLoader::fromFile(path);
    for (const ConfigIssue &warning : result.warnings)
        std::fprintf(stdout, "%s: warning: %s\n", qPrintable(path), qPrintable(warning.toString()));
    for (const ConfigIssue &error : result.errors)
        std::fprintf(stdout, "%s: error: %s\n", qPrintable(path), qPrintable(error.toString()));
    if (result.ok())
        std::fprintf(stdout, "%s: OK, %d listener(s)\n", qPrintable(path), int(result.config.listeners.size()));
    return result.ok() ? 0 : 1;
}

// Runs the engine until SIGTERM / the SCM's stop / the "shutdown" command. Exit code 1: could not start.
int runEngine(const ServiceRunner::Options &options)
{
    ServiceRunner runner(options);
    QObject::connect(&runner, &ServiceRunner::stopRequested, qApp, &QCoreApplication::quit);
    if (!runner.start())
        return 1;
#ifdef Q_OS_WIN
    if (!options.echoToStderr)
        WindowsServiceHost::reportRunning();
#endif
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    ProcessSetup::prepare();
    const auto qtMain = [](int qtArgc, char **qtArgv) -> int {
        QCoreApplication app(qtArgc, qtArgv);
        raiseFileLimit(); // 1000 sessions are 2000+ descriptors: past the usual soft limit of 1024
        QCoreApplication::setApplicationName(QStringLiteral("mailshim-service"));
        QCoreApplication::setApplicationVersion(QStringLiteral(MAILSHIM_VERSION));

        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral("MailShim: plain POP3 in, APOP / TLS / STLS out."));
        parser.addHelpOption();
        parser.addVersionOption();
        const QCommandLineOption console(QStringLiteral("console"),
                                         QStringLiteral("Run in the foreground, logging to stderr."));
        const QCommandLineOption service(QStringLiteral("service"),
                                         QStringLiteral("Run as the background service (what systemd or the "
                                                        "Windows service manager starts)."));
        const QCommandLineOption install(QStringLiteral("install"),
                                         QStringLiteral("Install the background service (starts at boot or "
                                                        "login, restarts after a failure)."));
        const QCommandLineOption uninstall(QStringLiteral("uninstall"),
                                           QStringLiteral("Stop and remove the background service."));
        const QCommandLineOption start(QStringLiteral("start"), QStringLiteral("Start the background service."));
        const QCommandLineOption stop(QStringLiteral("stop"), QStringLiteral("Stop the background service."));
        const QCommandLineOption status(QStringLiteral("status"),
                                        QStringLiteral("Show whether the service is installed and running, and "
                                                       "its listeners."));
        const QCommandLineOption config(
            QStringLiteral("config"),
            QStringLiteral("The JSON config file (default for --service: %1).").arg(ServicePaths::configPath()),
            QStringLiteral("file"));
        const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                          QStringLiteral("major, problems, low or all (overrides the file)."),
                                          QStringLiteral("level"));
        const QCommandLineOption logDir(QStringLiteral("log-dir"),
                                        QStringLiteral("Also write rotating log files here (default for "
                                                       "--service: %1).")
                                            .arg(ServicePaths::logDirectory()),
                                        QStringLiteral("folder"));
        const QCommandLineOption control(
            QStringLiteral("control"),
            QStringLiteral("The control channel's name (default: %1; for --console: %2).")
                .arg(ServicePaths::controlChannelName(), ServicePaths::consoleControlChannelName()),
            QStringLiteral("name"));
        const QCommandLineOption noControl(QStringLiteral("no-control"),
                                           QStringLiteral("Do not open the control channel."));
        const QCommandLineOption check(QStringLiteral("check-config"),
                                       QStringLiteral("Validate a config file and print each error."),
                                       QStringLiteral("file"));
        const QCommandLineOption allowUser(
            QStringLiteral("allow-user"),
            QStringLiteral("Windows: let this account (name or SID) use the installed service's control channel too "
                           "(needs an administrator; the service reads the list when it starts). --install adds the "
                           "account that installs."),
            QStringLiteral("account"));
        const QCommandLineOption setPassword(
            QStringLiteral("set-password"),
            QStringLiteral("Hand the running service the password on standard input (one line) for the account "
                           "user@host:port; it keeps it in its own store for listeners with storedPassword."),
            QStringLiteral("account"));
        const QCommandLineOption forgetPassword(QStringLiteral("forget-password"),
                                                QStringLiteral("Make the running service forget the stored password "
                                                               "of the account user@host:port."),
                                                QStringLiteral("account"));
        const QCommandLineOption signIn(
            QStringLiteral("sign-in"),
            QStringLiteral("Sign in an oauth2 listener in the browser: prints the address to open, waits for the "
                           "browser, and stores the refresh token where the engine reads it (the running service, "
                           "else the service's store)."),
            QStringLiteral("listener"));
        const QCommandLineOption signInTimeout(QStringLiteral("timeout"),
                                               QStringLiteral("--sign-in: how long to wait for the browser (default "
                                                              "600)."),
                                               QStringLiteral("seconds"));
        parser.addOptions({console, service, install, uninstall, start, stop, status, config, logLevel, logDir, control,
                           noControl, check, allowUser, setPassword, forgetPassword, signIn, signInTimeout});
        parser.process(app);

        if (parser.isSet(check))
            return checkConfig(parser.value(check));

        const QString configPath = parser.isSet(config) ? parser.value(config) : ServicePaths::configPath();
        // --console has a channel of its own on Windows (ServicePaths::consoleControlChannelName); the verbs and
        // --service use the service's.
        const bool consoleRun =
            parser.isSet(console) && !parser.isSet(service) && !parser.isSet(status) && !parser.isSet(stop);
        const QString controlName = parser.isSet(noControl) ? QString()
                                    : parser.isSet(control) ? parser.value(control)
                                    : consoleRun            ? ServicePaths::consoleControlChannelName()
                                                            : ServicePaths::controlChannelName();
        if (parser.isSet(install) || parser.isSet(allowUser)) {
            if (parser.isSet(install) && ServiceCommands::install(parser.isSet(config) ? configPath : QString()) != 0)
                return 1;
#ifdef Q_OS_WIN
            // The users the service's control channel serves: whoever installs it, and the accounts named.
            QStringList accounts = parser.values(allowUser);
            if (parser.isSet(install))
                accounts.prepend(ControlPipe::currentUserSid());
            for (const QString &account : accounts) {
                QString sid;
                QString error;
                if (!ControlPipe::addServedUser(account, &sid, &error)) {
                    std::fprintf(stderr, "--allow-user: %s\n", qPrintable(error));
                    return 1;
                }
                std::fprintf(stdout, "the service's control channel serves %s (%s) from its next start\n",
                             qPrintable(account), qPrintable(sid));
            }
            return 0;
#else
            if (parser.isSet(allowUser)) {
                std::fprintf(stderr, "--allow-user is for Windows: here the service serves its own user\n");
                return 2;
            }
            return 0;
#endif
        }
        if (parser.isSet(uninstall))
            return ServiceCommands::uninstall();
        if (parser.isSet(start))
            return ServiceCommands::start();
        if (parser.isSet(stop))
            return ServiceCommands::stop(controlName);
        if (parser.isSet(status))
            return ServiceCommands::status(controlName);
        if (parser.isSet(setPassword))
            return ServiceCommands::setPassword(controlName, parser.value(setPassword));
        if (parser.isSet(forgetPassword))
            return ServiceCommands::forgetPassword(controlName, parser.value(forgetPassword));
        if (parser.isSet(signIn)) {
            SignInCommand::Options options;
            options.listener = parser.value(signIn);
            options.controlName = controlName;
            options.configPath = QFileInfo(configPath).absoluteFilePath();
            if (parser.isSet(signInTimeout)) {
                bool ok = false;
                options.timeoutSecs = parser.value(signInTimeout).toInt(&ok);
                if (!ok || options.timeoutSecs <= 0) {
                    std::fprintf(stderr, "--timeout must be a number of seconds\n");
                    return 2;
                }
            }
            return SignInCommand::run(options);
        }

        if (!parser.isSet(console) && !parser.isSet(service)) {
            std::fprintf(stderr, "nothing to do: use --console --config FILE, --service, --install, --status ... "
                                 "(see --help)\n");
            return 2;
        }
        if (parser.isSet(console) && !parser.isSet(config)) {
            std::fprintf(stderr, "--console needs --config FILE\n");
            return 2;
        }
        // Stored passwords: the store of the account this process runs as, which the control channel's setPassword
        // writes and the engine reads. Linux (a systemd user unit, running as the user): the user's own keychain, the
        // one the tray program uses too. The Windows service: a DPAPI-protected file of the service's account (the
        // user's Credential Manager is not the service's); a console run there is the user's, with their Credential
        // Manager.
        std::unique_ptr<CredentialStore> keychain;
#ifdef Q_OS_WIN
        if (parser.isSet(service))
            keychain =
                std::make_unique<DpapiFileCredentialStore>(ServicePaths::passwordFile(), ControlPipe::currentUserSid());
#endif
        if (!keychain)
            keychain = CredentialStore::createForThisPlatform();
        ServiceRunner::Options options;
        options.passwords = keychain.get();
        options.configPath = QFileInfo(configPath).absoluteFilePath();
        options.controlName = controlName;
        options.echoToStderr = true;
        options.tolerateBadConfig = parser.isSet(service);
        options.controlRequired = parser.isSet(service);
        options.asService = parser.isSet(service);
        options.logDirectory = parser.isSet(logDir)    ? parser.value(logDir)
                               : parser.isSet(service) ? ServicePaths::logDirectory()
                                                       : QString();
        if (parser.isSet(logLevel)) {
            options.levelOverride = logLevelFromName(parser.value(logLevel));
            if (!options.levelOverride) {
                std::fprintf(stderr, "--log-level must be major, problems, low or all\n");
                return 2;
            }
        }
#ifdef Q_OS_WIN
        // Under the SCM nobody reads stderr; the log files and the event log carry everything.
        options.echoToStderr = !parser.isSet(service);
        if (parser.isSet(service))
            options.controlUsers = ControlPipe::servedUsers();
#endif
        return runEngine(options);
    };

#ifdef Q_OS_WIN
    // The SCM starts "mailshim-service.exe --service ...": hand the process to it before Qt starts, so the
    // service thread runs qtMain. Anything else (a console, a verb) runs qtMain directly.
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--service") == 0) {
            QString error;
            const int code = WindowsServiceHost::run(argc, argv, qtMain, &error);
            if (code == -1)
                std::fprintf(stderr, "--service: %s\n", qPrintable(error));
            return code == -1 ? 1 : code;
        }
    }
#endif
    return qtMain(argc, argv);
}
