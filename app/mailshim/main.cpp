// mailshim: the tray program. One per user: a second start brings the first one's window forward.

#include "service/processsetup.h"
#include "ui/common/translations.h"
#include "ui/tray/singleinstance.h"
#include "ui/tray/trayapplication.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

using namespace mailshim;

int main(int argc, char *argv[])
{
    ProcessSetup::prepare();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("MailShim"));
    QApplication::setApplicationVersion(QStringLiteral(MAILSHIM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mailshim-256.png")));
    Translations::install(&app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MailShim tray program"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption minimized(QStringLiteral("minimized"), QStringLiteral("Start in the tray only."));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Use this settings file."),
                                    QStringLiteral("file"));
    parser.addOptions({minimized, config});
    parser.process(app);

    SingleInstance instance;
    if (!instance.claim())
        return 0;

    TrayApplication::Options options;
    options.configPath = parser.value(config);
    options.minimized = parser.isSet(minimized);
    TrayApplication tray(options);
    QObject::connect(&instance, &SingleInstance::activationRequested, &tray, &TrayApplication::showMainWindow);
    tray.start();
    return app.exec();
}
