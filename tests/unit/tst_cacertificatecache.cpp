// CaCertificateCache and TlsVerifier: a CA file is trusted exactly as QSslConfiguration::addCaCertificates(path)
// would trust it (the system store stays in use), and what is trusted follows the file's content, whatever its
// size and time say.

#include "cacertificatecache.h"
#include "testpki.h"
#include "tlsverifier.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestCaCertificateCache : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QList<QSslCertificate> m_cas; // two different CAs
    QList<QByteArray> m_casPem;   // their PEM files, padded to the same size
    QSslConfiguration m_base;

    // The configuration as it was built before the cache: the reference the cache must equal.
    QSslConfiguration uncached(const QString &path) const
    {
        QSslConfiguration config = m_base;
        config.addCaCertificates(path, QSsl::Pem);
        return config;
    }

    static void write(const QString &path, const QByteArray &contents, const QDateTime &modified)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(contents), contents.size());
        QVERIFY(file.flush()); // before setting the time: a later flush would set it again
        QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (int i = 0; i < 2; ++i) {
            const QString directory = m_dir.filePath(QStringLiteral("pki%1").arg(i));
            QVERIFY(QDir().mkpath(directory));
            TestPki pki(directory);
            QString error;
            QVERIFY2(pki.createCa(&error), qPrintable(error));
            QFile file(pki.caCertFile());
            QVERIFY(file.open(QIODevice::ReadOnly));
            m_casPem.append(file.readAll());
            m_cas.append(QSslCertificate::fromData(m_casPem.last()).value(0));
            QVERIFY(!m_cas.last().isNull());
        }
        QVERIFY(m_cas.at(0) != m_cas.at(1));
        // Text after the PEM block is ignored by every reader; it makes the two files the same size.
        const qsizetype size = qMax(m_casPem.at(0).size(), m_casPem.at(1).size());
        for (QByteArray &pem : m_casPem)
            pem.append(QByteArray(size - pem.size(), '\n'));
        QCOMPARE(m_casPem.at(0).size(), m_casPem.at(1).size());
        m_base = QSslConfiguration::defaultConfiguration();
        m_base.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }

    // The overload taking a list of certificates turns off Qt's loading of the system store; the cache must not.
    void sameAsAddingTheFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("same.pem"));
        write(path, m_casPem.at(0), QDateTime::currentDateTimeUtc());
        const QSslConfiguration reference = uncached(path);
        QVERIFY(reference.caCertificates().contains(m_cas.at(0)));
        QVERIFY(CaCertificateCache::withCaFile(m_base, path) == reference);
        QVERIFY(CaCertificateCache::withCaFile(m_base, path) == reference); // and again, from the cache

        TlsPolicy policy;
        policy.caFile = path;
        QSslConfiguration expected = QSslConfiguration::defaultConfiguration();
        expected.setProtocol(QSsl::TlsV1_2OrLater);
        expected.setPeerVerifyMode(QSslSocket::VerifyPeer);
        expected.addCaCertificates(path, QSsl::Pem);
        QVERIFY(TlsVerifier::configuration(policy) == expected);
    }

    // A CA rotated in place by a tool that keeps times (cp -p, rsync -a, an image build), with the same size.
    void followsTheContent()
    {
        const QString path = m_dir.filePath(QStringLiteral("rotated.pem"));
        const QDateTime time = QDateTime::currentDateTimeUtc().addSecs(-100);
        write(path, m_casPem.at(0), time);
        QVERIFY(CaCertificateCache::withCaFile(m_base, path).caCertificates().contains(m_cas.at(0)));

        write(path, m_casPem.at(1), time);
        const QList<QSslCertificate> now = CaCertificateCache::withCaFile(m_base, path).caCertificates();
        QVERIFY(now.contains(m_cas.at(1)));
        QVERIFY(!now.contains(m_cas.at(0)));
    }

    void goneFileTrustsNothingFromIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("gone.pem"));
        write(path, m_casPem.at(0), QDateTime::currentDateTimeUtc());
        QVERIFY(CaCertificateCache::withCaFile(m_base, path).caCertificates().contains(m_cas.at(0)));
        QVERIFY(QFile::remove(path));
        QVERIFY(CaCertificateCache::withCaFile(m_base, path) == m_base);
        write(path, m_casPem.at(1), QDateTime::currentDateTimeUtc()); // back, with another CA
        QVERIFY(CaCertificateCache::withCaFile(m_base, path).caCertificates().contains(m_cas.at(1)));
    }

    void fileWithoutCertificatesAddsNone()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.pem"));
        write(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n",
              QDateTime::currentDateTimeUtc());
        QVERIFY(CaCertificateCache::withCaFile(m_base, path) == uncached(path));
        QCOMPARE(CaCertificateCache::withCaFile(m_base, path).caCertificates(), m_base.caCertificates());
    }
};

QTEST_GUILESS_MAIN(TestCaCertificateCache)
#include "tst_cacertificatecache.moc"
