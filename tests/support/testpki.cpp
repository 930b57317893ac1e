#include "testpki.h"

#include "testfiles.h"
#include "testprocess.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace {

// `openssl ca` takes dates, not day counts, which is the only way OpenSSL 3.0 can put notAfter in the past
// (`x509 -req -days` counts from now, and 3.0 has no -not_before/-not_after; faketime is not installed).
QString opensslTime(const QDateTime &utc)
{
    return utc.toString(QStringLiteral("yyyyMMddHHmmss")) + QLatin1Char('Z');
}

} // namespace

TestPki::TestPki(const QString &directory) : m_dir(QDir(directory).absolutePath()) {}

QString TestPki::directory() const
{
    return m_dir;
}

QString TestPki::caCertFile() const
{
    return path(QStringLiteral("ca.crt"));
}

QString TestPki::caKeyFile() const
{
    return path(QStringLiteral("ca.key"));
}

QString TestPki::certFile(const QString &name) const
{
    return path(name + QStringLiteral(".crt"));
}

QString TestPki::keyFile(const QString &name) const
{
    return path(name + QStringLiteral(".key"));
}

QSslConfiguration TestPki::serverConfiguration(const QString &name) const
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate::fromPath(certFile(name)).value(0));
    QFile key(keyFile(name));
    key.open(QIODevice::ReadOnly);
    config.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    return config;
}

QString TestPki::path(const QString &fileName) const
{
    return m_dir + QLatin1Char('/') + fileName;
}

bool TestPki::createCa(QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (!writeConfig(error) || !generateKey(caKeyFile(), error)) {
        return false;
    }
    // The CA's name carries the directory so CAs of concurrent test runs are never mistaken for one another.
    const QString subject = QStringLiteral("/O=MailShim tests/CN=MailShim Test CA %1").arg(QFileInfo(m_dir).fileName());
    return runOpenssl({QStringLiteral("req"), QStringLiteral("-config"), path(QStringLiteral("pki.cnf")),
                       QStringLiteral("-x509"), QStringLiteral("-new"), QStringLiteral("-sha256"),
                       QStringLiteral("-key"), caKeyFile(), QStringLiteral("-subj"), subject, QStringLiteral("-days"),
                       QStringLiteral("3650"), QStringLiteral("-extensions"), QStringLiteral("v3_ca"),
                       QStringLiteral("-out"), caCertFile()},
                      error);
}

bool TestPki::issue(const QString &name, const QStringList &sanDnsNames, const QStringList &sanIps, Validity validity,
                    QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (!QFileInfo::exists(caCertFile())) {
        *error = QStringLiteral("TestPki::issue(%1): call createCa() first").arg(name);
        return false;
    }
    const QString csr = path(name + QStringLiteral(".csr"));
    const QString ext = path(name + QStringLiteral(".ext"));
    if (!generateKey(keyFile(name), error) || !writeExtensions(ext, sanDnsNames, sanIps, error)) {
        return false;
    }
    if (!runOpenssl({QStringLiteral("req"), QStringLiteral("-config"), path(QStringLiteral("pki.cnf")),
                     QStringLiteral("-new"), QStringLiteral("-key"), keyFile(name), QStringLiteral("-subj"),
                     QStringLiteral("/O=MailShim tests/CN=") + name, QStringLiteral("-out"), csr},
                    error)) {
        return false;
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime notBefore;
    QDateTime notAfter;
    switch (validity) {
    case Validity::Valid:
        notBefore = now.addDays(-1); // a day of slack for clocks that disagree
        notAfter = now.addDays(365);
        break;
    case Validity::Expired:
        notBefore = now.addDays(-60);
        notAfter = now.addDays(-1);
        break;
    case Validity::NotYetValid:
        notBefore = now.addDays(30);
        notAfter = now.addDays(60);
        break;
    }
    return runOpenssl({QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"),
                       path(QStringLiteral("pki.cnf")), QStringLiteral("-name"), QStringLiteral("test_ca"),
                       QStringLiteral("-notext"), QStringLiteral("-in"), csr, QStringLiteral("-out"), certFile(name),
                       QStringLiteral("-extfile"), ext, QStringLiteral("-extensions"), QStringLiteral("leaf"),
                       QStringLiteral("-startdate"), opensslTime(notBefore), QStringLiteral("-enddate"),
                       opensslTime(notAfter)},
                      error);
}

bool TestPki::selfSigned(const QString &name, const QStringList &sanDnsNames, QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    const QString ext = path(name + QStringLiteral(".ext"));
    if (!generateKey(keyFile(name), error) || !writeExtensions(ext, sanDnsNames, {}, error)) {
        return false;
    }
    // `req -x509` only reads extensions from its -config file, so point it at the per-certificate one.
    return runOpenssl({QStringLiteral("req"), QStringLiteral("-config"), ext, QStringLiteral("-x509"),
                       QStringLiteral("-new"), QStringLiteral("-sha256"), QStringLiteral("-key"), keyFile(name),
                       QStringLiteral("-subj"), QStringLiteral("/O=MailShim tests/CN=") + name, QStringLiteral("-days"),
                       QStringLiteral("365"), QStringLiteral("-extensions"), QStringLiteral("leaf"),
                       QStringLiteral("-out"), certFile(name)},
                      error);
}

bool TestPki::createServerSet(QString *error)
{
    const QStringList localhost{QStringLiteral("localhost")};
    return createCa(error) && issue(QStringLiteral("good"), localhost, {}, Validity::Valid, error) &&
           issue(QStringLiteral("wronghost"), {QStringLiteral("other.example")}, {}, Validity::Valid, error) &&
           issue(QStringLiteral("expired"), localhost, {}, Validity::Expired, error) &&
           selfSigned(QStringLiteral("selfsigned"), localhost, error);
}

QByteArray TestPki::publicKeySha256Hex(const QString &certFile)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (certificates.isEmpty()) {
        return {};
    }
    const QByteArray spki = certificates.constFirst().publicKey().toDer();
    if (spki.isEmpty()) {
        return {};
    }
    return QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toHex();
}

bool TestPki::writeConfig(QString *error) const
{
    const QString configFile = path(QStringLiteral("pki.cnf"));
    if (QFileInfo::exists(configFile)) {
        return true;
    }
    // A private config keeps the results independent of the machine's /etc/ssl/openssl.cnf. unique_subject = no
    // lets a test issue the same name twice (e.g. a valid and an expired "server").
    QString config = QStringLiteral(R"([ ca ]
default_ca = test_ca
[ test_ca ]
database = @DIR@/ca-index.txt
new_certs_dir = @DIR@/ca-issued
serial = @DIR@/ca-serial
certificate = @DIR@/ca.crt
private_key = @DIR@/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none
[ policy_any ]
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
)");
    config.replace(QStringLiteral("@DIR@"), m_dir);
    if (!QDir(m_dir).mkpath(QStringLiteral("ca-issued"))) {
        *error = QStringLiteral("cannot create %1/ca-issued").arg(m_dir);
        return false;
    }
    return TestFiles::write(path(QStringLiteral("ca-index.txt")), QByteArray(), error) &&
           TestFiles::write(path(QStringLiteral("ca-serial")), QByteArrayLiteral("1000\n"), error) &&
           TestFiles::write(configFile, config.toUtf8(), error);
}

bool TestPki::writeExtensions(const QString &file, const QStringList &sanDnsNames, const QStringList &sanIps,
                              QString *error) const
{
    QStringList san;
    for (const QString &dns : sanDnsNames) {
        san << QStringLiteral("DNS:") + dns;
    }
    for (const QString &ip : sanIps) {
        san << QStringLiteral("IP:") + ip;
    }
    // The [req] part makes the same file usable as the whole -config of `req -x509` (self-signed leaves).
    QByteArray text = QByteArrayLiteral(R"([ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
)");
    if (!san.isEmpty()) {
        text += QByteArrayLiteral("subjectAltName = ") + san.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return TestFiles::write(file, text, error);
}

bool TestPki::generateKey(const QString &keyFile, QString *error) const
{
    if (!runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                     QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"),
                     keyFile},
                    error)) {
        return false;
    }
    // Only the owner (root, who starts Dovecot) needs to read a private key.
    QFile::setPermissions(keyFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool TestPki::runOpenssl(const QStringList &arguments, QString *error) const
{
    TestProcess::Options options;
    options.workingDirectory = m_dir;
    options.timeoutMs = 30000;
    const TestProcess::Result result = TestProcess::run(QStringLiteral("openssl"), arguments, options);
    if (!result.succeeded()) {
        *error = result.describe();
        return false;
    }
    return true;
}
