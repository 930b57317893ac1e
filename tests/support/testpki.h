#pragma once

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

// Makes a throw-away certificate authority and leaf certificates with the openssl command line at test time, so no
// key is checked in and tests can ask for expired, not-yet-valid or foreign (self-signed) certificates on demand.
// Keys are EC P-256 (fast to generate); files are PEM: <dir>/<name>.crt and <dir>/<name>.key.
class TestPki
{
public:
    enum class Validity {
        Valid,      // notBefore yesterday, notAfter in a year
        Expired,    // notBefore 60 days ago, notAfter yesterday
        NotYetValid // notBefore in 30 days, notAfter in 60 days
    };

    // directory must exist and outlive this object (typically the caller's QTemporaryDir).
    explicit TestPki(const QString &directory);

    bool createCa(QString *error);
    // Signed by the CA made by createCa(). Empty SAN lists are allowed (a certificate with no subjectAltName).
    bool issue(const QString &name, const QStringList &sanDnsNames, const QStringList &sanIps, Validity validity,
               QString *error);
    // A valid leaf signed by its own key, which no verifier trusting only our CA accepts.
    bool selfSigned(const QString &name, const QStringList &sanDnsNames, QString *error);
    // The set the scripted-server tests serve, under a new CA: "good" (localhost), "wronghost" (other.example),
    // "expired" (localhost) and "selfsigned" (localhost, not under the CA).
    bool createServerSet(QString *error);

    QString directory() const;
    QString caCertFile() const;
    QString caKeyFile() const;
    QString certFile(const QString &name) const;
    QString keyFile(const QString &name) const;
    // A server-side TLS configuration presenting the certificate and key called name (for scripted servers).
    QSslConfiguration serverConfiguration(const QString &name) const;

    // Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo of the first certificate in a PEM file (the usual
    // "public key pin"); empty if the file cannot be read or Qt cannot extract the key.
    static QByteArray publicKeySha256Hex(const QString &certFile);

private:
    bool writeConfig(QString *error) const;
    bool writeExtensions(const QString &file, const QStringList &sanDnsNames, const QStringList &sanIps,
                         QString *error) const;
    bool generateKey(const QString &keyFile, QString *error) const;
    bool runOpenssl(const QStringList &arguments, QString *error) const;
    QString path(const QString &fileName) const;

    QString m_dir;
};
