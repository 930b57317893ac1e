// The tray program and the background service together, offscreen: the window shows a running service's
// listeners and their live status, says which engine it shows, and the Service section installs, starts
// (the service takes the ports over), stops (the tray takes them back) and uninstalls the real
// mailshim-service. Without a systemd user manager here, the service is the plain background process.

#include "enginetestbed.h"
#include "service/control/controlclient.h"
#include "service/servicepaths.h"
#include "ui/common/switchableenginebackend.h"
#include "ui/mainwindow/listenertablemodel.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/servicepanel/servicecontrol.h"
#include "ui/tray/trayapplication.h"
#include "widgetlookup.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestServiceAttach : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static bool portOpen(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(1000);
    }

    QString writeConfig(const QString &name, quint16 port)
    {
        const QString path = m_dir.path() + QStringLiteral("/") + name + QStringLiteral(".json");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("listeners"),
                                       QJsonArray{QJsonObject{
                                           {QStringLiteral("name"), name},
                                           {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                                           {QStringLiteral("upstream"),
                                            QJsonObject{{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                                        {QStringLiteral("port"), 1},
                                                        {QStringLiteral("security"), QStringLiteral("tls")}}}}}}})
                .toJson());
        return path;
    }

    static QString statusText(MainWindow *window, int column)
    {
        auto *table = child<QTableView>(*window, "listenerTable");
        return table->model()->index(0, column).data().toString();
    }

    static qint64 servicePid()
    {
        ControlClient client;
        QString error;
        if (!client.connectTo(ServicePaths::controlChannelName(), 500, &error))
            return 0;
        return qint64(client.hello().value(QStringLiteral("pid")).toDouble());
    }

    TrayApplication::Options options(const QString &configPath)
    {
        TrayApplication::Options o;
        o.configPath = configPath;
        o.serviceExecutable = QStringLiteral(MAILSHIM_SERVICE_BINARY);
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Private runtime and config folders: the control channel, the autostart entry and nothing else of
        // the real user's is touched.
        const QString runtime = m_dir.path() + QStringLiteral("/run");
        QVERIFY(QDir().mkpath(runtime));
        QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        qputenv("XDG_RUNTIME_DIR", runtime.toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_dir.path() + QStringLiteral("/config")).toUtf8());
        qputenv("XDG_STATE_HOME", (m_dir.path() + QStringLiteral("/state")).toUtf8());
        qputenv("DBUS_SESSION_BUS_ADDRESS", "disabled:"); // no keychain needed here
    }

    void showsARunningServiceLive()
    {
        const quint16 port = EngineTestbed::freePort();
        const QString serviceConfig = writeConfig(QStringLiteral("svc"), port);
        QProcess service;
        service.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        service.start(QStringLiteral(MAILSHIM_SERVICE_BINARY),
                      {QStringLiteral("--console"), QStringLiteral("--config"), serviceConfig});
        QVERIFY(service.waitForStarted());
        QVERIFY(QTest::qWaitFor([] { return servicePid() != 0; }, 5000));

        // The tray's own settings file holds nothing: what the window shows comes from the service.
        TrayApplication tray(options(m_dir.path() + QStringLiteral("/tray-empty.json")));
        MainWindow *window = tray.mainWindow();
        QVERIFY(tray.backend()->location().contains(QStringLiteral("background service")));
        QVERIFY(child<QLabel>(*window, "engineLocation")->text().contains(QStringLiteral("background service")));
        QCOMPARE(child<QTableView>(*window, "listenerTable")->model()->rowCount(), 1);
        QCOMPARE(statusText(window, ListenerTableModel::Name), QStringLiteral("svc"));
        QTRY_VERIFY(statusText(window, ListenerTableModel::Status).contains(QStringLiteral("listening")));

        // Someone else (a second client, or the CLI) turns the listener off: the window follows at once.
        ControlClient other;
        QString error;
        QVERIFY2(other.connectTo(ServicePaths::controlChannelName(), 2000, &error), qPrintable(error));
        QCOMPARE(other
                     .call(QStringLiteral("setListenerEnabled"),
                           {{QStringLiteral("listener"), QStringLiteral("svc")}, {QStringLiteral("enabled"), false}})
                     .value(QStringLiteral("ok"))
                     .toBool(),
                 true);
        QTRY_COMPARE(statusText(window, ListenerTableModel::Status), QStringLiteral("off"));
        QTRY_VERIFY(!child<QTableView>(*window, "listenerTable")
                         ->model()
                         ->index(0, ListenerTableModel::Enabled)
                         .data(Qt::CheckStateRole)
                         .value<Qt::CheckState>());

        QVERIFY(other
                    .call(QStringLiteral("setListenerEnabled"),
                          {{QStringLiteral("listener"), QStringLiteral("svc")}, {QStringLiteral("enabled"), true}})
                    .value(QStringLiteral("ok"))
                    .toBool());
        QTRY_VERIFY(statusText(window, ListenerTableModel::Status).contains(QStringLiteral("listening")));

        // The service goes away: the window says so instead of showing stale "listening".
        service.terminate();
        QVERIFY(service.waitForFinished(5000));
        QTRY_VERIFY(statusText(window, ListenerTableModel::Status).contains(QStringLiteral("not running")));
        QTRY_VERIFY(child<QLabel>(*window, "engineLocation")->text().contains(QStringLiteral("not running")));
    }

    void installStartStopUninstallFromTheWindow()
    {
        const quint16 port = EngineTestbed::freePort();
        const QString trayConfig = writeConfig(QStringLiteral("mine"), port);
        TrayApplication tray(options(trayConfig));
        MainWindow *window = tray.mainWindow();
        ServiceControl *control = tray.serviceControl();
        QVERIFY(tray.backend()->location().contains(QStringLiteral("in this program")));
        QTRY_VERIFY(portOpen(port)); // the tray's own engine serves it

        QTRY_COMPARE(control->state(), ServiceControl::State::NotInstalled);
        auto *install = child<QPushButton>(*window, "serviceInstall");
        auto *start = child<QPushButton>(*window, "serviceStart");
        auto *stop = child<QPushButton>(*window, "serviceStop");
        QVERIFY(install->isEnabled());
        QVERIFY(!start->isEnabled());
        QVERIFY(!stop->isEnabled());
        install->click();
        QTRY_COMPARE_WITH_TIMEOUT(control->state(), ServiceControl::State::Stopped, 10000);
        QVERIFY(QFile::exists(m_dir.path() + QStringLiteral("/config/autostart/mailshim-service.desktop")));

        QTRY_VERIFY(start->isEnabled());
        start->click();
        QTRY_VERIFY_WITH_TIMEOUT(tray.backend()->location() == QStringLiteral("background service"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(control->state(), ServiceControl::State::Running, 10000);
        const qint64 pid = servicePid();
        QVERIFY(pid > 0 && pid != QCoreApplication::applicationPid());
        QTRY_VERIFY(portOpen(port)); // now served by the service, from the same settings file
        QTRY_VERIFY(statusText(window, ListenerTableModel::Status).contains(QStringLiteral("listening")));
        QVERIFY(child<QLabel>(*window, "serviceState")->text().contains(QStringLiteral("running")));

        QTRY_VERIFY(stop->isEnabled());
        stop->click();
        QTRY_VERIFY_WITH_TIMEOUT(tray.backend()->location() == QStringLiteral("in this program"), 15000);
        QTRY_COMPARE(servicePid(), 0);
        QTRY_VERIFY(portOpen(port)); // the tray took its port back

        control->uninstall(); // the button asks first; the verb is the same
        QTRY_COMPARE_WITH_TIMEOUT(control->state(), ServiceControl::State::NotInstalled, 10000);
        QVERIFY(!QFile::exists(m_dir.path() + QStringLiteral("/config/autostart/mailshim-service.desktop")));
    }

    void followsAServiceStartedAndStoppedElsewhere()
    {
        const quint16 port = EngineTestbed::freePort();
        const QString config = writeConfig(QStringLiteral("shared"), port);
        TrayApplication tray(options(config));
        QVERIFY(tray.backend()->location().contains(QStringLiteral("in this program")));
        QTRY_VERIFY(portOpen(port));

        // systemd (or a terminal) starts the service on the same file: the tray notices and hands over.
        QProcess service;
        service.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        service.start(QStringLiteral(MAILSHIM_SERVICE_BINARY),
                      {QStringLiteral("--console"), QStringLiteral("--config"), config});
        QVERIFY(service.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(tray.backend()->location() == QStringLiteral("background service"),
                                 TrayApplication::kFollowServiceMs * 3);
        // The service binds the port the tray let go of (its bind retry backs off, hence the wait).
        QTRY_VERIFY_WITH_TIMEOUT(
            tray.backend()->status(QStringLiteral("shared")).state == ListenerStatus::State::Listening, 20000);
        QVERIFY(portOpen(port));

        // It is stopped elsewhere and does not come back: the tray serves the port again.
        service.terminate();
        QVERIFY(service.waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(tray.backend()->location() == QStringLiteral("in this program"),
                                 TrayApplication::kServiceGoneMs + TrayApplication::kFollowServiceMs * 3);
        QTRY_VERIFY(portOpen(port));
    }

    void cleanupTestCase()
    {
        // Whatever happened above, no background service outlives the test.
        ControlClient client;
        QString error;
        if (client.connectTo(ServicePaths::controlChannelName(), 500, &error))
            client.call(QStringLiteral("shutdown"));
    }
};

QTEST_MAIN(TestServiceAttach)
#include "tst_serviceattach.moc"
