#include "net/upstreamsocket.h"

#include "net/rootfetcher.h"
#include "net/socketread.h"
#include "net/socketwrite.h"
#include "net/tlsverifier.h"

#include <QPointer>
#include <QPromise>
#include <QTcpSocket>
#include <QThreadPool>
#include <QUrl>
#include <algorithm>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace mailshim {

namespace {

// One TLS record's worth of plaintext: SSL_read never returns more at once.
constexpr int kRecordBytes = 16 * 1024;
// What decrypt() makes room for at once when more than a record's worth is waiting.
constexpr int kBatchBytes = 4 * kRecordBytes;

// The checks Qt names, so TlsVerifier's rules (and the texts users see) are the same as for the wizard's probes.
QSslError::SslError fromX509(int code)
{
    switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        return QSslError::UnableToGetIssuerCertificate;
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
        return QSslError::UnableToDecryptCertificateSignature;
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
        return QSslError::UnableToDecodeIssuerPublicKey;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return QSslError::CertificateSignatureFailed;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return QSslError::CertificateNotYetValid;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return QSslError::CertificateExpired;
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
        return QSslError::InvalidNotBeforeField;
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
        return QSslError::InvalidNotAfterField;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        return QSslError::SelfSignedCertificate;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return QSslError::SelfSignedCertificateInChain;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        return QSslError::UnableToGetLocalIssuerCertificate;
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return QSslError::UnableToVerifyFirstCertificate;
    case X509_V_ERR_CERT_REVOKED:
        return QSslError::CertificateRevoked;
    case X509_V_ERR_INVALID_CA:
        return QSslError::InvalidCaCertificate;
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
        return QSslError::PathLengthExceeded;
    case X509_V_ERR_INVALID_PURPOSE:
        return QSslError::InvalidPurpose;
    case X509_V_ERR_CERT_UNTRUSTED:
        return QSslError::CertificateUntrusted;
    case X509_V_ERR_CERT_REJECTED:
        return QSslError::CertificateRejected;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return QSslError::HostNameMismatch;
    default:
        return QSslError::UnspecifiedError; // never overridable (TlsVerifier)
    }
}

QByteArray keySha256(X509 *certificate)
{
    unsigned char *der = nullptr;
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), &der);
    if (length <= 0)
        return {};
    const QByteArray hash = TlsVerifier::spkiSha256(QByteArrayView(der, length));
    OPENSSL_free(der);
    return hash;
}

QSslCertificate toQt(X509 *certificate)
{
    unsigned char *der = nullptr;
    const int length = i2d_X509(certificate, &der);
    if (length <= 0)
        return QSslCertificate();
    QSslCertificate converted(QByteArray(reinterpret_cast<const char *>(der), length), QSsl::Der);
    OPENSSL_free(der);
    return converted;
}

// RFC 6125 as OpenSSL implements it: an IP address must be in an IP SAN; a name in a DNS SAN (or the CN when
// there is none), with a wildcard only as the whole leftmost label.
bool hostMatches(X509 *certificate, const QString &host)
{
    const QHostAddress address(host);
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 ip = address.toIPv4Address();
        const unsigned char bytes[4] = {quint8(ip >> 24), quint8(ip >> 16), quint8(ip >> 8), quint8(ip)};
        return X509_check_ip(certificate, bytes, sizeof bytes, 0) == 1;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR ip = address.toIPv6Address();
        return X509_check_ip(certificate, ip.c, sizeof ip.c, 0) == 1;
    }
    const QByteArray ace = QUrl::toAce(host);
    return !ace.isEmpty() && X509_check_host(certificate, ace.constData(), size_t(ace.size()),
                                             X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr) == 1;
}

// SSL_get_error() reads the thread's error queue, so it must be empty before an SSL call: QSslSocket on this thread
// (the wizard's probes) may have left entries that would turn a plain "want more data" into a fatal error. Peeking
// first: clearing costs ~1 k instructions even when empty, several times per relayed message.
void clearErrorQueue()
{
    if (ERR_peek_error() != 0)
        ERR_clear_error();
}

// OpenSSL reads the server's bytes straight out of the QTcpSocket's buffer into its record buffer. A memory BIO fed
// from the socket copied every byte twice more and zeroed its own buffer as it grew: 0.7 of the 1 instruction per
// byte the relay spent outside AES on a 64 MiB RETR over TLS.
int readFromTcp(BIO *bio, char *data, size_t size, size_t *read)
{
    BIO_clear_retry_flags(bio);
    auto *tcp = static_cast<QTcpSocket *>(BIO_get_data(bio));
    // OpenSSL asks for a record's header, then exactly its body. A body that is all the socket holds (the end of a
    // reply, usually) takes Qt's buffer with it: the connection may stay idle now. A record still arriving (a stream)
    // leaves the buffer for its rest, which a new buffer would cost a malloc and often a second copy.
    const qint64 want = qint64(qMin<size_t>(size, 1 << 30));
    const qint64 n = !tcp->isOpen()                  ? 0
                     : want == tcp->bytesAvailable() ? SocketRead::into(tcp, data, want)
                                                     : tcp->read(data, want);
    if (n > 0) {
        *read = size_t(n);
        return 1;
    }
    *read = 0;
    BIO_set_retry_read(bio); // "not yet": the TCP close is UpstreamSocket's to see, never an end of TLS data
    return 0;
}

long controlTcp(BIO *bio, int command, long, void *)
{
    switch (command) {
    case BIO_CTRL_PENDING:
        return long(static_cast<QTcpSocket *>(BIO_get_data(bio))->bytesAvailable());
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0;
    }
}

BIO *newTcpReader(QTcpSocket *tcp)
{
    static BIO_METHOD *const method = [] { // made once, kept for the process's life
        const int index = BIO_get_new_index();
        BIO_METHOD *m =
            index == -1 ? nullptr : BIO_meth_new(index | BIO_TYPE_SOURCE_SINK, "mailshim QTcpSocket reader");
        if (m && (BIO_meth_set_read_ex(m, readFromTcp) != 1 || BIO_meth_set_ctrl(m, controlTcp) != 1)) {
            BIO_meth_free(m);
            m = nullptr;
        }
        return m;
    }();
    BIO *bio = method ? BIO_new(method) : nullptr;
    if (bio) {
        BIO_set_data(bio, tcp);
        BIO_set_init(bio, 1);
    }
    return bio;
}

// What OpenSSL says about the failure (see TlsClientContext::takeErrorReason), or what the SSL call's result says.
QString openSslReason(int sslError)
{
    const QString reason = TlsClientContext::takeErrorReason();
    if (!reason.isEmpty())
        return reason;
    if (sslError == SSL_ERROR_SYSCALL || sslError == SSL_ERROR_ZERO_RETURN)
        return QStringLiteral("the server closed the connection");
    return QStringLiteral("TLS error %1").arg(sslError);
}

} // namespace

UpstreamSocket::UpstreamSocket(QObject *parent) : QIODevice(parent), m_tcp(new QTcpSocket(this))
{
    connect(m_tcp, &QTcpSocket::connected, this, &UpstreamSocket::connected);
    connect(m_tcp, &QTcpSocket::readyRead, this, &UpstreamSocket::onTcpReadyRead);
    connect(m_tcp, &QTcpSocket::bytesWritten, this, &UpstreamSocket::bytesWritten);
    connect(m_tcp, &QTcpSocket::disconnected, this, &UpstreamSocket::onTcpDisconnected);
    connect(m_tcp, &QTcpSocket::errorOccurred, this, &UpstreamSocket::onTcpError);
}

UpstreamSocket::~UpstreamSocket()
{
    m_tcp->disconnect(this);
    // Without a close_notify sent, SSL_free() marks the session not resumable, and that session object is shared
    // with the TlsSessionCache: a client that leaves without QUIT would cost the next connection a full handshake.
    // Only a connection that ended in a TLS error keeps OpenSSL's caution.
    if (m_ssl && !m_tlsError)
        SSL_set_shutdown(m_ssl, SSL_SENT_SHUTDOWN);
    SSL_free(m_ssl); // and its BIOs
}

void UpstreamSocket::connectToHost(const QString &host, quint16 port)
{
    open(QIODevice::ReadWrite | QIODevice::Unbuffered);
    m_tcp->connectToHost(host, port);
}

void UpstreamSocket::startClientEncryption(std::shared_ptr<TlsClientContext> context, const QString &host,
                                           const TlsPolicy &policy, std::shared_ptr<SSL_SESSION> resume)
{
    if (m_ssl || !context)
        return;
    m_context = std::move(context);
    m_policy = policy;
    m_host = host;
    clearErrorQueue(); // so a failure below reports its own cause
    m_ssl = SSL_new(m_context->handle());
    m_in = newTcpReader(m_tcp);
    m_out = BIO_new(BIO_s_mem());
    if (!m_ssl || !m_in || !m_out) {
        BIO_free(m_in);
        BIO_free(m_out);
        m_in = m_out = nullptr;
        m_tls = Tls::Handshake;
        failTls(QStringLiteral("cannot start TLS: %1").arg(openSslReason(SSL_ERROR_SSL)));
        return;
    }
    SSL_set_bio(m_ssl, m_in, m_out);
    TlsClientContext::attach(m_ssl, &m_record);
    if (QHostAddress(host).isNull() && SSL_set_tlsext_host_name(m_ssl, QUrl::toAce(host).constData()) != 1) {
        m_tls = Tls::Handshake; // RFC 6066: a name, never an IP address, in SNI
        failTls(QStringLiteral("cannot start TLS: %1").arg(openSslReason(SSL_ERROR_SSL)));
        return;
    }
    if (resume && SSL_set_session(m_ssl, resume.get()) != 1) // takes its own reference
        ERR_clear_error();                                   // not resumable here: a full handshake
    SSL_set_connect_state(m_ssl);
    m_tls = Tls::Handshake;
    continueHandshake();
}

QAbstractSocket::SocketState UpstreamSocket::state() const
{
    return m_tcp->state();
}

QHostAddress UpstreamSocket::peerAddress() const
{
    return m_tcp->peerAddress();
}

quint16 UpstreamSocket::peerPort() const
{
    return m_tcp->peerPort();
}

void UpstreamSocket::setLowDelay()
{
    m_tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

void UpstreamSocket::setReadBufferSize(qint64 size)
{
    m_readLimit = size;
    m_tcp->setReadBufferSize(size);
}

void UpstreamSocket::abort()
{
    if (m_tls != Tls::Off)
        m_tls = Tls::Failed; // nothing more is decrypted or sent
    m_tcp->abort();
}

void UpstreamSocket::disconnectFromHost()
{
    if (m_tls == Tls::Up) {
        clearErrorQueue();
        SSL_shutdown(m_ssl); // close_notify: the end is the server's to trust, not a truncation
        flushOutput();
    }
    m_tcp->disconnectFromHost();
}

QString UpstreamSocket::tlsDescription() const
{
    if (!m_ssl)
        return {};
    const SSL_CIPHER *cipher = SSL_get_current_cipher(m_ssl);
    return QStringLiteral("%1, %2").arg(QLatin1String(SSL_get_version(m_ssl)),
                                        QLatin1String(cipher ? SSL_CIPHER_get_name(cipher) : "no cipher"));
}

bool UpstreamSocket::sessionResumed() const
{
    return m_ssl && SSL_session_reused(m_ssl) == 1;
}

std::shared_ptr<SSL_SESSION> UpstreamSocket::session() const
{
    // An inspected certificate that was not accepted never yields a session to resume.
    return m_tls == Tls::Up && m_trustVerdict.isEmpty() ? m_record.newestSession : nullptr;
}

QSslCertificate UpstreamSocket::peerCertificate() const
{
    X509 *peer = m_peerJudged ? SSL_get0_peer_certificate(m_ssl) : nullptr;
    return peer ? toQt(peer) : QSslCertificate();
}

QList<QSslError> UpstreamSocket::peerErrors() const
{
    QList<QSslError> errors;
    if (m_peerErrors.isEmpty())
        return errors;
    const QSslCertificate certificate = peerCertificate();
    for (const QSslError::SslError kind : m_peerErrors)
        errors.append(QSslError(kind, certificate));
    return errors;
}

qint64 UpstreamSocket::bytesAvailable() const
{
    const qint64 own = m_tls == Tls::Off ? m_tcp->bytesAvailable() : m_plain.size();
    return own + QIODevice::bytesAvailable();
}

qint64 UpstreamSocket::bytesToWrite() const
{
    return m_tcp->bytesToWrite();
}

qint64 UpstreamSocket::readData(char *data, qint64 maxSize)
{
    const DeviceCall call(this);
    if (m_tls == Tls::Off) {
        // Nothing from a closed socket, not an error of this device; reading to the end leaves Qt no buffer.
        return SocketRead::into(m_tcp, data, maxSize);
    }
    const qint64 n = qMin(maxSize, qint64(m_plain.size()));
    if (n > 0) {
        memcpy(data, m_plain.constData(), size_t(n));
        if (n == m_plain.size())
            m_plain.resize(0); // keeps the capacity for the next record
        else
            m_plain.remove(0, n);
    }
    if (m_tls == Tls::Up && (m_readLimit <= 0 || m_plain.size() < m_readLimit))
        decrypt(false); // what the socket already holds (read-ahead stopped at the limit); the caller reads on
    if (m_plain.isEmpty())
        m_plain.clear(); // read to the end: an idle session keeps no record buffer (16 to 32 KiB); the next one costs
                         // one allocation, next to decrypting a record
    return n;
}

qint64 UpstreamSocket::writeData(const char *data, qint64 size)
{
    const DeviceCall call(this);
    if (m_tcp->state() != QAbstractSocket::ConnectedState) {
        setErrorString(QStringLiteral("not connected"));
        return -1;
    }
    if (m_tls == Tls::Off) {
        SocketWrite::now(m_tcp, QByteArray(data, qsizetype(size))); // a copy: Qt's buffer may keep the bytes
        return size;
    }
    if (m_tls != Tls::Up) {
        setErrorString(QStringLiteral("TLS is not established"));
        return -1;
    }
    qint64 done = 0;
    while (done < size) {
        const int chunk = int(qMin<qint64>(size - done, 1 << 30));
        clearErrorQueue();
        const int written = SSL_write(m_ssl, data + done, chunk); // a memory BIO takes it all
        if (written <= 0) {
            failTlsLater(QStringLiteral("cannot encrypt: %1").arg(openSslReason(SSL_get_error(m_ssl, written))));
            return -1;
        }
        done += written;
    }
    flushOutput();
    return done;
}

void UpstreamSocket::onTcpReadyRead()
{
    switch (m_tls) {
    case Tls::Off:
        Q_EMIT readyRead();
        break;
    case Tls::Handshake:
        continueHandshake();
        break;
    case Tls::Up:
        decrypt(true);
        break;
    case Tls::Failed:
        break;
    }
}

void UpstreamSocket::onTcpDisconnected()
{
    if (m_deviceCalls > 0) { // a send failed inside read() or write(): the caller hears of it once that returned
        QMetaObject::invokeMethod(this, &UpstreamSocket::onTcpDisconnected, Qt::QueuedConnection);
        return;
    }
    const QPointer<UpstreamSocket> self(this);
    if (m_tls == Tls::Up)
        decrypt(true); // the server's last records, then the end
    if (self)
        Q_EMIT disconnected();
}

void UpstreamSocket::onTcpError(QAbstractSocket::SocketError error)
{
    if (m_deviceCalls > 0) {
        QMetaObject::invokeMethod(
            this, [this, error] { onTcpError(error); }, Qt::QueuedConnection);
        return;
    }
    setErrorString(m_tcp->errorString());
    Q_EMIT errorOccurred(error);
}

void UpstreamSocket::continueHandshake()
{
    if (m_rootAnswer)
        return; // the handshake is done; its verdict waits for the system's answer (the server's bytes wait too)
    clearErrorQueue();
    const int result = SSL_do_handshake(m_ssl);
    const int error = result == 1 ? SSL_ERROR_NONE : SSL_get_error(m_ssl, result);
    const QString failure = error == SSL_ERROR_NONE || error == SSL_ERROR_WANT_READ
                                ? QString()
                                : QStringLiteral("handshake failed: %1").arg(openSslReason(error));
    const QPointer<UpstreamSocket> self(this);
    flushOutput(); // our next handshake message, or the alert that tells the server why we stop
    if (!self || m_tls != Tls::Handshake)
        return; // the send failed and the connection is gone
    if (error == SSL_ERROR_WANT_READ)
        return;
    if (!failure.isEmpty()) {
        failTls(failure);
        return;
    }
    if (askForMissingRoot())
        return;
    finishHandshake();
}

// OpenSSL found no trusted issuer for the chain: the system may trust a root it has not downloaded yet (RootFetcher).
// It is asked on a worker thread, since building a chain may download; the verdict waits for its answer.
bool UpstreamSocket::askForMissingRoot()
{
    const std::shared_ptr<const RootFetcher> fetcher = RootFetcher::current();
    const auto issuerMissing = [](int code) {
        return code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
               code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
    };
    if (m_rootAsked || !fetcher || SSL_session_reused(m_ssl) == 1 ||
        std::none_of(m_record.verifyErrors.begin(), m_record.verifyErrors.end(), issuerMissing))
        return false;
    m_rootAsked = true;
    QList<QByteArray> chain;
    if (STACK_OF(X509) *certificates = SSL_get_peer_cert_chain(m_ssl)) {
        for (int i = 0; i < sk_X509_num(certificates); ++i) {
            X509 *certificate = sk_X509_value(certificates, i);
            const int length = i2d_X509(certificate, nullptr);
            QByteArray der(length > 0 ? length : 0, Qt::Uninitialized);
            auto *out = reinterpret_cast<unsigned char *>(der.data());
            if (length > 0 && i2d_X509(certificate, &out) == length)
                chain.append(der);
        }
    }
    auto promise = std::make_shared<QPromise<QList<QByteArray>>>();
    m_rootAnswer = new QFutureWatcher<QList<QByteArray>>(this);
    connect(m_rootAnswer, &QFutureWatcherBase::finished, this, &UpstreamSocket::onRootsFetched);
    m_rootAnswer->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, fetcher, chain] {
        promise->addResult(fetcher->fetchRoots(chain));
        promise->finish();
    });
    return true;
}

void UpstreamSocket::onRootsFetched()
{
    const QList<QByteArray> roots =
        m_rootAnswer->future().resultCount() > 0 ? m_rootAnswer->result() : QList<QByteArray>{};
    m_rootAnswer->deleteLater();
    m_rootAnswer = nullptr;
    if (m_tls != Tls::Handshake || m_tcp->state() != QAbstractSocket::ConnectedState)
        return; // aborted or closed meanwhile: that was reported already
    if (!roots.isEmpty()) {
        m_context->addTrustedRoots(roots);
        m_record.verifyErrors = m_context->verifyPeerChain(m_ssl);
    }
    finishHandshake(); // which reads what the server sent while the system was asked
}

void UpstreamSocket::finishHandshake()
{
    const QPointer<UpstreamSocket> self(this);
    const QString reason = judgePeer();
    m_trustVerdict = reason;
    if (!reason.isEmpty() && !m_inspection) {
        m_tls = Tls::Failed;
        m_tlsError = true;
        m_tcp->abort();
        Q_EMIT rejected(reason);
        return;
    }
    m_tls = Tls::Up;
    Q_EMIT encrypted();
    if (self && m_tls == Tls::Up)
        decrypt(true); // the server may have sent its greeting with the end of the handshake
}

QString UpstreamSocket::judgePeer()
{
    X509 *peer = SSL_get0_peer_certificate(m_ssl);
    if (!peer)
        return QStringLiteral("is missing: the server sent none");
    m_peerKeySha256 = keySha256(peer);
    m_peerJudged = true;
    QList<QSslError> errors;
    QStringList texts;
    const auto add = [&](QSslError::SslError kind, const QString &text) {
        for (const QSslError &known : std::as_const(errors)) {
            if (known.error() == kind && kind != QSslError::UnspecifiedError)
                return;
        }
        errors.append(QSslError(kind));
        texts.append(text);
    };
    for (const int code : m_record.verifyErrors) {
        const QSslError::SslError kind = fromX509(code);
        add(kind, kind == QSslError::UnspecifiedError ? QString::fromLatin1(X509_verify_cert_error_string(code))
                                                      : QSslError(kind).errorString());
    }
    if (SSL_session_reused(m_ssl) == 1) {
        // A resumed session skips the chain check (it passed when the session began), but not the clock.
        if (X509_cmp_current_time(X509_get0_notAfter(peer)) < 0)
            add(QSslError::CertificateExpired, QSslError(QSslError::CertificateExpired).errorString());
        if (X509_cmp_current_time(X509_get0_notBefore(peer)) > 0)
            add(QSslError::CertificateNotYetValid, QSslError(QSslError::CertificateNotYetValid).errorString());
    }
    if (!hostMatches(peer, m_host))
        add(QSslError::HostNameMismatch, QSslError(QSslError::HostNameMismatch).errorString());
    m_peerErrors.clear();
    for (const QSslError &error : std::as_const(errors))
        m_peerErrors.append(error.error());
    if (!errors.isEmpty()) {
        const std::optional<QList<QSslError>> ignorable =
            TlsVerifier::ignorableErrors(m_policy, errors, m_peerKeySha256);
        if (!ignorable) {
            QString reason = QStringLiteral("not trusted: %1").arg(texts.join(QStringLiteral("; ")));
            if (!TlsVerifier::pinAccepts(m_policy, m_peerKeySha256))
                reason += QStringLiteral(" (and its key does not match the pinned key)");
            // What pinSha256 would need, so trusting this key takes no openssl command.
            return reason + QStringLiteral("; its key's SHA-256 is %1").arg(QString::fromLatin1(m_peerKeySha256));
        }
        m_acceptedDespite = *ignorable;
    }
    if (!TlsVerifier::pinAccepts(m_policy, m_peerKeySha256))
        return QStringLiteral("has a key that does not match the pinned key (the certificate changed?); its key's "
                              "SHA-256 is %1")
            .arg(QString::fromLatin1(m_peerKeySha256));
    return {};
}

// Decrypts what the socket holds, up to the read limit. notify: signal new plaintext and failures now; false inside
// readData(), whose caller is reading already and must not see signals (and their slots) run within its read().
void UpstreamSocket::decrypt(bool notify)
{
    const qsizetype before = m_plain.size();
    // The buffer is released whenever it is read to the end (readData), so a stream starts from none: room for a few
    // records at once, rather than growing (and copying) record by record.
    if (m_plain.capacity() < kBatchBytes && m_tcp->bytesAvailable() > kRecordBytes)
        m_plain.reserve(kBatchBytes);
    while (!m_peerClosedTls && (m_readLimit <= 0 || m_plain.size() < m_readLimit)) {
        // SSL_read only when it has bytes to work on: with nothing in OpenSSL's buffers or the socket's it could
        // only ask for more, and that failed call costs more than the check.
        if (SSL_has_pending(m_ssl) == 0 && m_tcp->bytesAvailable() == 0)
            break;
        const qsizetype at = m_plain.size();
        m_plain.resize(at + kRecordBytes);
        clearErrorQueue();
        const int read = SSL_read(m_ssl, m_plain.data() + at, kRecordBytes);
        m_plain.resize(at + qMax(read, 0));
        if (read > 0)
            continue;
        const int error = SSL_get_error(m_ssl, read);
        if (error == SSL_ERROR_WANT_READ)
            break; // the rest of a record is still on its way
        if (error == SSL_ERROR_ZERO_RETURN) {
            m_peerClosedTls = true; // the server ended TLS cleanly; its TCP close follows
            break;
        }
        const QString text = QStringLiteral("TLS error from the server: %1").arg(openSslReason(error));
        if (notify) {
            flushOutput(); // the alert OpenSSL queued for the server
            failTls(text);
        } else {
            failTlsLater(text);
        }
        return;
    }
    flushOutput(); // what reading produced (a key update's answer)
    if (!notify)
        return;
    announceSession();
    if (m_plain.size() > before)
        Q_EMIT readyRead();
}

void UpstreamSocket::flushOutput()
{
    const size_t pending = m_out ? BIO_ctrl_pending(m_out) : 0;
    if (pending == 0)
        return;
    QByteArray bytes(qsizetype(pending), Qt::Uninitialized); // owned: Qt's write buffer may keep it by reference
    const int read = BIO_read(m_out, bytes.data(), int(bytes.size()));
    if (read <= 0 || m_tcp->state() != QAbstractSocket::ConnectedState)
        return;
    bytes.truncate(read);
    SocketWrite::now(m_tcp, bytes);
}

void UpstreamSocket::announceSession()
{
    if (m_record.sessionArrived && m_tls == Tls::Up && m_trustVerdict.isEmpty()) {
        m_record.sessionArrived = false;
        Q_EMIT sessionReceived();
    }
}

void UpstreamSocket::failTls(const QString &text)
{
    const bool handshake = m_tls == Tls::Handshake;
    m_tls = Tls::Failed;
    m_tlsError = true;
    m_tcp->abort();
    setErrorString(text);
    Q_EMIT errorOccurred(handshake ? QAbstractSocket::SslHandshakeFailedError : QAbstractSocket::SslInternalError);
}

// From within readData() or writeData(): nothing more is decrypted or sent from now on, and the connection is aborted
// and the error signalled once the caller's read or write has returned.
void UpstreamSocket::failTlsLater(const QString &text)
{
    m_tls = Tls::Failed;
    m_tlsError = true;
    QMetaObject::invokeMethod(
        this,
        [this, text] {
            flushOutput(); // the alert OpenSSL queued for the server, if any
            m_tcp->abort();
            setErrorString(text);
            Q_EMIT errorOccurred(QAbstractSocket::SslInternalError);
        },
        Qt::QueuedConnection);
}

} // namespace mailshim
