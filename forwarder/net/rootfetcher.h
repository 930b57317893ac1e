#pragma once

// RootFetcher: asks the operating system for a trusted root that the engine's own OpenSSL store lacks.
//
// A fresh Windows PC holds only part of the roots Microsoft trusts; the rest is downloaded the first time a chain
// needs one, while Windows builds that chain (CertGetCertificateChain; Qt's own OpenSSL backend does the same for
// the same reason). MailShim's TLS client copies the Windows store once, so without this it would say "unable to get
// local issuer certificate" for a server whose root Windows had simply not fetched yet, where the wizard, reading the
// store later, said "trusted". So when OpenSSL cannot find the issuer, UpstreamSocket asks the fetcher on a worker
// thread, adds what it returns to the context's store (later connections have it too) and checks the chain again.
// Roots come only from the system's own trust decision: nothing here trusts a certificate the system does not.
//
// On Windows the fetcher is the system's; elsewhere there is none (OpenSSL reads the system store as it is). Tests
// install their own with setCurrent().

#include <QByteArray>
#include <QList>
#include <memory>

namespace mailshim {

class RootFetcher
{
public:
    virtual ~RootFetcher() = default;

    // chain: the server's certificates as it sent them, leaf first, DER. Runs on a worker thread and may block (a
    // download). Returns the root certificates (DER) the system trusts that anchor this chain; empty when it has none.
    virtual QList<QByteArray> fetchRoots(const QList<QByteArray> &chain) const = 0;

    // The fetcher UpstreamSocket uses: the system's by default (Windows), else none.
    static std::shared_ptr<const RootFetcher> current();
    // Replaces it (nullptr: none), for tests; returns the one it replaced.
    static std::shared_ptr<const RootFetcher> setCurrent(std::shared_ptr<const RootFetcher> fetcher);
};

} // namespace mailshim
