// The background service reads stored passwords from the same keychain the tray program writes them to:
// run under a real, throwaway Secret Service (tests/ui/with-keyring.sh), the real mailshim-service with a
// storedPassword listener logs in to the real Dovecot with the keychain's password while the mail client
// sends a dummy one, and every message arrives byte for byte.

#include "credentials/credentialstore.h"
#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "popclients.h"
#include "serviceprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestServiceKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serviceUsesTheStoredPassword()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("MAILSHIM_THROWAWAY_KEYRING"),
                 "run through tests/ui/with-keyring.sh: this test needs its own Secret Service");
        DovecotFixture dovecot;
        QString error;
        QVERIFY2(dovecot.start(&error), qPrintable(error));

        // What the tray program's editor or wizard does when the user ticks "use the stored password".
        const std::unique_ptr<CredentialStore> keychain = CredentialStore::createForThisPlatform();
        const CredentialKey key{dovecot.host(), dovecot.pop3Port(), DovecotFixture::user()};
        bool stored = false;
        bool done = false;
        keychain->store(key, DovecotFixture::password().toUtf8(), this, [&](bool ok, const QString &why) {
            stored = ok;
            done = true;
            error = why;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY2(stored, qPrintable(error));

        QTemporaryDir dir;
        const quint16 port = EngineTestbed::freePort();
        const QString configPath = dir.path() + QStringLiteral("/mailshim.json");
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QJsonObject upstream{{QStringLiteral("host"), dovecot.host()},
                                   {QStringLiteral("port"), dovecot.pop3Port()},
                                   {QStringLiteral("security"), QStringLiteral("apop")}};
        const QJsonObject listener{{QStringLiteral("name"), QStringLiteral("scanner")},
                                   {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                                   {QStringLiteral("user"), DovecotFixture::user()},
                                   {QStringLiteral("storedPassword"), true},
                                   {QStringLiteral("upstream"), upstream}};
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("logLevel"), QStringLiteral("low")},
                                             {QStringLiteral("listeners"), QJsonArray{listener}}})
                       .toJson());
        file.close();
        ServiceProcess service;
        QVERIFY2(service.start({QStringLiteral("--console"), QStringLiteral("--config"), configPath,
                                QStringLiteral("--no-control")},
                               &error),
                 qPrintable(error));
        QVERIFY2(service.waitForLog("started (config"), service.log().constData());

        PopClients::Endpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = port;
        endpoint.user = DovecotFixture::user();
        endpoint.password = QStringLiteral("not-the-password"); // the scanner's dummy
        const PopClients::Result mail = PopClients::poplibRetrAll(endpoint, dir.path());
        QVERIFY2(mail.ok, (mail.output + mail.stderrText + service.log().right(3000)).constData());
        QCOMPARE(mail.messages, dovecot.messages());
        // The password itself never reaches the log.
        QVERIFY(!service.log().contains(DovecotFixture::password().toUtf8()));
        QCOMPARE(service.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServiceKeychain)
#include "tst_servicekeychain.moc"
