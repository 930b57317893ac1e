// SettingsStore: a first start has no file and no listeners; a valid file reads back what was saved; a file
// that does not validate is moved aside byte for byte (never over another aside file), never overwritten;
// a folder that cannot be made says why; no password is ever in the file.

#include "ui/common/settingsstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace mailshim;

namespace {

Config exampleConfig()
{
    ListenerConfig listener;
    listener.name = QStringLiteral("isp");
    listener.port = 4110;
    UpstreamConfig upstream;
    upstream.host = QStringLiteral("pop.example.net");
    upstream.security = Security::Apop; // valid, with a warning
    listener.upstream = upstream;
    listener.user = QStringLiteral("alice");
    listener.storedPassword = true;
    Config config;
    config.listeners.append(listener);
    config.logLevel = LogLevel::All;
    return config;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList keysOf(const QJsonValue &value)
{
    QStringList keys;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            keys.append(it.key());
            keys += keysOf(it.value());
        }
    } else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            keys += keysOf(v);
    }
    return keys;
}

const QRegularExpression kAsideName(QStringLiteral(R"(/mailshim\.json\.broken-\d{8}-\d{6}(-\d+)?$)"));

} // namespace

class TestSettingsStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_tempDir = std::make_unique<QTemporaryDir>(); // a fresh folder per test function
        QVERIFY(m_tempDir->isValid());
        m_dir.setPath(m_tempDir->path());
    }

    void defaultPathIsPerUserConfig()
    {
        qputenv("XDG_CONFIG_HOME", m_dir.absolutePath().toUtf8());
        QCOMPARE(SettingsStore::defaultPath(), m_dir.filePath(QStringLiteral("MailShim/mailshim.json")));
    }

    void missingFileIsAFirstStart()
    {
        const SettingsStore store(m_dir.filePath(QStringLiteral("new/mailshim.json")));
        const SettingsLoadResult result = store.load();
        QVERIFY(result.ok());
        QVERIFY(!result.existed);
        QVERIFY(result.config.listeners.isEmpty());
        QVERIFY(result.keptAsidePath.isEmpty());
    }

    void roundTrip()
    {
        const QString path = m_dir.filePath(QStringLiteral("nested/folders/mailshim.json"));
        const SettingsStore store(path);
        QString error;
        QVERIFY2(store.save(exampleConfig(), &error), qPrintable(error));
        QVERIFY(QFileInfo(path).isFile());

        const SettingsLoadResult result = store.load();
        QVERIFY2(result.ok(), qPrintable(result.errors.value(0).toString()));
        QVERIFY(result.existed);
        QCOMPARE(result.config.listeners.size(), 1);
        QVERIFY(result.config.listeners.first() == exampleConfig().listeners.first());
        QCOMPARE(result.config.logLevel, LogLevel::All);
        QCOMPARE(result.warnings.size(), 1); // APOP without TLS
        QCOMPARE(result.warnings.first().field, QStringLiteral("listeners[0].upstream.security"));

        // Saving again replaces the file (atomically) and leaves nothing else behind.
        Config changed = exampleConfig();
        changed.listeners.first().port = 4111;
        QVERIFY2(store.save(changed, &error), qPrintable(error));
        QCOMPARE(store.load().config.listeners.first().port, quint16(4111));
        QCOMPARE(QDir(QFileInfo(path).absolutePath()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("mailshim.json")});
    }

    void noPasswordInTheFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("mailshim.json"));
        QString error;
        QVERIFY2(SettingsStore(path).save(exampleConfig(), &error), qPrintable(error));
        const QJsonDocument saved = QJsonDocument::fromJson(readFile(path));
        QVERIFY(saved.isObject());
        const QStringList keys = keysOf(saved.object());
        QVERIFY(keys.contains(QStringLiteral("storedPassword"))); // a switch, not a secret
        for (const QString &k : keys)
            QVERIFY2(k.compare(QStringLiteral("password"), Qt::CaseInsensitive) != 0 &&
                         k.compare(QStringLiteral("pass"), Qt::CaseInsensitive) != 0,
                     qPrintable(k));
    }

    void brokenFileIsMovedAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{\"listeners\": [") << QString() << QStringLiteral("JSON");
        QTest::newRow("invalid port") << QByteArray(R"({"listeners":[{"name":"a","listen":"127.0.0.1:70000",)"
                                                    R"("upstream":{"host":"pop.example.net","security":"tls"}}]})")
                                      << QStringLiteral("listeners[0].listen") << QStringLiteral("70000");
        QTest::newRow("typo") << QByteArray(R"({"listeners":[], "logLevl":"all"})") << QStringLiteral("logLevl")
                              << QStringLiteral("unknown");
        QTest::newRow("not utf-8, not json")
            << QByteArray("\xff\xfe\x00garbage", 10) << QString() << QStringLiteral("JSON");
    }
    void brokenFileIsMovedAside()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, field);
        QFETCH(QString, mentions);
        const QString path = m_dir.filePath(QStringLiteral("mailshim.json"));
        QVERIFY(writeFile(path, content));

        const SettingsLoadResult result = SettingsStore(path).load();
        QVERIFY(!result.ok());
        QVERIFY(result.existed);
        QVERIFY(result.config.listeners.isEmpty());
        const QString joined = result.errors.first().toString();
        QVERIFY2(joined.contains(mentions), qPrintable(joined));
        if (!field.isEmpty())
            QCOMPARE(result.errors.first().field, field);

        QVERIFY2(kAsideName.match(result.keptAsidePath).hasMatch(), qPrintable(result.keptAsidePath));
        QCOMPARE(readFile(result.keptAsidePath), content); // byte for byte
        QVERIFY(!QFileInfo::exists(path));                 // the next save starts a fresh file
    }

    void asideFilesAreNeverOverwritten()
    {
        const QString path = m_dir.filePath(QStringLiteral("mailshim.json"));
        // Squatters on the names this second and the next few would get.
        QStringList squatters;
        const QDateTime now = QDateTime::currentDateTime();
        for (int s = 0; s < 3; ++s) {
            squatters.append(path + QStringLiteral(".broken-") +
                             now.addSecs(s).toString(QStringLiteral("yyyyMMdd-HHmmss")));
            QVERIFY(writeFile(squatters.last(), "older aside " + QByteArray::number(s)));
        }
        QStringList asides;
        for (int round = 0; round < 3; ++round) {
            const QByteArray broken = "{ broken " + QByteArray::number(round);
            QVERIFY(writeFile(path, broken));
            const SettingsLoadResult result = SettingsStore(path).load();
            QVERIFY(!result.keptAsidePath.isEmpty());
            QVERIFY2(!squatters.contains(result.keptAsidePath) && !asides.contains(result.keptAsidePath),
                     qPrintable(result.keptAsidePath));
            QCOMPARE(readFile(result.keptAsidePath), broken);
            asides.append(result.keptAsidePath);
        }
        for (int s = 0; s < 3; ++s)
            QCOMPARE(readFile(squatters.at(s)), "older aside " + QByteArray::number(s));
    }

    void saveKeepsABrokenFileFirst()
    {
        const QString path = m_dir.filePath(QStringLiteral("mailshim.json"));
        const QByteArray handEdit = R"({"listeners": [ {"name": "half-typed" )";
        QVERIFY(writeFile(path, handEdit));
        QString error;
        QVERIFY2(SettingsStore(path).save(exampleConfig(), &error), qPrintable(error));
        QVERIFY(SettingsStore(path).load().ok());
        const QStringList asides =
            QDir(m_dir.absolutePath()).entryList({QStringLiteral("mailshim.json.broken-*")}, QDir::Files);
        QCOMPARE(asides.size(), 1);
        QCOMPARE(readFile(m_dir.filePath(asides.first())), handEdit);
    }

    void invalidConfigIsNotSaved()
    {
        const QString path = m_dir.filePath(QStringLiteral("mailshim.json"));
        Config config = exampleConfig();
        config.listeners.first().upstream.reset(); // needs routing then
        QString error;
        QVERIFY(!SettingsStore(path).save(config, &error));
        QVERIFY2(error.contains(QStringLiteral("listeners[0].upstream")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path));
    }

    // Root ignores read-only modes, so the folder is made impossible instead: its parent is a file.
    void folderThatCannotExistSaysWhy()
    {
        const QString blocker = m_dir.filePath(QStringLiteral("not-a-folder"));
        QVERIFY(writeFile(blocker, "a regular file"));
        const QString path = blocker + QStringLiteral("/MailShim/mailshim.json");
        const SettingsStore store(path);

        QString error;
        QVERIFY(!store.save(exampleConfig(), &error));
        QVERIFY2(error.contains(blocker) && error.contains(QStringLiteral("not a folder")), qPrintable(error));

        const SettingsLoadResult result = store.load();
        QVERIFY(!result.ok());
        QVERIFY(!result.existed);
        QVERIFY2(result.errors.first().toString().contains(QStringLiteral("not a folder")),
                 qPrintable(result.errors.first().toString()));
        QCOMPARE(readFile(blocker), QByteArray("a regular file"));
    }

    void folderInsteadOfFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("mailshim.json"));
        QVERIFY(QDir().mkpath(path));
        const SettingsLoadResult result = SettingsStore(path).load();
        QVERIFY(!result.ok());
        QVERIFY(result.keptAsidePath.isEmpty());
        QVERIFY(QFileInfo(path).isDir());
        QString error;
        QVERIFY(!SettingsStore(path).save(exampleConfig(), &error));
        QVERIFY2(error.contains(QStringLiteral("folder")), qPrintable(error));
        QVERIFY(QFileInfo(path).isDir());
    }

private:
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QDir m_dir;
};

QTEST_GUILESS_MAIN(TestSettingsStore)
#include "tst_settingsstore.moc"
