#pragma once

// UpstreamSocket: MailShim's connection to a mail server. TCP (a QTcpSocket), and TLS on it done with OpenSSL
// directly, either at once (port 995) or after STLS. Reads and writes plaintext like any QIODevice.
//
// Why not QSslSocket: it builds a TLS context and copies certificates for every socket, and keeps resumable
// sessions only as encoded tickets to decode again. MailShim opens one upstream connection per client session,
// so that was most of a resumed session's cost. Here the context is shared (TlsClientContext) and sessions stay
// in memory (TlsSessionCache).
//
// Trust is decided here, once the handshake is over and before a byte of POP3 is read or written: the chain
// problems OpenSSL found, the host name (checked on every connection, resumed or not) and the pin, judged under
// the TlsPolicy by TlsVerifier. A certificate that is not accepted aborts the connection and emits rejected();
// encrypted() means accepted.

#include "net/tlsclientcontext.h"
#include "net/tlspolicy.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QIODevice>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <memory>

class QTcpSocket;

namespace mailshim {

class UpstreamSocket final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamSocket)

public:
    explicit UpstreamSocket(QObject *parent = nullptr);
    ~UpstreamSocket() override;

    void connectToHost(const QString &host, quint16 port);
    // Starts TLS on the connected socket. host: the name the certificate must carry; resume: a session from the
    // same context to offer the server (may be null).
    void startClientEncryption(std::shared_ptr<TlsClientContext> context, const QString &host, const TlsPolicy &policy,
                               std::shared_ptr<SSL_SESSION> resume);

    // TLS is up and the server's certificate accepted.
    bool isEncrypted() const { return m_tls == Tls::Up; }
    QAbstractSocket::SocketState state() const;
    QHostAddress peerAddress() const;
    quint16 peerPort() const;
    void setLowDelay();
    // Back-pressure: at most this much is read ahead, as ciphertext and again as plaintext (0: no limit).
    void setReadBufferSize(qint64 size);
    // Nothing more is sent (no close_notify, no queued bytes).
    void abort();
    // Sends what is queued (and a TLS close_notify), then closes.
    void disconnectFromHost();

    // After encrypted(): "TLSv1.3, TLS_AES_256_GCM_SHA384".
    QString tlsDescription() const;
    bool sessionResumed() const;
    // The problems a matching pin overrode (empty when the chain was trusted as it is).
    QList<QSslError> acceptedDespite() const { return m_acceptedDespite; }
    // The newest resumable session of this connection, once its certificate was accepted; else null.
    std::shared_ptr<SSL_SESSION> session() const;
    const std::shared_ptr<TlsClientContext> &tlsContext() const { return m_context; }
    // TlsVerifier::spkiSha256 of the server's key (the pinSha256 format), once the handshake showed it; else empty.
    QByteArray peerKeySha256() const { return m_peerKeySha256; }
    // Once the handshake showed it: the server's certificate, and every problem the chain, name and clock checks
    // found in it (before any pin is considered). Made from OpenSSL's copy when asked (only the wizard's probe asks):
    // a Qt copy kept by every connection cost each idle TLS session about 9 KiB (docs/benchmarks.md).
    QSslCertificate peerCertificate() const;
    QList<QSslError> peerErrors() const;

    // For the setup wizard's probe only, which must show a certificate it cannot trust yet: a certificate that is not
    // accepted does not end the connection; encrypted() follows and trustVerdict() says why it was not accepted. The
    // caller must send no credential over such a connection (the probe sends only CAPA, STLS and QUIT). Set before
    // startClientEncryption().
    void setInspection(bool inspection) { m_inspection = inspection; }
    // After the handshake: empty when the certificate is accepted under the TlsPolicy (exactly the engine's decision),
    // else why not, in the words rejected() would have used.
    QString trustVerdict() const { return m_trustVerdict; }

    qint64 bytesAvailable() const override;
    // Bytes handed to the socket and not yet taken by the kernel (ciphertext, under TLS).
    qint64 bytesToWrite() const override;
    bool isSequential() const override { return true; }

Q_SIGNALS:
    void connected();
    void encrypted();
    void rejected(const QString &reason); // the certificate was not accepted; the connection is already aborted
    void sessionReceived();               // session() has a newer session
    void disconnected();
    void errorOccurred(QAbstractSocket::SocketError error); // errorString() says what
    // bytesWritten(n) (QIODevice): n bytes left for the server (ciphertext, under TLS).

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    enum class Tls { Off, Handshake, Up, Failed };

    void onTcpReadyRead();
    void onTcpDisconnected();
    void onTcpError(QAbstractSocket::SocketError error);
    void continueHandshake();
    QString judgePeer();      // empty: accepted
    bool askForMissingRoot(); // true: the system is asked (RootFetcher); the verdict follows when it answers
    void onRootsFetched();
    void finishHandshake();
    void decrypt(bool notify);
    void flushOutput();
    void announceSession();
    void failTls(const QString &text);
    void failTlsLater(const QString &text);

    // Inside readData() or writeData(): what the TCP socket signals then (a failed send closes it) waits until the
    // caller's read() or write() has returned, so no slot runs in the middle of it.
    struct DeviceCall
    {
        explicit DeviceCall(UpstreamSocket *socket) : m_socket(socket) { ++m_socket->m_deviceCalls; }
        ~DeviceCall() { --m_socket->m_deviceCalls; }
        DeviceCall(const DeviceCall &) = delete;
        DeviceCall &operator=(const DeviceCall &) = delete;
        UpstreamSocket *m_socket;
    };

    QTcpSocket *m_tcp;
    int m_deviceCalls = 0;
    SSL *m_ssl = nullptr;
    BIO *m_in = nullptr;  // reads the server's ciphertext out of m_tcp for OpenSSL (owned by m_ssl)
    BIO *m_out = nullptr; // ciphertext OpenSSL wrote, for the server (owned by m_ssl)
    Tls m_tls = Tls::Off;
    std::shared_ptr<TlsClientContext> m_context;
    TlsClientContext::Record m_record;
    TlsPolicy m_policy;
    QString m_host;
    QByteArray m_plain; // decrypted, not read yet
    qint64 m_readLimit = 0;
    bool m_peerClosedTls = false; // close_notify received
    bool m_tlsError = false;      // TLS failed (handshake, trust or a bad record): the session is not kept
    QList<QSslError> m_acceptedDespite;
    QByteArray m_peerKeySha256;
    bool m_peerJudged = false; // judgePeer() saw the server's certificate (OpenSSL keeps it with the session)
    QList<QSslError::SslError> m_peerErrors;
    bool m_inspection = false;
    bool m_rootAsked = false;                                  // RootFetcher asked once per connection at most
    QFutureWatcher<QList<QByteArray>> *m_rootAnswer = nullptr; // while the system is asked
    QString m_trustVerdict;
};

} // namespace mailshim
