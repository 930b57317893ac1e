#pragma once

// TlsVerifier: turns a TlsPolicy into a QSslConfiguration (system CAs plus the optional CA file, TLS 1.2
// minimum, peer verification) for the wizard's probes, and decides, for them and for the engine's own TLS client
// (UpstreamSocket), which certificate errors, if any, a user-set pin may override.
// Nothing here ignores TLS errors wholesale: only listed errors, only for a certificate whose key matches.

#include "net/tlspolicy.h"

#include <QByteArrayView>
#include <QList>
#include <QSslConfiguration>
#include <QSslError>

namespace mailshim::TlsVerifier {

QSslConfiguration configuration(const TlsPolicy &policy);

// Lowercase hex SHA-256 of a SubjectPublicKeyInfo in DER: the pinSha256 format, the one definition of it (for
// Qt's certificates here, for OpenSSL's in UpstreamSocket). Empty for no bytes.
QByteArray spkiSha256(QByteArrayView spkiDer);
// spkiSha256 of the certificate's public key. Empty for a null one.
QByteArray publicKeySha256(const QSslCertificate &certificate);

// The errors to ignore for this handshake, or nullopt to abort it. Name and trust errors are ignorable
// only when a pin is set and the peer's key matches it; nothing else ever is.
// peerKeySha256: publicKeySha256 of the peer's certificate (empty when there is none).
std::optional<QList<QSslError>> ignorableErrors(const TlsPolicy &policy, const QList<QSslError> &errors,
                                                const QByteArray &peerKeySha256);

// After a handshake: false when a pin is set and the peer's key does not match it.
bool pinAccepts(const TlsPolicy &policy, const QByteArray &peerKeySha256);

} // namespace mailshim::TlsVerifier
