// Boot-time robustness, the way it happens at 3 a.m.: mailshim-service starts while its port is still
// taken and its server's name does not resolve (no network yet). It must keep trying on its own, say
// "waiting", and once the port is free and the name resolves, deliver mail without a restart.
//
// The service runs in a private mount namespace (unshare, as root) with its own /etc/hosts and
// /etc/resolv.conf bind-mounted from files this test owns, so "the network comes up" is a line this test
// writes into that hosts file. The mailbox is the real Dovecot fixture.

#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "popclients.h"
#include "service/control/controlclient.h"
#include "serviceprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestBootRobustness : public QObject
{
    Q_OBJECT

    static constexpr const char *kServerName = "mail.mailshim-boot.example";

    static bool writeInPlace(const QString &path, const QByteArray &text)
    {
        // Truncate and rewrite the same file: a bind mount follows the inode, not the name.
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
    }

    static QJsonObject listenerStatus(ControlClient &client)
    {
        const QJsonObject reply = client.call(QStringLiteral("status"));
        return reply.value(QStringLiteral("listeners"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("status"))
            .toObject();
    }

private Q_SLOTS:
    void portTakenAndNoNetworkThenBoth()
    {
        DovecotFixture dovecot;
        QString error;
        QVERIFY2(dovecot.start(&error), qPrintable(error));
        QTemporaryDir dir;
        const QString hosts = dir.path() + QStringLiteral("/hosts");
        const QString resolv = dir.path() + QStringLiteral("/resolv.conf");
        QVERIFY(writeInPlace(hosts, "127.0.0.1 localhost\n"));
        // Nothing answers DNS on 127.0.0.1: lookups fail at once, as with no network.
        QVERIFY(writeInPlace(resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"));

        QTcpServer squatter; // another program still holds the port at boot
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const quint16 port = squatter.serverPort();

        const QString configPath = dir.path() + QStringLiteral("/mailshim.json");
        const QJsonObject config{
            {QStringLiteral("logLevel"), QStringLiteral("low")},
            {QStringLiteral("retry"), QJsonObject{{QStringLiteral("bindRetryInitialMs"), 200},
                                                  {QStringLiteral("bindRetryMaxMs"), 1000},
                                                  {QStringLiteral("connectAttempts"), 1}}},
            {QStringLiteral("listeners"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("name"), QStringLiteral("boot")},
                 {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                 // A long failed-host mark: mail can only flow in time if the recovery clears it.
                 {QStringLiteral("failedHostRetrySeconds"), 3600},
                 {QStringLiteral("upstream"), QJsonObject{{QStringLiteral("host"), QString::fromLatin1(kServerName)},
                                                          {QStringLiteral("port"), dovecot.pop3Port()},
                                                          {QStringLiteral("security"), QStringLiteral("apop")}}}}}}};
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(config).toJson());
        file.close();

        const QString control = dir.path() + QStringLiteral("/control");
        const QStringList wrapper{
            QStringLiteral("unshare"),
            QStringLiteral("--mount"),
            QStringLiteral("--propagation"),
            QStringLiteral("private"),
            QStringLiteral("sh"),
            QStringLiteral("-c"),
            QStringLiteral("mount --bind \"$0\" /etc/hosts && mount --bind \"$1\" /etc/resolv.conf "
                           "&& shift && exec \"$@\""),
            hosts,
            resolv};
        ServiceProcess service;
        QVERIFY2(service.start({QStringLiteral("--console"), QStringLiteral("--config"), configPath,
                                QStringLiteral("--control"), control},
                               &error, wrapper),
                 qPrintable(error));
        QVERIFY2(service.waitForLog("cannot listen on 127.0.0.1 port " + QByteArray::number(port), 1, 20000),
                 service.log().constData());

        // The control channel opens after the engine has started (and logged the port trouble).
        QVERIFY2(service.waitForLog("started (config", 1, 20000), service.log().constData());
        ControlClient client;
        QVERIFY2(client.connectTo(control, 5000, &error), qPrintable(error));
        QJsonObject status = listenerStatus(client);
        QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("waiting"));
        QVERIFY2(status.value(QStringLiteral("detail")).toString().startsWith(QStringLiteral("cannot listen")),
                 qPrintable(status.value(QStringLiteral("detail")).toString()));

        // The port comes free: the listener binds, and now waits for the network instead.
        squatter.close();
        QVERIFY2(service.waitForLog("listening on 127.0.0.1 port " + QByteArray::number(port)),
                 service.log().constData());
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return listenerStatus(client)
                             .value(QStringLiteral("detail"))
                             .toString()
                             .startsWith(QStringLiteral("waiting for network: cannot resolve ") +
                                         QLatin1String(kServerName));
                     },
                     20000),
                 service.log().constData());
        QCOMPARE(listenerStatus(client).value(QStringLiteral("state")).toString(), QStringLiteral("waiting"));

        PopClients::Endpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = port;
        endpoint.user = DovecotFixture::user();
        endpoint.password = DovecotFixture::password();
        // A client that tries now is told to come back later, and the server gets a failed mark.
        const PopClients::Result early = PopClients::poplib(endpoint, {QStringLiteral("stat")});
        QVERIFY2(!early.ok, early.output.constData());
        QVERIFY2(service.waitForLog("cannot reach " + QByteArray(kServerName), 1, 20000), service.log().constData());

        // The network comes up.
        QVERIFY(writeInPlace(hosts, "127.0.0.1 localhost\n127.0.0.1 " + QByteArray(kServerName) + "\n"));
        QVERIFY2(service.waitForLog(QByteArray(kServerName) + " resolves again", 1, 30000), service.log().constData());
        QTRY_COMPARE_WITH_TIMEOUT(listenerStatus(client).value(QStringLiteral("state")).toString(),
                                  QStringLiteral("listening"), 15000);

        // Mail flows, byte for byte, with no restart.
        const PopClients::Result mail = PopClients::poplibRetrAll(endpoint, dir.path());
        QVERIFY2(mail.ok, (mail.output + mail.stderrText + service.log().right(3000)).constData());
        QCOMPARE(mail.messages, dovecot.messages());
        QCOMPARE(service.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBootRobustness)
#include "tst_bootrobustness.moc"
