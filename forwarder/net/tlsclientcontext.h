#pragma once

// TlsClientContext: the OpenSSL client context MailShim's upstream TLS connections (UpstreamSocket) are made from:
// TLS 1.2 or later, the server's chain checked against the system's trusted roots plus an optional CA file, and
// client-side session caching switched on so each connection's resumable sessions reach the TlsSessionCache.
//
// One context serves every connection with the same CA file, for as long as the file's content stays the same.
// QSslSocket built a new SSL_CTX, loaded its cipher list and copied certificates for every socket: about a fifth of
// what a resumed upstream session cost mailshim-service (docs/benchmarks.md). The file is read on every call (a
// few KB) and compared with what was loaded, so a CA file replaced in place takes effect on the next connection,
// and one that can no longer be read is no longer trusted. Safe to call from any thread.
//
// The chain check never stops a handshake by itself: every problem is recorded (Record::verifyErrors) and
// UpstreamSocket decides once the handshake is over, before a byte of POP3 is sent or read, under the TlsPolicy
// (only a matching pin overrides anything; see TlsVerifier).

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>
#include <openssl/ssl.h>
#include <vector>

namespace mailshim {

class TlsClientContext final
{
public:
    ~TlsClientContext();
    TlsClientContext(const TlsClientContext &) = delete;
    TlsClientContext &operator=(const TlsClientContext &) = delete;

    // The context for this CA file ("" for the system's roots only). An unreadable file or one without
    // certificates adds nothing: its CAs are not trusted. nullptr only if OpenSSL cannot make a context at all;
    // *error then says why.
    static std::shared_ptr<TlsClientContext> forCaFile(const QString &caFile, QString *error);

    SSL_CTX *handle() const { return m_ctx; }

    // What the context's callbacks learn about one connection. Attach it to each SSL before its handshake; it must
    // outlive the SSL.
    struct Record
    {
        std::vector<int> verifyErrors;              // X509_V_ERR_* codes of the chain check, in the order found
        std::shared_ptr<SSL_SESSION> newestSession; // the last resumable session the server gave
        bool sessionArrived = false;                // set with newestSession; the owner clears it
    };
    static void attach(SSL *ssl, Record *record);

    // Roots the system vouched for (RootFetcher), added to this context's store: this connection's chain is checked
    // again against them (verifyPeerChain), and later connections trust them from the start.
    void addTrustedRoots(const QList<QByteArray> &ders);
    // The chain the server of this connection sent, checked again against the store as it is now: the X509_V_ERR_*
    // codes found, in order (empty: it verifies).
    std::vector<int> verifyPeerChain(SSL *ssl) const;

    // Why OpenSSL failed, readable ("wrong version number"): the first error it queued on this thread (the cause;
    // later ones are consequences), or empty when there is none. Empties the queue.
    static QString takeErrorReason();

private:
    explicit TlsClientContext(SSL_CTX *ctx) : m_ctx(ctx) {}

    SSL_CTX *m_ctx;
};

} // namespace mailshim
