// mailshim-service: the headless MailShim. Today: --console (foreground) and --check-config.
// The service-manager verbs (--install, --start, ...) will live here too.

#include "configloader.h"
#include "consolerunner.h"
#include "filelimit.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>

using namespace mailshim;

static int checkConfig(const QString &path)
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

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    raiseFileLimit(); // 1000 sessions are 2000+ descriptors: past the usual soft limit of 1024
    QCoreApplication::setApplicationName(QStringLiteral("mailshim-service"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAILSHIM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MailShim: plain POP3 in, APOP / TLS / STLS out."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption console(QStringLiteral("console"),
                                     QStringLiteral("Run in the foreground, logging to stderr."));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The JSON config file."),
                                    QStringLiteral("file"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("major, problems, low or all (overrides the file)."),
                                      QStringLiteral("level"));
    const QCommandLineOption check(QStringLiteral("check-config"),
                                   QStringLiteral("Validate a config file and print each error."),
                                   QStringLiteral("file"));
    parser.addOptions({console, config, logLevel, check});
    parser.process(app);

    if (parser.isSet(check))
        return checkConfig(parser.value(check));
    if (!parser.isSet(console)) {
        std::fprintf(stderr, "nothing to do: use --console --config FILE, or --check-config FILE (see --help)\n");
        return 2;
    }
    if (!parser.isSet(config)) {
        std::fprintf(stderr, "--console needs --config FILE\n");
        return 2;
    }
    std::optional<LogLevel> level;
    if (parser.isSet(logLevel)) {
        level = logLevelFromName(parser.value(logLevel));
        if (!level) {
            std::fprintf(stderr, "--log-level must be major, problems, low or all\n");
            return 2;
        }
    }
    ConsoleRunner runner(parser.value(config), level);
    if (!runner.start())
        return 1;
    return app.exec();
}
