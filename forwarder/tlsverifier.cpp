#include "tlsverifier.h"

#include "cacertificatecache.h"

#include <QCryptographicHash>
#include <QSslCertificate>
#include <QSslKey>

namespace mailshim::TlsVerifier {

QSslConfiguration configuration(const TlsPolicy &policy)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return policy.caFile.isEmpty() ? config : CaCertificateCache::withCaFile(config, policy.caFile);
}

QByteArray publicKeySha256(const QSslCertificate &certificate)
{
    return QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256).toHex();
}

bool pinAccepts(const TlsPolicy &policy, const QSslCertificate &peer)
{
    return policy.pinSha256.isEmpty() || (!peer.isNull() && publicKeySha256(peer) == policy.pinSha256);
}

std::optional<QList<QSslError>> ignorableErrors(const TlsPolicy &policy, const QList<QSslError> &errors,
                                                const QSslCertificate &peer)
{
    const bool pinned = !policy.pinSha256.isEmpty() && pinAccepts(policy, peer);
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
