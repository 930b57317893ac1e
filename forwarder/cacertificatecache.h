#pragma once

// CaCertificateCache: the certificates of a CA file, parsed once and read again only when the file changes (its
// modification time or size). OpenSSL 3 spends about 1.5 million instructions decoding one certificate's public
// key, so parsing the file for every TLS connection was over a quarter of a resumed session's cost in
// mailshim-service (tests/bench/README.md, "Session cost"). Safe to call from any thread.

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace mailshim::CaCertificateCache {

// The PEM certificates in path; empty if the file cannot be read or holds none (the handshake then fails to
// verify, as it would with the file itself).
QList<QSslCertificate> certificates(const QString &path);

} // namespace mailshim::CaCertificateCache
