// Stored passwords over the control channel: the tray program's RemoteCredentialStore hands a typed password to the
// service ("setPassword" / "forgetPassword"), which keeps it in its own store (here a MemoryCredentialStore, as the
// hook the service gives its DPAPI file or keychain). The password reaches the store and nothing else: no reply,
// event or log line carries it, and nothing reads it back. A client the channel does not authorise gets the refusal
// and its password goes nowhere.

#include "credentials/followingcredentialstore.h"
#include "memorycredentialstore.h"
#include "net/message.h"
#include "service/control/controlclient.h"
#include "service/control/controlprotocol.h"
#include "service/control/controlserver.h"
#include "service/control/localenginebackend.h"
#include "service/control/remotecredentialstore.h"

#include <QJsonDocument>
#include <QLocalSocket>
#include <QMutex>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <optional>
#include <unistd.h>

using namespace mailshim;

namespace {

const QByteArray kPassword = QByteArrayLiteral("s3cret-パスワード-\"quoted\"");
const CredentialKey kAlice{QStringLiteral("pop.example.com"), 995, QStringLiteral("alice")};

struct Done
{
    bool ok = false;
    QString error;
};

std::optional<Done> storeNow(CredentialStore &store, const CredentialKey &key, const QByteArray &password)
{
    QObject context;
    std::optional<Done> result;
    store.store(key, password, &context, [&](bool ok, const QString &error) { result = Done{ok, error}; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 5000);
    return result;
}

std::optional<Done> removeNow(CredentialStore &store, const CredentialKey &key)
{
    QObject context;
    std::optional<Done> result;
    store.remove(key, &context, [&](bool ok, const QString &error) { result = Done{ok, error}; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 5000);
    return result;
}

// Every line the service sends to a raw client for one request line, until the reply with id 1 (or the end).
QList<QByteArray> rawExchange(const QString &name, const QByteArray &request)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(request);
    QList<QByteArray> lines;
    (void)QTest::qWaitFor(
        [&] {
            while (socket.canReadLine()) {
                lines.append(socket.readLine());
                const QJsonObject line = QJsonDocument::fromJson(lines.last()).object();
                if (line.contains(QStringLiteral("ok")))
                    return true;
            }
            return socket.state() == QLocalSocket::UnconnectedState && !socket.bytesAvailable();
        },
        5000);
    return lines;
}

} // namespace

// The service's side in a thread of its own, as in the service: ControlClient waits for replies synchronously.
class ServerThread final : public QThread
{
public:
    CredentialStore *store = nullptr;
    std::optional<QList<UserId>> users;
    QString name;
    bool listening = false;
    QSemaphore ready;
    mutable QMutex mutex;
    QStringList logged;

protected:
    void run() override
    {
        LocalEngineBackend backend{Config{}, [](const Config &, QString *) { return true; }, nullptr};
        ControlServer::Hooks hooks;
        hooks.credentials = store;
        ControlServer server(&backend, hooks);
        if (users)
            server.setAuthorizedUsers(*users);
        QObject::connect(
            &server, &ControlServer::log, &server,
            [this](LogLevel, const Message &text) {
                const QMutexLocker lock(&mutex);
                logged.append(text.english());
            },
            Qt::DirectConnection);
        QString error;
        listening = server.listen(name, &error);
        if (!listening)
            qWarning("%s", qPrintable(error));
        ready.release();
        if (listening)
            exec();
    }
};

class TestControlPasswords : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    MemoryCredentialStore m_serviceStore;
    std::unique_ptr<ServerThread> m_server;
    QString m_name;

    void startServer(CredentialStore *store, std::optional<QList<UserId>> users = std::nullopt)
    {
        static int n = 0;
        m_name = m_dir.filePath(QStringLiteral("control-%1").arg(++n));
        m_server = std::make_unique<ServerThread>();
        m_server->store = store;
        m_server->users = users;
        m_server->name = m_name;
        m_server->start();
        m_server->ready.acquire();
        QVERIFY(m_server->listening);
    }

    QStringList logged() const
    {
        const QMutexLocker lock(&m_server->mutex);
        return m_server->logged;
    }

    void verifyNoPasswordLogged() const
    {
        for (const QString &line : logged())
            QVERIFY2(!line.toUtf8().contains(kPassword) && !line.contains(QStringLiteral("s3cret")), qPrintable(line));
    }

private Q_SLOTS:
    void init()
    {
        m_serviceStore.entries.clear();
        m_serviceStore.refuseWith.clear();
    }

    void cleanup()
    {
        if (m_server) {
            m_server->quit();
            m_server->wait();
        }
        m_server.reset();
    }

    void setAndForgetThroughTheChannel()
    {
        startServer(&m_serviceStore);
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_name, 3000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);

        const std::optional<Done> stored = storeNow(remote, kAlice, kPassword);
        QVERIFY(stored);
        QVERIFY2(stored->ok, qPrintable(stored->error));
        QCOMPARE(m_serviceStore.entries.value(kAlice.toString()), kPassword); // byte for byte, in the service's store
        QCOMPARE(m_serviceStore.entries.size(), 1);

        // Replacing it, then forgetting it.
        QVERIFY(storeNow(remote, kAlice, QByteArrayLiteral("second"))->ok);
        QCOMPARE(m_serviceStore.entries.value(kAlice.toString()), QByteArrayLiteral("second"));
        const std::optional<Done> forgotten = removeNow(remote, kAlice);
        QVERIFY(forgotten && forgotten->ok);
        QVERIFY(m_serviceStore.entries.isEmpty());
        QVERIFY(logged()
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("stored the password of alice@pop.example.com:995")));
        verifyNoPasswordLogged();
    }

    void lookupNeverReadsAPasswordBack()
    {
        startServer(&m_serviceStore);
        m_serviceStore.entries.insert(kAlice.toString(), kPassword);
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_name, 3000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        std::optional<PasswordAnswer> answer;
        QObject context;
        remote.lookup(kAlice, &context, [&](const PasswordAnswer &a) { answer = a; });
        QVERIFY(QTest::qWaitFor([&] { return answer.has_value(); }, 3000));
        QCOMPARE(answer->status, PasswordAnswer::Status::Unavailable);
        QVERIFY(answer->password.isEmpty());
        // And the protocol has no command that would.
        for (const char *command : {"getPassword", "password", "lookupPassword"}) {
            const QJsonObject reply = client.call(
                QString::fromLatin1(command), {{QStringLiteral("key"), ControlProtocol::credentialKeyToJson(kAlice)}});
            QVERIFY(!reply.value(QStringLiteral("ok")).toBool());
            QVERIFY(!QJsonDocument(reply).toJson().contains(kPassword));
        }
    }

    void repliesAndEventsNeverCarryThePassword()
    {
        // A subscribed client sees every event the request causes, and the reply; none has the password in it, and a
        // store's refusal names the reason, not the password.
        startServer(&m_serviceStore);
        const QByteArray request =
            ControlProtocol::encode({{QStringLiteral("id"), 1},
                                     {QStringLiteral("cmd"), QStringLiteral("setPassword")},
                                     {QStringLiteral("key"), ControlProtocol::credentialKeyToJson(kAlice)},
                                     {QStringLiteral("password"), QString::fromUtf8(kPassword)}});
        const QList<QByteArray> lines = rawExchange(
            m_name, ControlProtocol::encode({{QStringLiteral("cmd"), QStringLiteral("subscribe")}}) + request);
        QVERIFY(lines.size() >= 2);
        QVERIFY(QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("ok")).toBool());
        for (const QByteArray &line : lines)
            QVERIFY2(!line.contains("s3cret"), line.constData());

        m_serviceStore.refuseWith = QStringLiteral("the keychain is locked");
        const QList<QByteArray> refused = rawExchange(m_name, request);
        QVERIFY(!refused.isEmpty());
        const QJsonObject reply = QJsonDocument::fromJson(refused.last()).object();
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY2(reply.value(QStringLiteral("error")).toString().contains(QStringLiteral("locked")),
                 refused.last().constData());
        for (const QByteArray &line : refused)
            QVERIFY2(!line.contains("s3cret"), line.constData());
        verifyNoPasswordLogged();
    }

    void badRequestsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("error");
        QTest::newRow("no key") << QByteArray(R"({"id":1,"cmd":"setPassword","password":"x"})") << "\"key\"";
        QTest::newRow("port 0")
            << QByteArray(R"({"id":1,"cmd":"setPassword","key":{"host":"h","port":0,"user":"u"},"password":"x"})")
            << "\"key\"";
        QTest::newRow("CR in user")
            << QByteArray(R"({"id":1,"cmd":"forgetPassword","key":{"host":"h","port":110,"user":"u\r\nX"}})")
            << "\"key\"";
        QTest::newRow("no password") << QByteArray(
                                            R"({"id":1,"cmd":"setPassword","key":{"host":"h","port":110,"user":"u"}})")
                                     << "\"password\"";
        QTest::newRow("empty password")
            << QByteArray(R"({"id":1,"cmd":"setPassword","key":{"host":"h","port":110,"user":"u"},"password":""})")
            << "\"password\"";
    }

    void badRequestsAreRefused()
    {
        QFETCH(QByteArray, request);
        QFETCH(QString, error);
        startServer(&m_serviceStore);
        const QList<QByteArray> lines = rawExchange(m_name, request + '\n');
        QVERIFY(!lines.isEmpty());
        const QJsonObject reply = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(reply.value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(reply.value(QStringLiteral("id")).toInt(), 1);
        QVERIFY2(reply.value(QStringLiteral("error")).toString().contains(error), lines.last().constData());
        QVERIFY(m_serviceStore.entries.isEmpty());
    }

    void serviceWithoutAStoreSaysSo()
    {
        startServer(nullptr);
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_name, 3000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        const std::optional<Done> stored = storeNow(remote, kAlice, kPassword);
        QVERIFY(stored && !stored->ok);
        QVERIFY2(stored->error.contains(QStringLiteral("no stored passwords")), qPrintable(stored->error));
    }

    void unauthorisedClientIsRefused()
    {
        // The channel's authorisation (SO_PEERCRED against the list) comes before any command: this test's user is
        // not on the injected list, so its setPassword never reaches the store.
        startServer(&m_serviceStore, QList<UserId>{qint64(::getuid()) + 4242});
        // The refusal comes at once and the server closes: read it first (a write after the close would fail and
        // could take the unread refusal with it), then try the command anyway.
        QLocalSocket socket;
        socket.connectToServer(m_name);
        QVERIFY(socket.waitForConnected(3000));
        QVERIFY(QTest::qWaitFor([&] { return socket.canReadLine(); }, 5000));
        const QJsonObject reply = QJsonDocument::fromJson(socket.readLine()).object();
        socket.write(ControlProtocol::encode({{QStringLiteral("id"), 1},
                                              {QStringLiteral("cmd"), QStringLiteral("setPassword")},
                                              {QStringLiteral("key"), ControlProtocol::credentialKeyToJson(kAlice)},
                                              {QStringLiteral("password"), QString::fromUtf8(kPassword)}}));
        socket.flush();
        QVERIFY(reply.value(QStringLiteral("refused")).toBool());
        QVERIFY(reply.value(QStringLiteral("error")).toString().contains(QStringLiteral("not authorised")));
        QTest::qWait(200);
        QVERIFY(m_serviceStore.entries.isEmpty());

        ControlClient client;
        QString error;
        QVERIFY(!client.connectTo(m_name, 3000, &error));
        QVERIFY(client.refused());
        RemoteCredentialStore remote(&client);
        const std::optional<Done> stored = storeNow(remote, kAlice, kPassword);
        QVERIFY(stored && !stored->ok);
        QVERIFY(m_serviceStore.entries.isEmpty());
    }

    void notUtf8IsRefusedBeforeItTravels()
    {
        startServer(&m_serviceStore);
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_name, 3000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        for (const QByteArray &bad : {QByteArray("\xff\xfe"), QByteArray("a\0b", 3), QByteArray()}) {
            const std::optional<Done> stored = storeNow(remote, kAlice, bad);
            QVERIFY(stored && !stored->ok);
        }
        QVERIFY(m_serviceStore.entries.isEmpty());
    }

    void followingStoreGoesWhereTheEngineIs()
    {
        // The tray's one store: the user's keychain while the engine is local, the service's while it is remote.
        startServer(&m_serviceStore);
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_name, 3000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        MemoryCredentialStore keychain;
        bool serviceIsEngine = false;
        FollowingCredentialStore following([&]() -> CredentialStore * {
            return serviceIsEngine ? static_cast<CredentialStore *>(&remote) : &keychain;
        });
        QVERIFY(storeNow(following, kAlice, QByteArrayLiteral("local"))->ok);
        QCOMPARE(keychain.entries.value(kAlice.toString()), QByteArrayLiteral("local"));
        QVERIFY(m_serviceStore.entries.isEmpty());
        serviceIsEngine = true;
        QVERIFY(storeNow(following, kAlice, kPassword)->ok);
        QCOMPARE(m_serviceStore.entries.value(kAlice.toString()), kPassword);
        QCOMPARE(keychain.entries.value(kAlice.toString()), QByteArrayLiteral("local"));
    }
};

QTEST_GUILESS_MAIN(TestControlPasswords)
#include "tst_controlpasswords.moc"
