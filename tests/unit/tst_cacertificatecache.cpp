// CaCertificateCache: a CA file is parsed once, and read again when it changes or disappears, so replacing a
// server's CA file takes effect on the next connection without a restart.

#include "cacertificatecache.h"
#include "testpki.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestCaCertificateCache : public QObject
{
    Q_OBJECT

private:
    // Copies a PEM file over target and gives it the modification time asked for.
    static void install(const QString &source, const QString &target, const QDateTime &modified)
    {
        QFile::remove(target);
        QVERIFY(QFile::copy(source, target));
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
    }

private Q_SLOTS:
    void readsOnceAndFollowsChanges()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QTemporaryDir otherDir;
        QVERIFY(otherDir.isValid());
        TestPki first(dir.path());
        TestPki second(otherDir.path());
        QString error;
        QVERIFY2(first.createCa(&error), qPrintable(error));
        QVERIFY2(second.createCa(&error), qPrintable(error));
        const QSslCertificate firstCa = QSslCertificate::fromPath(first.caCertFile()).value(0);
        const QSslCertificate secondCa = QSslCertificate::fromPath(second.caCertFile()).value(0);
        QVERIFY(!firstCa.isNull());
        QVERIFY(!secondCa.isNull());
        QVERIFY(firstCa != secondCa);

        const QString path = dir.filePath(QStringLiteral("trusted.pem"));
        const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-100);
        install(first.caCertFile(), path, start);
        QCOMPARE(CaCertificateCache::certificates(path), QList<QSslCertificate>{firstCa});

        // Read once: with the same time and size the file is not parsed again, even though its bytes changed.
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const qint64 size = file.size();
            QVERIFY(file.write(QByteArray(size, 'x')) == size);
            QVERIFY(file.flush()); // before setting the time: a later flush would set it again
            QVERIFY(file.setFileTime(start, QFileDevice::FileModificationTime));
        }
        QCOMPARE(CaCertificateCache::certificates(path), QList<QSslCertificate>{firstCa});
        install(first.caCertFile(), path, start.addSecs(5)); // a new time: read again
        QCOMPARE(CaCertificateCache::certificates(path), QList<QSslCertificate>{firstCa});

        // Replaced in place by another CA: the next call sees it.
        install(second.caCertFile(), path, start.addSecs(10));
        QCOMPARE(CaCertificateCache::certificates(path), QList<QSslCertificate>{secondCa});

        // Gone: nothing is trusted from it any more, not the last copy read.
        QVERIFY(QFile::remove(path));
        QVERIFY(CaCertificateCache::certificates(path).isEmpty());

        // Back again with the same time and size as before it went: read again, not served from memory.
        install(first.caCertFile(), path, start);
        QCOMPARE(CaCertificateCache::certificates(path), QList<QSslCertificate>{firstCa});
    }

    void fileWithoutCertificatesGivesNone()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("garbage.pem"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        file.close();
        QVERIFY(CaCertificateCache::certificates(path).isEmpty());
        QVERIFY(CaCertificateCache::certificates(dir.filePath(QStringLiteral("missing.pem"))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCaCertificateCache)
#include "tst_cacertificatecache.moc"
