// Roots on demand: when OpenSSL finds no trusted issuer for a server's chain, UpstreamSocket asks the system
// (RootFetcher; on Windows, CertGetCertificateChain, which downloads a root Windows trusts but does not hold yet) and
// decides again. Wine has no root download, so the system's part is stood in for by an injected fetcher; what is
// tested is MailShim's part: who is asked, with what, and that only the system's answer adds trust.

#include "net/rootfetcher.h"
#include "net/tlsclientcontext.h"
#include "net/upstreamsocket.h"
#include "testpki.h"

#include <QAtomicInt>
#include <QFile>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

namespace {

// Stands in for the system: answers with the roots it was given, and records what it was asked.
class FakeFetcher final : public RootFetcher
{
public:
    explicit FakeFetcher(QList<QByteArray> roots) : m_roots(std::move(roots)) {}
    QList<QByteArray> fetchRoots(const QList<QByteArray> &chain) const override
    {
        m_calls.fetchAndAddOrdered(1);
        m_lastChain = chain; // read by the test thread only after the answer came back
        return m_roots;
    }
    int calls() const { return m_calls.loadAcquire(); }
    QList<QByteArray> lastChain() const { return m_lastChain; }

private:
    QList<QByteArray> m_roots;
    mutable QAtomicInt m_calls;
    mutable QList<QByteArray> m_lastChain;
};

// A TLS server that presents one certificate and then greets.
class TlsServer final : public QTcpServer
{
public:
    explicit TlsServer(QSslConfiguration configuration) : m_configuration(std::move(configuration))
    {
        listen(QHostAddress::LocalHost, 0);
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        socket->setSocketDescriptor(descriptor);
        socket->setSslConfiguration(m_configuration);
        connect(socket, &QSslSocket::encrypted, socket, [socket] { socket->write("+OK hello\r\n"); });
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        socket->startServerEncryption();
    }

private:
    QSslConfiguration m_configuration;
};

struct Outcome
{
    bool encrypted = false;
    QString rejected;
    QByteArray greeting;
};

// One connection through the engine's TLS client with the system's roots only (no CA file).
Outcome connectOnce(quint16 port)
{
    Outcome outcome;
    QString error;
    const std::shared_ptr<TlsClientContext> context = TlsClientContext::forCaFile({}, &error);
    if (!context)
        return outcome;
    UpstreamSocket socket;
    QObject::connect(&socket, &UpstreamSocket::connected, &socket,
                     [&] { socket.startClientEncryption(context, QStringLiteral("localhost"), TlsPolicy{}, nullptr); });
    QObject::connect(&socket, &UpstreamSocket::encrypted, &socket, [&] { outcome.encrypted = true; });
    QObject::connect(&socket, &UpstreamSocket::rejected, &socket,
                     [&](const QString &reason) { outcome.rejected = reason; });
    QObject::connect(&socket, &UpstreamSocket::readyRead, &socket, [&] { outcome.greeting += socket.readAll(); });
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    (void)QTest::qWaitFor([&] { return !outcome.rejected.isEmpty() || outcome.greeting.endsWith("\r\n"); }, 10000);
    return outcome;
}

} // namespace

class TestRootFetcher : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;
    QByteArray m_caDer, m_leafDer;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
        m_caDer = QSslCertificate::fromPath(m_pki->caCertFile()).value(0).toDer();
        m_leafDer = QSslCertificate::fromPath(m_pki->certFile(QStringLiteral("good"))).value(0).toDer();
        QVERIFY(!m_caDer.isEmpty() && !m_leafDer.isEmpty());
    }

    void cleanup() { RootFetcher::setCurrent(nullptr); }

    // The order matters: once the system vouched for the test CA, the shared context trusts it for good.
    void withoutAnAnswerTheIssuerIsMissing()
    {
        TlsServer server(m_pki->serverConfiguration(QStringLiteral("good")));
        RootFetcher::setCurrent(nullptr);
        const Outcome none = connectOnce(server.serverPort());
        QVERIFY2(none.rejected.contains(QStringLiteral("issuer")), qPrintable(none.rejected));

        auto silent = std::make_shared<FakeFetcher>(QList<QByteArray>{});
        RootFetcher::setCurrent(silent);
        const Outcome asked = connectOnce(server.serverPort());
        QCOMPARE(silent->calls(), 1);
        QVERIFY2(asked.rejected.contains(QStringLiteral("issuer")), qPrintable(asked.rejected));
        QVERIFY(asked.greeting.isEmpty());
    }

    void aRootTheSystemTrustsIsAddedAndTheChainDecidedAgain()
    {
        TlsServer server(m_pki->serverConfiguration(QStringLiteral("good")));
        auto system = std::make_shared<FakeFetcher>(QList<QByteArray>{m_caDer});
        RootFetcher::setCurrent(system);
        const Outcome first = connectOnce(server.serverPort());
        QVERIFY2(first.rejected.isEmpty(), qPrintable(first.rejected));
        QVERIFY(first.encrypted);
        QCOMPARE(first.greeting, QByteArray("+OK hello\r\n")); // what the server sent while the system was asked
        QCOMPARE(system->calls(), 1);
        QCOMPARE(system->lastChain().value(0), m_leafDer); // the server's chain, leaf first

        // The root stays in the context: the next connection trusts it without asking.
        const Outcome second = connectOnce(server.serverPort());
        QVERIFY(second.encrypted && second.rejected.isEmpty());
        QCOMPARE(system->calls(), 1);
    }

    void otherProblemsAreNotTheSystemsToAnswer()
    {
        // A wrong host name is not a missing root: nobody is asked, and the name check still refuses.
        TlsServer server(m_pki->serverConfiguration(QStringLiteral("wronghost")));
        auto system = std::make_shared<FakeFetcher>(QList<QByteArray>{m_caDer});
        RootFetcher::setCurrent(system);
        const Outcome outcome = connectOnce(server.serverPort());
        QVERIFY2(!outcome.rejected.isEmpty(), "a wrong host name was accepted");
        QCOMPARE(system->calls(), 0);
    }

    void aRootForAnotherChainDoesNotHelp()
    {
        // A self-signed server certificate: the "root" the fetcher offers is the test CA, which did not sign it.
        TlsServer server(m_pki->serverConfiguration(QStringLiteral("selfsigned")));
        auto system = std::make_shared<FakeFetcher>(QList<QByteArray>{m_caDer});
        RootFetcher::setCurrent(system);
        const Outcome outcome = connectOnce(server.serverPort());
        QVERIFY2(!outcome.rejected.isEmpty(), "a self-signed certificate was accepted");
    }
};

QTEST_MAIN(TestRootFetcher)
#include "tst_rootfetcher.moc"
