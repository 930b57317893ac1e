// WinCredCredentialStore against the Credential Manager of the Windows it runs on (Wine's, in the proof
// script): round trips, the entry's name and fields as another Credential Manager client sees them, accounts
// that must not share a password, refusals, and answers that arrive later and never after their context died.

#include "credentials/wincredcredentialstore.h"

#include <QTest>
#include <optional>
#include <qt_windows.h>
#include <wincred.h>

using namespace mailshim;

namespace {

constexpr int kAnswerTimeoutMs = 5000;

struct Done
{
    bool called = false;
    bool ok = false;
    QString error;
};

std::optional<PasswordAnswer> lookupNow(CredentialStore &store, const CredentialKey &key)
{
    std::optional<PasswordAnswer> result;
    QObject context;
    store.lookup(key, &context, [&result](const PasswordAnswer &answer) { result = answer; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, kAnswerTimeoutMs);
    return result;
}

Done storeNow(CredentialStore &store, const CredentialKey &key, const QByteArray &password)
{
    Done done;
    QObject context;
    store.store(key, password, &context, [&done](bool ok, const QString &error) { done = {true, ok, error}; });
    (void)QTest::qWaitFor([&done] { return done.called; }, kAnswerTimeoutMs);
    return done;
}

Done removeNow(CredentialStore &store, const CredentialKey &key)
{
    Done done;
    QObject context;
    store.remove(key, &context, [&done](bool ok, const QString &error) { done = {true, ok, error}; });
    (void)QTest::qWaitFor([&done] { return done.called; }, kAnswerTimeoutMs);
    return done;
}

// What any other Credential Manager client (cmdkey, Control Panel) sees under that name.
struct RawEntry
{
    bool found = false;
    DWORD type = 0;
    DWORD persist = 0;
    QString userName;
    QByteArray blob;
};

RawEntry readRaw(const QString &target)
{
    RawEntry entry;
    PCREDENTIALW credential = nullptr;
    if (!CredReadW(reinterpret_cast<const wchar_t *>(target.utf16()), CRED_TYPE_GENERIC, 0, &credential))
        return entry;
    entry.found = true;
    entry.type = credential->Type;
    entry.persist = credential->Persist;
    entry.userName = QString::fromWCharArray(credential->UserName);
    entry.blob = QByteArray(reinterpret_cast<const char *>(credential->CredentialBlob),
                            qsizetype(credential->CredentialBlobSize));
    CredFree(credential);
    return entry;
}

} // namespace

class TestWinCredCredentialStore : public QObject
{
    Q_OBJECT

private:
    WinCredCredentialStore m_store;
    const CredentialKey m_alice{QStringLiteral("pop.example.com"), 995, QStringLiteral("alice")};

private Q_SLOTS:
    void init() { QVERIFY(removeNow(m_store, m_alice).ok); }
    void cleanupTestCase() { removeNow(m_store, m_alice); }

    void nothingStoredIsNotFound()
    {
        const auto answer = lookupNow(m_store, m_alice);
        QVERIFY(answer);
        QCOMPARE(answer->status, PasswordAnswer::Status::NotFound);
        QVERIFY(answer->password.isEmpty());
    }

    void storedPasswordComesBackByteForByte()
    {
        const QByteArray password = QStringLiteral("s3cret パスワード ü").toUtf8();
        const Done stored = storeNow(m_store, m_alice, password);
        QVERIFY2(stored.ok, qPrintable(stored.error));
        const auto answer = lookupNow(m_store, m_alice);
        QVERIFY(answer);
        QCOMPARE(answer->status, PasswordAnswer::Status::Found);
        QCOMPARE(answer->password, password);
    }

    void entryIsNamedLikeTheKeychainOne()
    {
        QVERIFY(storeNow(m_store, m_alice, "secret").ok);
        QCOMPARE(WinCredCredentialStore::targetName(m_alice), QStringLiteral("MailShim/alice@pop.example.com:995"));
        const RawEntry raw = readRaw(QStringLiteral("MailShim/alice@pop.example.com:995"));
        QVERIFY(raw.found);
        QCOMPARE(raw.type, DWORD(CRED_TYPE_GENERIC));
        QCOMPARE(raw.persist, DWORD(CRED_PERSIST_LOCAL_MACHINE));
        QCOMPARE(raw.userName, QStringLiteral("alice"));
        QCOMPARE(raw.blob, QByteArray("secret"));
    }

    void storingAgainReplaces()
    {
        QVERIFY(storeNow(m_store, m_alice, "first").ok);
        QVERIFY(storeNow(m_store, m_alice, "second").ok);
        QCOMPARE(lookupNow(m_store, m_alice)->password, QByteArray("second"));
    }

    void removeForgetsAndForgettingTwiceIsFine()
    {
        QVERIFY(storeNow(m_store, m_alice, "secret").ok);
        QVERIFY(removeNow(m_store, m_alice).ok);
        QCOMPARE(lookupNow(m_store, m_alice)->status, PasswordAnswer::Status::NotFound);
        QVERIFY(!readRaw(WinCredCredentialStore::targetName(m_alice)).found);
        const Done again = removeNow(m_store, m_alice);
        QVERIFY2(again.ok, qPrintable(again.error));
    }

    // A password is bound to the exact (host, port, user); only the host's letter case does not matter.
    void otherAccountsDoNotSeeIt()
    {
        QVERIFY(storeNow(m_store, m_alice, "secret").ok);
        const CredentialKey others[] = {
            {QStringLiteral("evil.example"), 995, QStringLiteral("alice")},
            {QStringLiteral("pop.example.com"), 110, QStringLiteral("alice")},
            {QStringLiteral("pop.example.com"), 995, QStringLiteral("alic")},
        };
        for (const CredentialKey &other : others)
            QCOMPARE(lookupNow(m_store, other)->status, PasswordAnswer::Status::NotFound);
        const CredentialKey upperHost{QStringLiteral("POP.Example.COM"), 995, QStringLiteral("alice")};
        QCOMPARE(lookupNow(m_store, upperHost)->password, QByteArray("secret"));
    }

    // The Credential Manager's names ignore case; user names need not. "Alice" never gets alice's password,
    // and forgetting "Alice" does not forget alice's.
    void userNameCaseIsNotIgnored()
    {
        QVERIFY(storeNow(m_store, m_alice, "secret").ok);
        const CredentialKey capitalised{m_alice.host, m_alice.port, QStringLiteral("Alice")};
        QCOMPARE(lookupNow(m_store, capitalised)->status, PasswordAnswer::Status::NotFound);
        QVERIFY(removeNow(m_store, capitalised).ok);
        QCOMPARE(lookupNow(m_store, m_alice)->password, QByteArray("secret"));
    }

    void refusesWhatTheStoreCannotHold_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("NUL") << QByteArray("se\0cret", 7) << QStringLiteral("UTF-8");
        QTest::newRow("not UTF-8") << QByteArray("caf\xe9") << QStringLiteral("UTF-8");
        QTest::newRow("over 2560 bytes") << QByteArray(2561, 'x') << QStringLiteral("2560");
    }

    void refusesWhatTheStoreCannotHold()
    {
        QFETCH(QByteArray, password);
        QFETCH(QString, reason);
        const Done done = storeNow(m_store, m_alice, password);
        QVERIFY(done.called);
        QVERIFY(!done.ok);
        QVERIFY2(done.error.contains(reason), qPrintable(done.error));
        QCOMPARE(lookupNow(m_store, m_alice)->status, PasswordAnswer::Status::NotFound);
    }

    void longestPasswordFits()
    {
        const QByteArray password(5 * 512, 'p'); // MinGW's CRED_MAX_CREDENTIAL_BLOB_SIZE is the old 512
        const Done done = storeNow(m_store, m_alice, password);
        QVERIFY2(done.ok, qPrintable(done.error));
        QCOMPARE(lookupNow(m_store, m_alice)->password, password);
    }

    // The same contract as the keychain store: the answer comes later, from the event loop, never inside the
    // call; and not at all once the context is gone.
    void answersLaterAndNotAfterTheContextDied()
    {
        QVERIFY(storeNow(m_store, m_alice, "secret").ok);
        bool called = false;
        {
            QObject context;
            m_store.lookup(m_alice, &context, [&called](const PasswordAnswer &) { called = true; });
            QVERIFY(!called);
            QTRY_VERIFY_WITH_TIMEOUT(called, kAnswerTimeoutMs);
        }
        called = false;
        auto *context = new QObject;
        m_store.lookup(m_alice, context, [&called](const PasswordAnswer &) { called = true; });
        m_store.remove(m_alice, context, [&called](bool, const QString &) { called = true; });
        delete context;
        QTest::qWait(200);
        QVERIFY(!called);
        // The remove itself happened; only its answer was dropped with the context.
        QVERIFY(!readRaw(WinCredCredentialStore::targetName(m_alice)).found);
    }

    // A user name the Credential Manager cannot take (over CRED_MAX_USERNAME_LENGTH): the Windows error is
    // reported in words, and nothing is stored.
    void credentialManagerRefusalIsReported()
    {
        const CredentialKey tooLong{QStringLiteral("pop.example.com"), 995,
                                    QString(CRED_MAX_USERNAME_LENGTH + 1, QLatin1Char('u'))};
        const Done done = storeNow(m_store, tooLong, "secret");
        QVERIFY(done.called);
        QVERIFY(!done.ok);
        QVERIFY2(done.error.startsWith(QStringLiteral("the Windows Credential Manager refused: ")),
                 qPrintable(done.error));
        QVERIFY(!done.error.contains(QStringLiteral("secret")));
        QCOMPARE(lookupNow(m_store, tooLong)->status, PasswordAnswer::Status::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestWinCredCredentialStore)
#include "tst_wincredcredentialstore.moc"
