// DpapiFileCredentialStore, the Windows service's own store of the passwords the tray hands it (issue 16, item 3),
// run under Wine by installer/windows/wine-proof.sh: round trips byte for byte and across instances, a file that
// holds DPAPI blobs and never the password, a blob bound to its entry's name (copied under another name it does not
// decrypt), refusals, a broken file reported and never overwritten, and the folder's and the file's protected DACLs
// read back with GetNamedSecurityInfo as SDDL. What Wine cannot show (it enforces no ACL, every program runs as one
// user, and its DPAPI is not bound to an account's key): docs/windows.md#stored-passwords-and-the-service.

#include "credentials/dpapifilecredentialstore.h"
#include "credentials/protectedfolder.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>
#include <qt_windows.h>
// clang-format off
#include <dpapi.h>
#include <aclapi.h>
#include <sddl.h>
// clang-format on

using namespace mailshim;

namespace {

constexpr int kAnswerTimeoutMs = 5000;
const QByteArray kPassword = QByteArrayLiteral("Tr0ub4dor&3-\xe3\x83\x91\xe3\x82\xb9"); // "...パス" in UTF-8

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

QString currentUserSid()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    QByteArray buffer(512, '\0');
    DWORD size = 0;
    QString sid;
    if (GetTokenInformation(token, TokenUser, buffer.data(), DWORD(buffer.size()), &size)) {
        LPWSTR text = nullptr;
        if (ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER *>(buffer.data())->User.Sid, &text)) {
            sid = QString::fromWCharArray(text);
            LocalFree(text);
        }
    }
    CloseHandle(token);
    return sid;
}

QString daclOf(const QString &path)
{
    QString error;
    return ProtectedFolder::readDacl(path, &error);
}

// An SDDL's ACEs with their rights as numbers, so "FA" and "0x1f01ff" compare equal.
QStringList aces(const QString &sddl)
{
    static const QRegularExpression entry(QStringLiteral("\\(([^)]*)\\)"));
    QStringList list;
    for (auto it = entry.globalMatch(sddl); it.hasNext();) {
        QStringList parts = it.next().captured(1).split(QLatin1Char(';'));
        if (parts.size() >= 6) {
            if (parts[2] == QLatin1String("FA"))
                parts[2] = QStringLiteral("0x1f01ff");
            parts[2] = parts[2].toLower();
        }
        list << parts.join(QLatin1Char(';'));
    }
    return list;
}

QJsonObject fileEntries(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("entries")).toObject();
}

bool writeEntries(const QString &path, const QJsonObject &entries)
{
    QFile file(path);
    const QByteArray data =
        QJsonDocument(QJsonObject{{QStringLiteral("format"), 1}, {QStringLiteral("entries"), entries}}).toJson();
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

} // namespace

class TestDpapiCredentialStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const QString m_sid = currentUserSid();
    const CredentialKey m_alice{QStringLiteral("pop.example.com"), 995, QStringLiteral("alice")};
    const CredentialKey m_bob{QStringLiteral("pop.example.com"), 995, QStringLiteral("bob")};
    int m_n = 0;
    QString m_path;

private Q_SLOTS:
    void init() { m_path = m_dir.filePath(QStringLiteral("case%1/passwords/passwords.json").arg(++m_n)); }

    void roundTripAcrossInstances()
    {
        {
            DpapiFileCredentialStore store(m_path, m_sid);
            QCOMPARE(lookupNow(store, m_alice)->status, PasswordAnswer::Status::NotFound); // no file yet
            const Done done = storeNow(store, m_alice, kPassword);
            QVERIFY2(done.ok, qPrintable(done.error));
        }
        DpapiFileCredentialStore again(m_path, m_sid); // what the service reads after a restart
        const std::optional<PasswordAnswer> answer = lookupNow(again, m_alice);
        QVERIFY(answer);
        QCOMPARE(answer->status, PasswordAnswer::Status::Found);
        QCOMPARE(answer->password, kPassword);
        QCOMPARE(lookupNow(again, m_bob)->status, PasswordAnswer::Status::NotFound);
        const CredentialKey otherPort{m_alice.host, 110, m_alice.user};
        QCOMPARE(lookupNow(again, otherPort)->status, PasswordAnswer::Status::NotFound);
        const CredentialKey otherCase{m_alice.host, m_alice.port, QStringLiteral("Alice")};
        QCOMPARE(lookupNow(again, otherCase)->status, PasswordAnswer::Status::NotFound);
        // Replace, then forget; forgetting what is not there succeeds.
        QVERIFY(storeNow(again, m_alice, QByteArrayLiteral("second")).ok);
        QCOMPARE(lookupNow(again, m_alice)->password, QByteArrayLiteral("second"));
        QVERIFY(removeNow(again, m_alice).ok);
        QCOMPARE(lookupNow(again, m_alice)->status, PasswordAnswer::Status::NotFound);
        QVERIFY(removeNow(again, m_alice).ok);
    }

    void fileHoldsOnlyDpapiBlobs()
    {
        DpapiFileCredentialStore store(m_path, m_sid);
        QVERIFY(storeNow(store, m_alice, kPassword).ok);
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(!content.contains(kPassword));
        QVERIFY(!content.contains(kPassword.toBase64()));
        QVERIFY(!content.contains("Tr0ub"));
        const QJsonObject entries = fileEntries(m_path);
        QCOMPARE(entries.keys(), QStringList{m_alice.toString()});
        // The blob is DPAPI's: it decrypts with the entry's name as entropy, and not without it.
        QByteArray blob = QByteArray::fromBase64(entries.value(m_alice.toString()).toString().toLatin1());
        QByteArray entropy = DpapiFileCredentialStore::entropy(m_alice);
        DATA_BLOB in = {DWORD(blob.size()), reinterpret_cast<BYTE *>(blob.data())};
        DATA_BLOB extra = {DWORD(entropy.size()), reinterpret_cast<BYTE *>(entropy.data())};
        DATA_BLOB out = {};
        QVERIFY(CryptUnprotectData(&in, nullptr, &extra, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out));
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(out.pbData), qsizetype(out.cbData)), kPassword);
        LocalFree(out.pbData);
        out = {};
        QVERIFY(!CryptUnprotectData(&in, nullptr, nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out));
    }

    void blobUnderAnotherNameDoesNotDecrypt()
    {
        DpapiFileCredentialStore store(m_path, m_sid);
        QVERIFY(storeNow(store, m_alice, kPassword).ok);
        QJsonObject entries = fileEntries(m_path);
        entries.insert(m_bob.toString(), entries.value(m_alice.toString())); // someone copies alice's blob to bob
        QVERIFY(writeEntries(m_path, entries));
        const std::optional<PasswordAnswer> answer = lookupNow(store, m_bob);
        QVERIFY(answer);
        QCOMPARE(answer->status, PasswordAnswer::Status::Unavailable);
        QVERIFY(answer->password.isEmpty());
        QVERIFY2(answer->detail.contains(QStringLiteral("cannot be decrypted")), qPrintable(answer->detail));
        QCOMPARE(lookupNow(store, m_alice)->password, kPassword);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("NUL") << QByteArray("a\0b", 3);
        QTest::newRow("not UTF-8") << QByteArray("\xff\xfe");
        QTest::newRow("over 64 KiB") << QByteArray(64 * 1024 + 1, 'x');
    }

    void refusals()
    {
        QFETCH(QByteArray, password);
        DpapiFileCredentialStore store(m_path, m_sid);
        const Done done = storeNow(store, m_alice, password);
        QVERIFY(done.called);
        QVERIFY(!done.ok);
        QVERIFY(!done.error.isEmpty());
        QVERIFY(!QFile::exists(m_path));
    }

    void brokenFileIsReportedNotOverwritten()
    {
        QVERIFY(QDir().mkpath(QFileInfo(m_path).path()));
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not json");
        file.close();
        DpapiFileCredentialStore store(m_path, m_sid);
        const std::optional<PasswordAnswer> answer = lookupNow(store, m_alice);
        QCOMPARE(answer->status, PasswordAnswer::Status::Unavailable);
        QVERIFY2(answer->detail.contains(QStringLiteral("not MailShim's")), qPrintable(answer->detail));
        const Done done = storeNow(store, m_alice, kPassword);
        QVERIFY(!done.ok);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("not json"));
    }

    void answersArriveLater()
    {
        DpapiFileCredentialStore store(m_path, m_sid);
        bool answered = false;
        QObject context;
        store.store(m_alice, kPassword, &context, [&](bool, const QString &) { answered = true; });
        QVERIFY(!answered); // queued, never inside the call
        QVERIFY(QTest::qWaitFor([&] { return answered; }, kAnswerTimeoutMs));
        bool late = false;
        {
            QObject gone;
            store.lookup(m_alice, &gone, [&](const PasswordAnswer &) { late = true; });
        }
        QTest::qWait(100);
        QVERIFY(!late); // dropped with its context
    }

    void folderAndFileHaveProtectedDacls()
    {
        QVERIFY(!m_sid.isEmpty());
        DpapiFileCredentialStore store(m_path, m_sid);
        QVERIFY(storeNow(store, m_alice, kPassword).ok);
        const QString folder = daclOf(QFileInfo(m_path).path());
        const QString file = daclOf(m_path);
        qInfo("folder DACL: %s; file DACL: %s (this process runs as %s)", qPrintable(folder), qPrintable(file),
              qPrintable(m_sid));
        // Nobody else, whatever the system made of the descriptor.
        for (const QString &sddl : {folder, file}) {
            QVERIFY2(sddl.startsWith(QLatin1String("D:")), qPrintable(sddl));
            for (const char *anyone :
                 {";WD)", ";AU)", ";BU)", ";IU)", ";AN)", ";NU)", "S-1-1-0", "S-1-5-11", "S-1-5-32-545"})
                QVERIFY2(!sddl.toUpper().contains(QLatin1String(anyone)), anyone);
        }
        if (!file.startsWith(QLatin1String("D:P"))) {
            // Wine keeps no security descriptor on a file: it turns the DACL into Unix permission bits (here 0700/0600:
            // SYSTEM and this user, nothing for others) and makes one up from them when asked. Real Windows keeps the
            // descriptor, and then it must read back exactly as built.
            QCOMPARE(aces(file), aces(QStringLiteral("D:(A;;FA;;;SY)(A;;FA;;;%1)").arg(m_sid)));
            qInfo("Wine models the DACL as Unix permissions: the exact descriptor is checked on Windows only");
        } else {
            QVERIFY2(folder.startsWith(QLatin1String("D:P")), qPrintable(folder)); // protected: nothing inherited
            QCOMPARE(aces(folder), aces(DpapiFileCredentialStore::folderSddl(m_sid)));
            QCOMPARE(aces(file), aces(DpapiFileCredentialStore::fileSddl(m_sid)));
        }
        // Written again (a second store) the file keeps its descriptor: it is created anew each time with it.
        QVERIFY(storeNow(store, m_bob, kPassword).ok);
        QCOMPARE(aces(daclOf(m_path)), aces(file));
        QVERIFY(!QFile::exists(m_path + QStringLiteral(".new")));
    }

    void descriptorsAsBuilt()
    {
        // Administrators may list and delete (to uninstall), never read the data; SYSTEM and the service full.
        const QString service = QStringLiteral("S-1-5-80-1-2-3-4-5");
        QCOMPARE(DpapiFileCredentialStore::fileSddl(service),
                 QStringLiteral("D:P(A;;FA;;;SY)(A;;FA;;;%1)(A;;0x110000;;;BA)").arg(service));
        QCOMPARE(DpapiFileCredentialStore::folderSddl(service),
                 QStringLiteral("D:P(A;;FA;;;SY)(A;;FA;;;%1)(A;;0x110041;;;BA)").arg(service));
    }

    void sddlForSystemHasOneSystemEntry()
    {
        QCOMPARE(DpapiFileCredentialStore::fileSddl(QStringLiteral("S-1-5-18")),
                 QStringLiteral("D:P(A;;FA;;;SY)(A;;0x110000;;;BA)"));
    }
};

QTEST_GUILESS_MAIN(TestDpapiCredentialStore)
#include "tst_dpapicredentialstore.moc"
