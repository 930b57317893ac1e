#include "net/tlsclientcontext.h"

#include <QFile>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

#ifdef Q_OS_WIN
#include <QSslCertificate>
#include <QSslConfiguration>
#endif

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace mailshim {

namespace {

// The SSL ex_data slot that points at a connection's Record.
int recordIndex()
{
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// OpenSSL calls this for each certificate of the chain, and again for each problem it finds. The problem is
// recorded and the check goes on, so the caller sees all of them (and the handshake gets far enough to show the
// server's key, which a pin needs); the caller aborts the connection unless its policy accepts every one.
int onVerify(int preverifyOk, X509_STORE_CTX *store)
{
    if (!preverifyOk) {
        const auto *ssl =
            static_cast<const SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
        auto *record = ssl ? static_cast<TlsClientContext::Record *>(SSL_get_ex_data(ssl, recordIndex())) : nullptr;
        if (!record)
            return 0; // nobody to judge the problem: fail closed
        record->verifyErrors.push_back(X509_STORE_CTX_get_error(store));
    }
    return 1;
}

// TLS 1.3 servers send their tickets after the handshake, TLS 1.2 ones within it: either way each resumable
// session comes here, and the newest one is kept for the owner to store once the certificate was accepted.
int onNewSession(SSL *ssl, SSL_SESSION *session)
{
    auto *record = static_cast<TlsClientContext::Record *>(SSL_get_ex_data(ssl, recordIndex()));
    if (!record || !SSL_SESSION_is_resumable(session))
        return 0; // not taken: OpenSSL frees it
    record->newestSession.reset(session, SSL_SESSION_free);
    record->sessionArrived = true;
    return 1; // taken: the reference is ours now
}

// The system's trusted roots: OpenSSL's default locations (on Debian /etc/ssl/certs); on Windows, the certificate
// store Qt reads (OpenSSL itself knows no Windows store).
void addSystemRoots(SSL_CTX *ctx)
{
#ifdef Q_OS_WIN
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    static const QList<QByteArray> roots = [] {
        QList<QByteArray> ders;
        for (const QSslCertificate &certificate : QSslConfiguration::systemCaCertificates())
            ders.append(certificate.toDer());
        return ders;
    }();
    for (const QByteArray &der : roots) {
        const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
        if (X509 *x509 = d2i_X509(nullptr, &bytes, long(der.size()))) {
            X509_STORE_add_cert(store, x509);
            X509_free(x509);
        }
    }
    ERR_clear_error(); // duplicates in the store are reported as errors; they change nothing
#else
    if (SSL_CTX_set_default_verify_paths(ctx) != 1)
        ERR_clear_error(); // no system store: only the CA file (if any) is trusted
#endif
}

// The PEM certificates in contents, added to the context's store. Returns how many.
int addCaCertificates(SSL_CTX *ctx, const QByteArray &contents)
{
    BIO *bio = BIO_new_mem_buf(contents.constData(), int(contents.size()));
    if (!bio)
        return 0;
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    int added = 0;
    while (X509 *x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        if (X509_STORE_add_cert(store, x509) == 1)
            ++added;
        X509_free(x509);
    }
    BIO_free(bio);
    ERR_clear_error(); // the end of the file reads as an error
    return added;
}

SSL_CTX *newContext(const QByteArray &caContents, QString *error)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        const QString reason = TlsClientContext::takeErrorReason();
        *error = reason.isEmpty() ? QStringLiteral("cannot create a TLS context")
                                  : QStringLiteral("cannot create a TLS context: %1").arg(reason);
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // A TLS 1.2 renegotiation would bring a new certificate after the one UpstreamSocket judged.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    // An idle connection keeps no record buffers (about 34 KiB: one for reading, one for writing); OpenSSL takes them
    // again for the next record. Most sessions are idle most of the time: a mail client holds the connection open.
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, onVerify);
    // Resumable sessions reach the connection's Record through onNewSession; OpenSSL keeps none itself.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, onNewSession);
    addSystemRoots(ctx);
    if (!caContents.isEmpty())
        addCaCertificates(ctx, caContents);
    return ctx;
}

struct Entry
{
    QByteArray contents; // the CA file as it was when the context was made
    std::shared_ptr<TlsClientContext> context;
};

// A handful of files in practice (one per configured server).
constexpr qsizetype kMaxEntries = 32;

} // namespace

TlsClientContext::~TlsClientContext()
{
    SSL_CTX_free(m_ctx);
}

QString TlsClientContext::takeErrorReason()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    const char *reason = code ? ERR_reason_error_string(code) : nullptr;
    return reason ? QString::fromLatin1(reason) : QString();
}

void TlsClientContext::attach(SSL *ssl, Record *record)
{
    SSL_set_ex_data(ssl, recordIndex(), record);
}

std::shared_ptr<TlsClientContext> TlsClientContext::forCaFile(const QString &caFile, QString *error)
{
    static QMutex mutex;
    static QHash<QString, Entry> entries;

    QByteArray contents;
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly) || ((contents = file.readAll()), file.error() != QFile::NoError))
            contents.clear(); // not readable: trust nothing from it
    }
    QMutexLocker lock(&mutex);
    const auto found = entries.constFind(caFile);
    if (found != entries.constEnd() && found->contents == contents)
        return found->context;
    SSL_CTX *ctx = newContext(contents, error);
    if (!ctx)
        return nullptr;
    std::shared_ptr<TlsClientContext> context(new TlsClientContext(ctx));
    if (found == entries.constEnd() && entries.size() >= kMaxEntries)
        entries.clear();
    entries.insert(caFile, Entry{contents, context});
    return context;
}

void TlsClientContext::addTrustedRoots(const QList<QByteArray> &ders)
{
    X509_STORE *store = SSL_CTX_get_cert_store(m_ctx);
    for (const QByteArray &der : ders) {
        const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
        if (X509 *x509 = d2i_X509(nullptr, &bytes, long(der.size()))) {
            X509_STORE_add_cert(store, x509); // the store locks itself: other threads' contexts may be reading it
            X509_free(x509);
        }
    }
    ERR_clear_error(); // a root already there is reported as an error; it changes nothing
}

std::vector<int> TlsClientContext::verifyPeerChain(SSL *ssl) const
{
    std::vector<int> errors;
    X509 *leaf = SSL_get0_peer_certificate(ssl);
    X509_STORE_CTX *check = X509_STORE_CTX_new();
    if (!leaf || !check ||
        X509_STORE_CTX_init(check, SSL_CTX_get_cert_store(m_ctx), leaf, SSL_get_peer_cert_chain(ssl)) != 1) {
        X509_STORE_CTX_free(check);
        ERR_clear_error();
        errors.push_back(X509_V_ERR_UNSPECIFIED);
        return errors;
    }
    X509_STORE_CTX_set_default(check, "ssl_server"); // the purpose a TLS client checks, as in the handshake
    X509_STORE_CTX_set_app_data(check, &errors);
    X509_STORE_CTX_set_verify_cb(check, [](int ok, X509_STORE_CTX *context) {
        if (!ok)
            static_cast<std::vector<int> *>(X509_STORE_CTX_get_app_data(context))
                ->push_back(X509_STORE_CTX_get_error(context));
        return 1; // every problem is recorded, as in the handshake (onVerify)
    });
    X509_verify_cert(check);
    X509_STORE_CTX_free(check);
    ERR_clear_error();
    return errors;
}

} // namespace mailshim
