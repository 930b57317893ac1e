// The tray program running the engine itself writes a log file like the service's (same line format, rotating), and
// says where: what a user sends when asking for help.

#include "enginetestbed.h"
#include "ui/tray/trayapplication.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestTrayLogFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void engineRecordsReachTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint16 port = EngineTestbed::freePort();
        const QJsonObject listener{
            {QStringLiteral("name"), QStringLiteral("isp")},
            {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
            {QStringLiteral("upstream"), QJsonObject{{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                                     {QStringLiteral("port"), 1},
                                                     {QStringLiteral("security"), QStringLiteral("tls")}}}};
        QFile config(dir.filePath(QStringLiteral("mailshim.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QJsonDocument(QJsonObject{{QStringLiteral("listeners"), QJsonArray{listener}},
                                               {QStringLiteral("logLevel"), QStringLiteral("low")}})
                         .toJson());
        config.close();

        TrayApplication::Options options;
        options.configPath = config.fileName();
        options.controlName = dir.filePath(QStringLiteral("no-service")); // nothing answers: the tray runs the engine
        options.trayAvailable = false;
        options.minimized = true;
        options.logDirectory = dir.filePath(QStringLiteral("logs"));
        TrayApplication app(options);
        app.start();

        QCOMPARE(app.logFilePath(), dir.filePath(QStringLiteral("logs/mailshim.log")));
        QFile log(app.logFilePath());
        // The engine's start (before the file was open) and a record made afterwards both arrive, in English.
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (!log.open(QIODevice::ReadOnly))
                    return false;
                const QByteArray text = log.readAll();
                log.close();
                return text.contains("listening on 127.0.0.1 port " + QByteArray::number(port)) &&
                       text.contains("configuration applied");
            },
            5000));
    }
};

QTEST_MAIN(TestTrayLogFile)
#include "tst_traylogfile.moc"
