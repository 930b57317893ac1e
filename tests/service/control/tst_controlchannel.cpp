// The control channel against the real mailshim-service --console: a client attaches, reads status and
// live log lines, changes a listener (the port really closes and the file really changes), and the service
// survives garbage, oversized frames, a client killed mid-stream, a broken file on reload, and shuts down
// on request.

#include "core/configloader.h"
#include "enginetestbed.h"
#include "service/control/controlclient.h"
#include "service/control/remoteenginebackend.h"
#include "serviceprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace mailshim;

class TestControlChannel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ServiceProcess m_service;
    QString m_configPath;
    QString m_control;
    quint16 m_portA = 0;
    quint16 m_portB = 0;

    static bool portOpen(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(1000);
    }

    // One raw request line on a fresh connection; the reply line as JSON.
    QJsonObject rawRequest(QLocalSocket &socket, const QByteArray &line)
    {
        socket.write(line);
        socket.flush();
        while (!socket.canReadLine()) {
            if (!socket.waitForReadyRead(5000))
                return {};
        }
        return QJsonDocument::fromJson(socket.readLine()).object();
    }

    bool rawConnect(QLocalSocket &socket)
    {
        socket.connectToServer(m_control);
        if (!socket.waitForConnected(3000))
            return false;
        while (!socket.canReadLine()) {
            if (!socket.waitForReadyRead(3000))
                return false;
        }
        return socket.readLine().contains("\"hello\"");
    }

    bool serviceAnswers()
    {
        ControlClient client;
        QString error;
        if (!client.connectTo(m_control, 3000, &error))
            return false;
        return client.call(QStringLiteral("status")).value(QStringLiteral("ok")).toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_portA = EngineTestbed::freePort();
        m_portB = EngineTestbed::freePort();
        QVERIFY(m_portA != m_portB);
        const auto listener = [](const QString &name, quint16 port) {
            return QJsonObject{
                {QStringLiteral("name"), name},
                {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                {QStringLiteral("upstream"), QJsonObject{{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                                         {QStringLiteral("port"), 1},
                                                         {QStringLiteral("security"), QStringLiteral("tls")}}}};
        };
        m_configPath = m_dir.path() + QStringLiteral("/mailshim.json");
        QFile file(m_configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("listeners"), QJsonArray{listener(QStringLiteral("a"), m_portA),
                                                                               listener(QStringLiteral("b"), m_portB)}},
                                      {QStringLiteral("logLevel"), QStringLiteral("low")}})
                .toJson());
        file.close();
        m_control = m_dir.path() + QStringLiteral("/control");
        QString error;
        QVERIFY2(m_service.start({QStringLiteral("--console"), QStringLiteral("--config"), m_configPath,
                                  QStringLiteral("--control"), m_control, QStringLiteral("--log-dir"),
                                  m_dir.path() + QStringLiteral("/logs")},
                                 &error),
                 qPrintable(error));
        // The control channel opens after the engine has started its listeners.
        QVERIFY2(m_service.waitForLog("started (config"), m_service.log().constData());
    }

    void attachReadsStatusAndConfig()
    {
        RemoteEngineBackend backend(m_control);
        QString error;
        QVERIFY2(backend.attach(3000, &error), qPrintable(error));
        QCOMPARE(backend.config().listeners.size(), 2);
        QCOMPARE(backend.config().listeners.at(0).name, QStringLiteral("a"));
        QCOMPARE(backend.status(QStringLiteral("a")).state, ListenerStatus::State::Listening);
        QCOMPARE(backend.status(QStringLiteral("b")).state, ListenerStatus::State::Listening);
        QVERIFY(backend.location().contains(QStringLiteral("background service")));
        bool sawStart = false;
        for (const LogRecord &record : backend.recentLog())
            sawStart =
                sawStart || record.text.startsWith(QStringLiteral("listening on 127.0.0.1 port %1").arg(m_portA));
        QVERIFY2(sawStart, "the log tail does not hold the listener's start");
    }

    void liveStatusAndLogWhileAListenerChanges()
    {
        RemoteEngineBackend backend(m_control);
        QString error;
        QVERIFY2(backend.attach(3000, &error), qPrintable(error));
        QSignalSpy logs(&backend, &EngineBackend::logRecord);
        QSignalSpy statuses(&backend, &EngineBackend::statusChanged);

        // A real client session produces live log lines.
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_portB);
        QVERIFY(client.waitForConnected(2000));
        QTRY_VERIFY(!logs.isEmpty());

        QVERIFY(backend.setListenerEnabled(QStringLiteral("a"), false).isEmpty());
        QTRY_COMPARE(backend.status(QStringLiteral("a")).state, ListenerStatus::State::Stopped);
        QVERIFY(!statuses.isEmpty());
        QVERIFY(!portOpen(m_portA));
        QTRY_VERIFY(std::any_of(logs.cbegin(), logs.cend(), [](const QList<QVariant> &args) {
            return args.at(0).value<LogRecord>().text.startsWith(QStringLiteral("stopped listening"));
        }));
        // Saved by the service, as a file the loader accepts.
        const ConfigLoadResult saved = ConfigLoader::fromFile(m_configPath);
        QVERIFY(saved.ok());
        QCOMPARE(saved.config.listeners.at(0).enabled, false);

        QVERIFY(backend.setListenerEnabled(QStringLiteral("a"), true).isEmpty());
        QTRY_COMPARE(backend.status(QStringLiteral("a")).state, ListenerStatus::State::Listening);
        QVERIFY(portOpen(m_portA));
    }

    void invalidChangeIsRefusedWithTheField()
    {
        RemoteEngineBackend backend(m_control);
        QString error;
        QVERIFY2(backend.attach(3000, &error), qPrintable(error));
        Config bad = backend.config();
        bad.listeners[1].port = bad.listeners[0].port; // a clash
        const QList<ConfigIssue> issues = backend.setConfig(bad);
        QVERIFY(!issues.isEmpty());
        QVERIFY2(issues.first().field.startsWith(QStringLiteral("listeners[1]")),
                 qPrintable(issues.first().toString()));
        // The raw protocol path: the service itself refuses, naming the field.
        QLocalSocket socket;
        QVERIFY(rawConnect(socket));
        const QJsonObject reply = rawRequest(
            socket, "{\"id\":9,\"cmd\":\"setConfig\",\"config\":{\"listeners\":[{\"name\":\"x\",\"upstream\":{}}]}}\n");
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(reply.value(QStringLiteral("id")).toInt(), 9);
        QVERIFY(reply.value(QStringLiteral("issues"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("field"))
                    .toString()
                    .startsWith(QStringLiteral("listeners[0].upstream")));
        QVERIFY(ConfigLoader::fromFile(m_configPath).config.listeners.size() == 2); // nothing written
    }

    void garbageAndOversizedFramesGetErrors()
    {
        QLocalSocket socket;
        QVERIFY(rawConnect(socket));
        const QList<QByteArray> bad{"garbage\n",
                                    "[1,2,3]\n",
                                    "{\"id\":1}\n",
                                    "{\"id\":2,\"cmd\":42}\n",
                                    "{\"id\":3,\"cmd\":\"format c:\"}\n",
                                    QByteArray("\x00\xff\xfe{\n", 5),
                                    "{\"id\":4,\"cmd\":\"setPaused\",\"paused\":\"yes\"}\n",
                                    "{\"id\":5,\"cmd\":\"setListenerEnabled\",\"listener\":\"zz\",\"enabled\":true}\n"};
        for (const QByteArray &line : bad) {
            const QJsonObject reply = rawRequest(socket, line);
            QVERIFY2(reply.value(QStringLiteral("ok")) == QJsonValue(false), line.constData());
            QVERIFY2(!reply.value(QStringLiteral("error")).toString().isEmpty(), line.constData());
        }
        // 3 MiB without a newline, then the newline: one error, and the connection still works.
        socket.write(QByteArray(3 * 1024 * 1024, 'x'));
        socket.write("\n");
        const QJsonObject tooLong = rawRequest(socket, QByteArray());
        QVERIFY2(tooLong.value(QStringLiteral("error")).toString().startsWith(QStringLiteral("request too long")),
                 QJsonDocument(tooLong).toJson().constData());
        const QJsonObject status = rawRequest(socket, "{\"id\":6,\"cmd\":\"status\"}\n");
        QCOMPARE(status.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(status.value(QStringLiteral("listeners")).toArray().size(), 2);
    }

    void clientKilledMidStream()
    {
        for (int round = 0; round < 5; ++round) {
            auto *socket = new QLocalSocket;
            QVERIFY(rawConnect(*socket));
            socket->write("{\"id\":1,\"cmd\":\"subscribe\"}\n{\"id\":2,\"cmd\":\"recentLog\",\"limit\":5000}\n"
                          "{\"id\":3,\"cmd\":\"setListenerEnabled\",\"listener\":\"b\",\"enabled\":false}\n"
                          "{\"id\":4,\"cmd\":\"setListenerEnabled\",\"listener\":\"b\",\"enabled\":true}\n");
            socket->flush();
            socket->abort(); // gone while the service writes replies and events to it
            delete socket;
        }
        QVERIFY2(serviceAnswers(), m_service.log().right(2000).constData());
        QVERIFY(m_service.process().state() == QProcess::Running);
        QTRY_VERIFY(portOpen(m_portB));
    }

    void brokenFileOnReloadKeepsTheRunningConfig()
    {
        const QByteArray good = [&] {
            QFile f(m_configPath);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QFile file(m_configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"listeners\": [{\"name\": \"a\", \"upstream\": {\"host\": \"x\", \"security\": \"ssl\"}}]}");
        file.close();
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_control, 3000, &error), qPrintable(error));
        const QJsonObject reply = client.call(QStringLiteral("reload"));
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY2(
            reply.value(QStringLiteral("error")).toString().contains(QStringLiteral("listeners[0].upstream.security")),
            QJsonDocument(reply).toJson().constData());
        QVERIFY(portOpen(m_portA));
        QVERIFY(portOpen(m_portB));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(good);
        file.close();
        QCOMPARE(client.call(QStringLiteral("reload")).value(QStringLiteral("ok")).toBool(), true);
    }

    void configEventsCarryEveryField()
    {
        RemoteEngineBackend backend(m_control);
        QString error;
        QVERIFY2(backend.attach(3000, &error), qPrintable(error));
        QCOMPARE(backend.config().timeouts.idleSeconds, 600);
        // Someone edits a field that is neither a listener nor the log level, and reloads.
        Config edited = ConfigLoader::fromFile(m_configPath).config;
        edited.timeouts.idleSeconds = 1234;
        QVERIFY(ConfigLoader::saveFile(edited, m_configPath, &error));
        ControlClient other;
        QVERIFY2(other.connectTo(m_control, 3000, &error), qPrintable(error));
        QCOMPARE(other.call(QStringLiteral("reload")).value(QStringLiteral("ok")).toBool(), true);
        QTRY_COMPARE(backend.config().timeouts.idleSeconds, 1234);
        // An unrelated change from this window then keeps it, in the file too.
        QVERIFY(backend.setListenerEnabled(QStringLiteral("b"), true).isEmpty());
        QVERIFY(backend.setListenerEnabled(QStringLiteral("a"), false).isEmpty());
        QCOMPARE(ConfigLoader::fromFile(m_configPath).config.timeouts.idleSeconds, 1234);
        QVERIFY(backend.setListenerEnabled(QStringLiteral("a"), true).isEmpty());
        QTRY_VERIFY(portOpen(m_portA));
    }

    void logFileHasTheSameLines()
    {
        QFile file(m_dir.path() + QStringLiteral("/logs/mailshim.log"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QVERIFY(lines.size() > 10);
        // Every line is a formatted record, and the service's life so far is in it, in order.
        const QList<QByteArray> expected{
            "listening on 127.0.0.1 port " + QByteArray::number(m_portA), "MailShim 0.1.0 started",
            "stopped listening on port " + QByteArray::number(m_portA),
            "not reloaded; the running configuration stays in force", "reloaded " + m_configPath.toUtf8()};
        qsizetype from = 0;
        for (const QByteArray &needle : expected) {
            qsizetype at = -1;
            for (qsizetype i = from; i < lines.size() && at < 0; ++i) {
                if (lines.at(i).contains(needle))
                    at = i;
            }
            QVERIFY2(at >= 0, needle.constData());
            from = at + 1;
        }
        for (const QByteArray &line : lines) {
            if (!line.isEmpty())
                QVERIFY2(
                    QDateTime::fromString(QString::fromLatin1(line.left(23)), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                        .isValid(),
                    line.constData());
        }
    }

    void hangupWhileStoppingDoesNotCrash()
    {
        // systemctl reload racing systemctl stop: SIGHUP right after SIGTERM must not touch a stopped engine.
        for (int round = 0; round < 5; ++round) {
            ServiceProcess other;
            QString error;
            QVERIFY2(
                other.start({QStringLiteral("--console"), QStringLiteral("--config"), m_configPath,
                             QStringLiteral("--no-control"), QStringLiteral("--log-level"), QStringLiteral("major")},
                            &error),
                qPrintable(error));
            QVERIFY2(other.waitForLog("started (config"), other.log().constData());
            const qint64 pid = other.process().processId();
            ::kill(pid_t(pid), SIGTERM);
            ::kill(pid_t(pid), SIGHUP);
            QVERIFY(other.process().waitForFinished(5000));
            QCOMPARE(other.process().exitStatus(), QProcess::NormalExit);
            QCOMPARE(other.process().exitCode(), 0);
        }
    }

    void shutdownOnRequest()
    {
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_control, 3000, &error), qPrintable(error));
        QCOMPARE(client.call(QStringLiteral("shutdown")).value(QStringLiteral("ok")).toBool(), true);
        QVERIFY(m_service.process().waitForFinished(5000));
        QCOMPARE(m_service.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_service.process().exitCode(), 0);
        QVERIFY(!portOpen(m_portA));
    }
};

QTEST_GUILESS_MAIN(TestControlChannel)
#include "tst_controlchannel.moc"
