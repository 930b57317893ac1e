// The control channel authorises every client by who the operating system says it is (SO_PEERCRED on Linux), not
// only by the socket's permissions: a user who is not on the list gets a clear refusal and the connection ends; a
// user on the list is served. The list is injected: the test cannot become another user.

#include "net/message.h"
#include "service/control/controlprotocol.h"
#include "service/control/controlserver.h"
#include "service/control/localenginebackend.h"
#include "service/control/peeridentity.h"

#include <QJsonDocument>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace mailshim;

class TestControlAuthorization : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    LocalEngineBackend m_backend{Config{}, [](const Config &, QString *) { return true; }, nullptr};

    // Connects, sends a status request, and returns the first reply line as JSON (empty if none came).
    static QJsonObject ask(const QString &name)
    {
        QLocalSocket socket;
        socket.connectToServer(name);
        if (!socket.waitForConnected(3000))
            return {};
        socket.write("{\"id\":1,\"cmd\":\"status\"}\n");
        QJsonObject reply;
        const bool answered = QTest::qWaitFor(
            [&] {
                while (socket.canReadLine()) {
                    const QJsonObject line = QJsonDocument::fromJson(socket.readLine()).object();
                    if (line.contains(QStringLiteral("ok"))) { // not the "hello" event
                        reply = line;
                        return true;
                    }
                }
                return socket.state() == QLocalSocket::UnconnectedState && !socket.bytesAvailable();
            },
            5000);
        return answered ? reply : QJsonObject{};
    }

private Q_SLOTS:
    void peerIsThisProcess()
    {
        // The server side's view of a connection names the connecting user and process: here, this one.
        QLocalServer raw;
        const QString rawName = m_dir.filePath(QStringLiteral("raw"));
        QVERIFY(raw.listen(rawName));
        QLocalSocket other;
        other.connectToServer(rawName);
        QVERIFY(raw.waitForNewConnection(3000));
        const PeerIdentity peer = peerIdentity(raw.nextPendingConnection());
        QVERIFY(peer.known);
        QCOMPARE(peer.uid, qint64(::getuid()));
        QCOMPARE(peer.pid, qint64(::getpid()));
    }

    void listedUserIsServed()
    {
        ControlServer server(&m_backend, {});
        QVERIFY(server.authorizedUsers().contains(qint64(::getuid()))); // the default: the service's own user
        const QString name = m_dir.filePath(QStringLiteral("listed"));
        QString error;
        QVERIFY2(server.listen(name, &error), qPrintable(error));
        const QJsonObject reply = ask(name);
        QVERIFY2(reply.value(QStringLiteral("ok")).toBool(), QJsonDocument(reply).toJson().constData());
    }

    void otherUserIsRefused()
    {
        ControlServer server(&m_backend, {});
        server.setAuthorizedUsers({qint64(::getuid()) + 4242}); // this test's user is not on the list
        QSignalSpy logged(&server, &ControlServer::log);
        const QString name = m_dir.filePath(QStringLiteral("refused"));
        QString error;
        QVERIFY2(server.listen(name, &error), qPrintable(error));
        const QJsonObject reply = ask(name);
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY(reply.value(QStringLiteral("refused")).toBool());
        const QString why = reply.value(QStringLiteral("error")).toString();
        QVERIFY2(why.contains(QStringLiteral("not authorised")) && why.contains(QString::number(::getuid())),
                 qPrintable(why));
        QCOMPARE(server.connectionCount(), 0); // no ControlConnection was made for it
        QVERIFY(!logged.isEmpty());
        QVERIFY(logged.first().at(1).value<Message>().english().contains(QStringLiteral("refused")));
    }
};

QTEST_GUILESS_MAIN(TestControlAuthorization)
#include "tst_controlauthorization.moc"
