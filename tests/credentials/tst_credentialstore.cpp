// KeychainCredentialStore against a real Secret Service (run through with-keyring.sh with
// MAILSHIM_TEST_KEYCHAIN=secret-service), and with no keychain reachable at all (the default: no session bus,
// or one at an address nobody answers): then every answer is "unavailable", quickly, with a reason, and no
// password lands in a file.

#include "credentials/keychaincredentialstore.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace mailshim;

namespace {

constexpr int kAnswerTimeoutMs = 10000;
const char kBogusBus[] = "unix:path=/nonexistent/mailshim-test/bus";

bool realKeychain()
{
    return qEnvironmentVariable("MAILSHIM_TEST_KEYCHAIN") == QStringLiteral("secret-service");
}

CredentialKey key(const QString &host, quint16 port, const QString &user)
{
    return CredentialKey{host, port, user};
}

struct Lookup
{
    std::optional<PasswordAnswer> answer;
    int calls = 0;
    qint64 elapsedMs = 0;
};

Lookup lookupNow(CredentialStore &store, const CredentialKey &k)
{
    Lookup result;
    QObject context;
    QElapsedTimer timer;
    timer.start();
    store.lookup(k, &context, [&result](const PasswordAnswer &answer) {
        result.answer = answer;
        ++result.calls;
    });
    (void)QTest::qWaitFor([&result] { return result.calls > 0; }, kAnswerTimeoutMs);
    result.elapsedMs = timer.elapsed();
    return result;
}

struct Done
{
    bool called = false;
    bool ok = false;
    QString error;
    qint64 elapsedMs = 0;
};

template <typename Call> Done waitDone(Call call)
{
    Done done;
    QObject context;
    QElapsedTimer timer;
    timer.start();
    call(&context, [&done](bool ok, const QString &error) {
        done.called = true;
        done.ok = ok;
        done.error = error;
    });
    (void)QTest::qWaitFor([&done] { return done.called; }, kAnswerTimeoutMs);
    done.elapsedMs = timer.elapsed();
    return done;
}

Done storeNow(CredentialStore &store, const CredentialKey &k, const QByteArray &password)
{
    return waitDone(
        [&](QObject *context, CredentialStore::DoneCallback cb) { store.store(k, password, context, std::move(cb)); });
}

Done removeNow(CredentialStore &store, const CredentialKey &k)
{
    return waitDone(
        [&](QObject *context, CredentialStore::DoneCallback cb) { store.remove(k, context, std::move(cb)); });
}

const QByteArray kPassword = QStringLiteral(u"pä55 wörd ✓ 日本語 \"'\\").toUtf8();

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (realKeychain()) {
            // Never write into the keychain of whoever runs this.
            const QString throwaway = qEnvironmentVariable("MAILSHIM_THROWAWAY_KEYRING");
            QVERIFY2(!throwaway.isEmpty() && qEnvironmentVariable("HOME").startsWith(throwaway),
                     "run through tests/ui/with-keyring.sh: refusing to use your own keychain");
            return;
        }
        // No keychain: a temporary HOME to scan afterwards, and a session bus address nobody answers at
        // (set before the first D-Bus use; GDBus and QtDBus read it then).
        QVERIFY(m_home.isValid());
        for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            qputenv(name, m_home.path().toUtf8());
        // Unset stays unset (no bus socket in the new XDG_RUNTIME_DIR, no display to autolaunch one for);
        // any address that is set is replaced, so a developer's own keychain is never reached.
        if (qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
            qputenv("DBUS_SESSION_BUS_ADDRESS", kBogusBus);
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
    }

    // --- with a real Secret Service ---

    void roundTrip()
    {
        if (!realKeychain())
            QSKIP("needs MAILSHIM_TEST_KEYCHAIN=secret-service (tests/ui/with-keyring.sh)");
        KeychainCredentialStore store;
        const CredentialKey alice = key(QStringLiteral("pop.example.net"), 995, QStringLiteral("alice"));

        QCOMPARE(lookupNow(store, alice).answer->status, PasswordAnswer::Status::NotFound);

        Done stored = storeNow(store, alice, kPassword);
        QVERIFY2(stored.called && stored.ok, qPrintable(stored.error));
        Lookup found = lookupNow(store, alice);
        QVERIFY(found.answer);
        QCOMPARE(found.answer->status, PasswordAnswer::Status::Found);
        QCOMPARE(found.answer->password, kPassword); // byte for byte, non-ASCII included
        QVERIFY(found.answer->detail.isEmpty());

        // The host is not case-sensitive (DNS); the same entry answers.
        const CredentialKey upper = key(QStringLiteral("POP.Example.NET"), 995, QStringLiteral("alice"));
        QCOMPARE(lookupNow(store, upper).answer->password, kPassword);

        stored = storeNow(store, alice, QByteArrayLiteral("second"));
        QVERIFY2(stored.ok, qPrintable(stored.error));
        QCOMPARE(lookupNow(store, alice).answer->password, QByteArrayLiteral("second"));

        Done removed = removeNow(store, alice);
        QVERIFY2(removed.called && removed.ok, qPrintable(removed.error));
        QCOMPARE(lookupNow(store, alice).answer->status, PasswordAnswer::Status::NotFound);
        // Forgetting what is not stored is fine.
        removed = removeNow(store, alice);
        QVERIFY2(removed.called && removed.ok, qPrintable(removed.error));
    }

    void keysDifferingInPortOrUserStaySeparate()
    {
        if (!realKeychain())
            QSKIP("needs MAILSHIM_TEST_KEYCHAIN=secret-service (tests/ui/with-keyring.sh)");
        KeychainCredentialStore store;
        const QList<QPair<CredentialKey, QByteArray>> entries{
            {key(QStringLiteral("pop.example.net"), 995, QStringLiteral("bob")), "bob-995"},
            {key(QStringLiteral("pop.example.net"), 110, QStringLiteral("bob")), "bob-110"},
            {key(QStringLiteral("pop.example.net"), 995, QStringLiteral("Bob")), "Bob-995"},
            {key(QStringLiteral("pop.example.net"), 995, QStringLiteral("bob@example.net")), "bob-at-995"},
        };
        for (const auto &entry : entries) {
            const Done stored = storeNow(store, entry.first, entry.second);
            QVERIFY2(stored.ok, qPrintable(stored.error));
        }
        for (const auto &entry : entries) {
            const Lookup found = lookupNow(store, entry.first);
            QCOMPARE(found.answer->status, PasswordAnswer::Status::Found);
            QCOMPARE(found.answer->password, entry.second);
        }
        QVERIFY(removeNow(store, entries.at(1).first).ok);
        QCOMPARE(lookupNow(store, entries.at(1).first).answer->status, PasswordAnswer::Status::NotFound);
        QCOMPARE(lookupNow(store, entries.at(0).first).answer->password, QByteArrayLiteral("bob-995"));
        for (const auto &entry : entries)
            QVERIFY(removeNow(store, entry.first).ok);
    }

    // Other programs (and the user, in a keyring manager) find the entry as service "MailShim",
    // named "user@host:port", stored as text.
    void entryIsNamedForPeople()
    {
        if (!realKeychain())
            QSKIP("needs MAILSHIM_TEST_KEYCHAIN=secret-service (tests/ui/with-keyring.sh)");
        const QString secretTool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
        QVERIFY2(!secretTool.isEmpty(), "secret-tool is missing (package libsecret-tools)");
        KeychainCredentialStore store;
        const CredentialKey carol = key(QStringLiteral("mail.example.org"), 110, QStringLiteral("carol"));
        QVERIFY(storeNow(store, carol, kPassword).ok);

        QProcess tool;
        tool.start(secretTool, {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("MailShim"),
                                QStringLiteral("user"), QStringLiteral("carol@mail.example.org:110")});
        QVERIFY(tool.waitForFinished(kAnswerTimeoutMs));
        QCOMPARE(tool.exitCode(), 0);
        QCOMPARE(tool.readAllStandardOutput(), kPassword);
        QVERIFY(removeNow(store, carol).ok);
    }

    void doneNeverCalledAfterContextDied()
    {
        if (!realKeychain())
            QSKIP("needs MAILSHIM_TEST_KEYCHAIN=secret-service (tests/ui/with-keyring.sh)");
        KeychainCredentialStore store;
        const CredentialKey dave = key(QStringLiteral("pop.example.net"), 995, QStringLiteral("dave"));
        int lateCalls = 0;
        auto *context = new QObject;
        store.lookup(dave, context, [&lateCalls](const PasswordAnswer &) { ++lateCalls; });
        store.store(dave, "x", context, [&lateCalls](bool, const QString &) { ++lateCalls; });
        delete context;
        // The keychain serves jobs in order: once this answer is in, the earlier ones have finished too.
        const Lookup after = lookupNow(store, dave);
        QVERIFY(after.answer);
        QTest::qWait(100);
        QCOMPARE(lateCalls, 0);
        QCOMPARE(after.calls, 1);
        QVERIFY(removeNow(store, dave).ok);
    }

    // A locked keyring with nobody to type its password (no display for the unlock prompt) answers at once.
    // Seen here: NotFound, not Unavailable; libsecret reports a failed unlock as "no such item" and QtKeychain
    // passes that on, so the client's own password is used either way. What matters: no hang, no password.
    void lockedKeyringAnswersQuickly()
    {
        if (!realKeychain())
            QSKIP("needs MAILSHIM_TEST_KEYCHAIN=secret-service (tests/ui/with-keyring.sh)");
        KeychainCredentialStore store;
        const CredentialKey frank = key(QStringLiteral("pop.example.net"), 995, QStringLiteral("frank"));
        QVERIFY(storeNow(store, frank, kPassword).ok);
        QCOMPARE(QProcess::execute(QStringLiteral("dbus-send"),
                                   {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                                    QStringLiteral("--dest=org.freedesktop.secrets"),
                                    QStringLiteral("/org/freedesktop/secrets"),
                                    QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                                    QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login")}),
                 0);
        const Lookup locked = lookupNow(store, frank);
        QVERIFY2(locked.answer, "lookup never answered");
        qInfo().noquote() << "locked keyring:" << int(locked.answer->status) << locked.answer->detail << "after"
                          << locked.elapsedMs << "ms";
        QVERIFY(locked.answer->status != PasswordAnswer::Status::Found);
        QVERIFY(locked.answer->password.isEmpty());
        QVERIFY2(locked.elapsedMs < 5000, qPrintable(QString::number(locked.elapsedMs)));
    }

    // --- with no keychain reachable ---

    void unavailableIsQuickAndSaysWhy()
    {
        if (realKeychain())
            QSKIP("runs without a keychain (the default mode)");
        KeychainCredentialStore store;
        const CredentialKey alice = key(QStringLiteral("pop.example.net"), 995, QStringLiteral("alice"));

        const Lookup looked = lookupNow(store, alice);
        QVERIFY2(looked.answer, "lookup never answered");
        QCOMPARE(looked.calls, 1);
        QCOMPARE(looked.answer->status, PasswordAnswer::Status::Unavailable);
        QVERIFY(looked.answer->password.isEmpty());
        QVERIFY2(looked.answer->detail.contains(QStringLiteral("keychain")), qPrintable(looked.answer->detail));
        QVERIFY2(looked.elapsedMs < 2000, qPrintable(QString::number(looked.elapsedMs)));
        qInfo().noquote() << "lookup without keychain:" << looked.answer->detail << "after" << looked.elapsedMs << "ms";

        const Done stored = storeNow(store, alice, kPassword);
        QVERIFY2(stored.called, "store never answered");
        QVERIFY(!stored.ok);
        QVERIFY2(stored.error.contains(QStringLiteral("keychain")), qPrintable(stored.error));
        QVERIFY2(!stored.error.toUtf8().contains(kPassword), "the error repeats the password");
        QVERIFY2(stored.elapsedMs < 2000, qPrintable(QString::number(stored.elapsedMs)));

        const Done removed = removeNow(store, alice);
        QVERIFY(removed.called);
        QVERIFY(!removed.ok);
        QVERIFY2(removed.elapsedMs < 2000, qPrintable(QString::number(removed.elapsedMs)));

        // And still nothing stored by some fallback: asking again is no different.
        QCOMPARE(lookupNow(store, alice).answer->status, PasswordAnswer::Status::Unavailable);
    }

    void noPasswordFileWritten()
    {
        if (realKeychain())
            QSKIP("runs without a keychain (the default mode)");
        KeychainCredentialStore store;
        QVERIFY(!storeNow(store, key(QStringLiteral("h.example"), 110, QStringLiteral("u")), kPassword).ok);
        QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        int scanned = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray content = file.readAll();
            ++scanned;
            QVERIFY2(!content.contains(kPassword) && !content.contains(kPassword.toBase64()) &&
                         !content.contains(QByteArrayLiteral("pop.example.net")),
                     qPrintable(file.fileName()));
        }
        qInfo() << "files in the temporary HOME:" << scanned;
    }

    // --- either way ---

    void refusesWhatAKeychainCannotHoldLater()
    {
        KeychainCredentialStore store;
        const CredentialKey k = key(QStringLiteral("pop.example.net"), 995, QStringLiteral("erin"));
        for (const QByteArray &bad : {QByteArray(), QByteArray("a\0b", 3), QByteArray("\xff\xfe")}) {
            Done done;
            QObject context;
            store.store(k, bad, &context, [&done](bool ok, const QString &error) {
                done.called = true;
                done.ok = ok;
                done.error = error;
            });
            QVERIFY2(!done.called, "answered before store() returned");
            QTRY_VERIFY(done.called);
            QVERIFY(!done.ok);
            QVERIFY(!done.error.isEmpty());
        }
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
