#pragma once

// TlsVerifier: turns a TlsPolicy into a QSslConfiguration (system CAs plus the optional CA file, TLS 1.2
// minimum, peer verification) and decides which certificate errors, if any, a user-set pin may override.
// Nothing here ignores TLS errors wholesale: only listed errors, only for a certificate whose key matches.

#include "config.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>

namespace mailshim::TlsVerifier {

QSslConfiguration configuration(const TlsPolicy &policy);

// Lowercase hex SHA-256 of the certificate's SubjectPublicKeyInfo (DER): the pinSha256 format.
QByteArray publicKeySha256(const QSslCertificate &certificate);

// The errors to ignore for this handshake, or nullopt to abort it. Name and trust errors are ignorable
// only when a pin is set and the peer's key matches it; nothing else ever is.
std::optional<QList<QSslError>> ignorableErrors(const TlsPolicy &policy, const QList<QSslError> &errors,
                                                const QSslCertificate &peer);

// After a handshake: false when a pin is set and the peer's key does not match it.
bool pinAccepts(const TlsPolicy &policy, const QSslCertificate &peer);

} // namespace mailshim::TlsVerifier
