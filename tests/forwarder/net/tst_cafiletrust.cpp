// A server's CA file, as the engine's TLS client (TlsClientContext) and the wizard's probes (TlsVerifier) trust it:
// exactly as QSslConfiguration::addCaCertificates(path) would for the probes (the system store stays in use), and,
// for both, following the file's content whatever its size and time say; a file that is gone or holds no
// certificate adds no trust.

#include "net/tlsclientcontext.h"
#include "net/tlsverifier.h"
#include "testpki.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <openssl/x509.h>

using namespace mailshim;

class TestCaFileTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QList<QSslCertificate> m_cas; // two different CAs
    QList<QByteArray> m_casPem;   // their PEM files, padded to the same size
    QSslConfiguration m_base;     // the probes' configuration without a CA file

    // The probes' configuration for this CA file.
    static QSslConfiguration probeConfiguration(const QString &path)
    {
        TlsPolicy policy;
        policy.caFile = path;
        return TlsVerifier::configuration(policy);
    }

    // What the probes' configuration must equal: the system store plus the file, added by path.
    QSslConfiguration addedByPath(const QString &path) const
    {
        QSslConfiguration config = m_base;
        config.addCaCertificates(path, QSsl::Pem);
        return config;
    }

    // Does the engine's TLS context for this CA file trust this CA (a chain of the CA alone verifies)?
    static bool engineTrusts(const QString &caFile, const QSslCertificate &ca)
    {
        QString error;
        const std::shared_ptr<TlsClientContext> context = TlsClientContext::forCaFile(caFile, &error);
        if (!context)
            return false;
        const QByteArray der = ca.toDer();
        const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
        X509 *x509 = d2i_X509(nullptr, &bytes, long(der.size()));
        X509_STORE_CTX *check = X509_STORE_CTX_new();
        const bool trusted =
            x509 && check &&
            X509_STORE_CTX_init(check, SSL_CTX_get_cert_store(context->handle()), x509, nullptr) == 1 &&
            X509_verify_cert(check) == 1;
        X509_STORE_CTX_free(check);
        X509_free(x509);
        return trusted;
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
        m_base = TlsVerifier::configuration(TlsPolicy{});
    }

    // The overload taking a list of certificates turns off Qt's loading of the system store; the probes must not.
    void sameAsAddingTheFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("same.pem"));
        write(path, m_casPem.at(0), QDateTime::currentDateTimeUtc());
        const QSslConfiguration reference = addedByPath(path);
        QVERIFY(reference.caCertificates().contains(m_cas.at(0)));
        QVERIFY(probeConfiguration(path) == reference);
        QVERIFY(probeConfiguration(path) == reference); // and again
        QVERIFY(engineTrusts(path, m_cas.at(0)));
        QVERIFY(engineTrusts(path, m_cas.at(0))); // and again, from the shared context
        QVERIFY(!engineTrusts(path, m_cas.at(1)));

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
        QVERIFY(probeConfiguration(path).caCertificates().contains(m_cas.at(0)));
        QVERIFY(engineTrusts(path, m_cas.at(0)));

        write(path, m_casPem.at(1), time);
        const QList<QSslCertificate> now = probeConfiguration(path).caCertificates();
        QVERIFY(now.contains(m_cas.at(1)));
        QVERIFY(!now.contains(m_cas.at(0)));
        QVERIFY(engineTrusts(path, m_cas.at(1)));
        QVERIFY(!engineTrusts(path, m_cas.at(0)));
    }

    void goneFileTrustsNothingFromIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("gone.pem"));
        write(path, m_casPem.at(0), QDateTime::currentDateTimeUtc());
        QVERIFY(probeConfiguration(path).caCertificates().contains(m_cas.at(0)));
        QVERIFY(engineTrusts(path, m_cas.at(0)));
        QVERIFY(QFile::remove(path));
        QVERIFY(probeConfiguration(path) == m_base);
        QVERIFY(!engineTrusts(path, m_cas.at(0)));
        write(path, m_casPem.at(1), QDateTime::currentDateTimeUtc()); // back, with another CA
        QVERIFY(probeConfiguration(path).caCertificates().contains(m_cas.at(1)));
        QVERIFY(engineTrusts(path, m_cas.at(1)));
    }

    void fileWithoutCertificatesAddsNone()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.pem"));
        write(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n",
              QDateTime::currentDateTimeUtc());
        QVERIFY(probeConfiguration(path) == addedByPath(path));
        QCOMPARE(probeConfiguration(path).caCertificates(), m_base.caCertificates());
        QVERIFY(!engineTrusts(path, m_cas.at(0)));
        QVERIFY(!engineTrusts(path, m_cas.at(1)));
    }
};

QTEST_GUILESS_MAIN(TestCaFileTrust)
#include "tst_cafiletrust.moc"
