// Stored passwords: a listener with storedPassword asks the PasswordSource (the keychain in the GUI) and
// sends the stored password to the server instead of the client's dummy; without one it falls back to the
// client's password and says why. Driven through an in-process Engine and a scripted fake server.

#include "enginetestbed.h"
#include "fakepop3server.h"
#include "memorycredentialstore.h"
#include "testclient.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QTest>
#include <QTimer>

using namespace mailshim;

class TestStoredPassword : public QObject
{
    Q_OBJECT

private:
    // One listener in front of server, with storedPassword as given.
    static bool startBed(EngineTestbed &bed, MemoryCredentialStore &source, FakePop3Server &server, Security security,
                         bool storedPassword)
    {
        bed.engine().setPasswordSource(&source);
        Config config = EngineTestbed::baseConfig();
        ListenerConfig listener;
        listener.name = QStringLiteral("test");
        listener.port = EngineTestbed::freePort();
        listener.upstream = EngineTestbed::upstream(server.listenLocal(), security);
        listener.storedPassword = storedPassword;
        config.listeners = {listener};
        return bed.startConfig(config);
    }

    // Stores password for alice at the server (listening since startBed()), as the keychain would hold it.
    static void storeForAlice(MemoryCredentialStore &source, const FakePop3Server &server, const QByteArray &password)
    {
        const CredentialKey alice{QStringLiteral("localhost"), server.serverPort(), QStringLiteral("alice")};
        source.entries.insert(alice.toString(), password);
    }

private Q_SLOTS:
    void storedPasswordReplacesTheClients()
    {
        FakePop3Server server{FakePop3Server::Behaviour()};
        MemoryCredentialStore source;
        EngineTestbed bed;
        QVERIFY(startBed(bed, source, server, Security::Plain, true));
        storeForAlice(source, server, "real-secret");
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login("alice", "dummy");
        QVERIFY2(answer.startsWith("+OK"), answer.constData());
        QVERIFY(server.received().contains("PASS real-secret"));
        QVERIFY(!server.received().contains("PASS dummy"));
        QCOMPARE(source.asked.size(), 1);
        QCOMPARE(source.asked.first().user, QStringLiteral("alice"));
        QCOMPARE(source.asked.first().host, QStringLiteral("localhost"));
        QCOMPARE(source.asked.first().port, bed.listener().upstream->port);
        QVERIFY(bed.logContains(QStringLiteral("using the stored password for alice@localhost")));
        QVERIFY(!bed.logContains(QStringLiteral("real-secret")));
    }

    void apopDigestUsesTheStoredPassword()
    {
        FakePop3Server server{FakePop3Server::Behaviour()}; // banner <1234.5678@fake.example>
        MemoryCredentialStore source;
        EngineTestbed bed;
        QVERIFY(startBed(bed, source, server, Security::Apop, true));
        storeForAlice(source, server, "real-secret");
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(client.login("alice", "dummy").startsWith("+OK"));
        const QByteArray digest =
            QCryptographicHash::hash("<1234.5678@fake.example>real-secret", QCryptographicHash::Md5).toHex();
        QVERIFY2(server.received().contains("APOP alice " + digest), server.received().join('|').constData());
    }

    void fallsBackToTheClientsPassword_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("logged");
        QTest::newRow("nothing stored") << int(PasswordAnswer::Status::NotFound)
                                        << QStringLiteral("no stored password for alice@localhost");
        QTest::newRow("keychain unavailable")
            << int(PasswordAnswer::Status::Unavailable) << QStringLiteral("keychain unavailable (no Secret Service)");
    }

    void fallsBackToTheClientsPassword()
    {
        QFETCH(int, status);
        QFETCH(QString, logged);
        FakePop3Server server{FakePop3Server::Behaviour()};
        MemoryCredentialStore source;
        if (PasswordAnswer::Status(status) == PasswordAnswer::Status::Unavailable)
            source.refuseWith = QStringLiteral("no Secret Service"); // NotFound: nothing stored
        EngineTestbed bed;
        QVERIFY(startBed(bed, source, server, Security::Plain, true));
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(client.login("alice", "client-secret").startsWith("+OK"));
        QVERIFY(server.received().contains("PASS client-secret"));
        QVERIFY2(bed.logContains(logged), qPrintable(bed.logTexts().join(QLatin1Char('\n'))));
    }

    // The failed-account mark belongs to the password that was sent: a dummy refused while nothing was stored does
    // not block the account once the real password is stored (the same dummy then goes with the stored one).
    void aDummyRefusedBeforeStoringDoesNotBlockTheStoredPassword()
    {
        FakePop3Server::Behaviour refusing;
        refusing.authReply = "-ERR [AUTH] invalid password";
        FakePop3Server server{refusing};
        MemoryCredentialStore source;
        EngineTestbed bed;
        QVERIFY(startBed(bed, source, server, Security::Plain, true));
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login("alice", "dummy");
            QVERIFY2(answer.startsWith("-ERR"), answer.constData());
            QVERIFY(server.received().contains("PASS dummy"));
        }
        {
            // The same dummy again with nothing stored: refused by the mark, the server is not asked.
            const int before = server.connections();
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            const QByteArray answer = client.login("alice", "dummy");
            QVERIFY2(answer.contains("failed recently"), answer.constData());
            QCOMPARE(server.connections(), before);
        }
        server.setBehaviour(FakePop3Server::Behaviour());
        storeForAlice(source, server, "real-secret");
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        const QByteArray answer = client.login("alice", "dummy");
        QVERIFY2(answer.startsWith("+OK"), answer.constData());
        QVERIFY(server.received().contains("PASS real-secret"));
    }

    void notAskedUnlessTheListenerSaysSo()
    {
        FakePop3Server server{FakePop3Server::Behaviour()};
        MemoryCredentialStore source;
        EngineTestbed bed;
        QVERIFY(startBed(bed, source, server, Security::Plain, false));
        storeForAlice(source, server, "real-secret");
        TestClient client;
        QVERIFY(client.connectTo(bed.port()));
        QVERIFY(client.login("alice", "client-secret").startsWith("+OK"));
        QVERIFY(source.asked.isEmpty());
        QVERIFY(server.received().contains("PASS client-secret"));
    }

    // The keychain can be slow (a locked keyring asks the user). A client that leaves meanwhile must not
    // cause a late connection to the server.
    void clientLeavesWhileTheKeychainIsBusy()
    {
        FakePop3Server server{FakePop3Server::Behaviour()};
        MemoryCredentialStore source;
        source.lookupDelayMs = 500;
        EngineTestbed bed;
        QVERIFY(startBed(bed, source, server, Security::Plain, true));
        storeForAlice(source, server, "real-secret");
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            QVERIFY(client.readLine().startsWith("+OK"));
            client.command("USER alice");
            client.send("PASS dummy\r\n");
            QTRY_COMPARE(source.asked.size(), 1);
        } // the client disconnects here, before the answer
        QTest::qWait(800);
        QCOMPARE(server.connections(), 0);
        QTRY_COMPARE(bed.engine().activeSessions(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStoredPassword)
#include "tst_storedpassword.moc"
