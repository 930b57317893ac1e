#pragma once

// CaCertificateCache: the TLS configuration that trusts a CA file as well as the system store, built once per
// content of the file. OpenSSL 3 spends about 1.5 million instructions decoding one certificate's public key, so
// parsing the file for every TLS connection was over a quarter of a resumed session's cost in mailshim-service
// (tests/bench/README.md, "The login path"). The file itself is read on every call (a few KB) and compared with
// what was parsed: a CA file replaced in place, even with the same size and time, takes effect on the next
// connection, and one that can no longer be read is no longer trusted. Safe to call from any thread.

#include <QSslConfiguration>
#include <QString>

namespace mailshim::CaCertificateCache {

// base plus the PEM certificates in path, exactly as base.addCaCertificates(path) makes it: that overload keeps
// Qt's on-demand loading of the system CA store, which the one taking a list of certificates turns off. If the
// file cannot be read, base unchanged (nothing from the file is trusted), and nothing is cached for it.
QSslConfiguration withCaFile(const QSslConfiguration &base, const QString &path);

} // namespace mailshim::CaCertificateCache
