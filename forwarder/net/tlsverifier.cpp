#include "net/tlsverifier.h"

#include <QCryptographicHash>
#include <QSslCertificate>
#include <QSslKey>

namespace mailshim::TlsVerifier {

QSslConfiguration configuration(const TlsPolicy &policy)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    // The path overload keeps Qt's on-demand loading of the system store (the one taking certificates turns it off).
    // Read on every call: once per probe, which is all that uses this (the engine has TlsClientContext).
    if (!policy.caFile.isEmpty())
        config.addCaCertificates(policy.caFile, QSsl::Pem);
    return config;
}

QByteArray spkiSha256(QByteArrayView spkiDer)
{
    return spkiDer.isEmpty() ? QByteArray() : QCryptographicHash::hash(spkiDer, QCryptographicHash::Sha256).toHex();
}

QByteArray publicKeySha256(const QSslCertificate &certificate)
{
    return spkiSha256(certificate.isNull() ? QByteArray() : certificate.publicKey().toDer());
}

bool pinAccepts(const TlsPolicy &policy, const QByteArray &peerKeySha256)
{
    return policy.pinSha256.isEmpty() || (!peerKeySha256.isEmpty() && peerKeySha256 == policy.pinSha256);
}

std::optional<QList<QSslError>> ignorableErrors(const TlsPolicy &policy, const QList<QSslError> &errors,
                                                const QByteArray &peerKeySha256)
{
    const bool pinned = !policy.pinSha256.isEmpty() && pinAccepts(policy, peerKeySha256);
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::HostNameMismatch:
            // Without a pin, a certificate for another name is someone else's: never accepted, whatever
            // verifyHostname says (ConfigLoader refuses verifyHostname=false without a pin anyway).
            if (!pinned)
                return std::nullopt;
            break;
        // A pinned key is the user's explicit trust in this one certificate: these are the errors that
        // trust answers (who issued it, and when it is valid). Nothing else is overridable.
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            if (!pinned)
                return std::nullopt;
            break;
        default:
            return std::nullopt;
        }
    }
    return errors;
}

} // namespace mailshim::TlsVerifier
