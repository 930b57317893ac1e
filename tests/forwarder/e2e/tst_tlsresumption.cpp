// TLS session resumption upstream, against the real Dovecot: the second session to the same server resumes the
// first one's TLS session (visible on the wire: the ServerHello accepts a pre-shared key), and a resumed session
// still passes the host-name and pin checks. Dovecot resumes only within one login process, so this fixture runs
// pop3-login as a single long-lived process (its default starts one process per connection, each with its own
// ticket key: MailShim then simply does full handshakes, which tst_e2e_dovecot covers).

#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "net/tlsclientcontext.h"
#include "net/tlssessioncache.h"
#include "testclient.h"

#include <QFile>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace mailshim;

namespace {

// Does this server-to-client byte stream hold a TLS 1.3 ServerHello that accepts a pre-shared key (RFC 8446
// 4.2.11: extension 41 in the ServerHello means the server resumes)? nullopt while the ServerHello is not complete.
// Plain POP3 lines before it (STLS) never contain the record header 0x16 0x03 0x03.
std::optional<bool> serverAcceptsPsk(const QByteArray &stream)
{
    const qsizetype record = stream.indexOf(QByteArrayLiteral("\x16\x03\x03"));
    if (record < 0 || stream.size() < record + 9)
        return std::nullopt;
    const auto byte = [&](qsizetype i) { return int(quint8(stream.at(i))); };
    const qsizetype recordLength = byte(record + 3) << 8 | byte(record + 4);
    if (stream.size() < record + 5 + recordLength)
        return std::nullopt;
    qsizetype i = record + 5;
    if (byte(i) != 2) // not a ServerHello
        return false;
    i += 4 + 2 + 32;  // handshake header, legacy_version, random
    i += 1 + byte(i); // legacy_session_id_echo
    i += 2 + 1;       // cipher_suite, legacy_compression_method
    const qsizetype end = i + 2 + (byte(i) << 8 | byte(i + 1));
    for (i += 2; i + 4 <= end; i += 4 + (byte(i + 2) << 8 | byte(i + 3))) {
        if ((byte(i) << 8 | byte(i + 1)) == 41)
            return true;
    }
    return false;
}

// A TCP relay between MailShim and Dovecot that reads the ServerHello of every connection passing through.
class HelloTap final : public QObject
{
public:
    explicit HelloTap(quint16 target) : m_target(target)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, &HelloTap::onNewConnection);
    }
    quint16 port() const { return m_server.serverPort(); }
    // Per connection, in order: 1 resumed, 0 full handshake, -1 no ServerHello seen (yet).
    QList<int> results() const { return m_results; }

private:
    void onNewConnection()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            auto *server = new QTcpSocket(client);
            const int index = int(m_results.size());
            m_results.append(-1);
            auto seen = std::make_shared<QByteArray>();
            connect(client, &QTcpSocket::readyRead, server, [client, server] { server->write(client->readAll()); });
            connect(server, &QTcpSocket::readyRead, client, [this, client, server, index, seen] {
                const QByteArray bytes = server->readAll();
                if (m_results.at(index) < 0 && seen->size() < 65536) {
                    seen->append(bytes);
                    if (const std::optional<bool> resumed = serverAcceptsPsk(*seen))
                        m_results[index] = *resumed ? 1 : 0;
                }
                client->write(bytes);
            });
            connect(client, &QTcpSocket::disconnected, server, &QTcpSocket::disconnectFromHost);
            connect(server, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            server->connectToHost(QHostAddress::LocalHost, m_target);
        }
    }

    QTcpServer m_server;
    quint16 m_target;
    QList<int> m_results;
};

} // namespace

class TestTlsResumption : public QObject
{
    Q_OBJECT

private:
    DovecotFixture m_dovecot;

    // One session through the engine: login, STAT, QUIT; returns the reply to STAT.
    static QByteArray statThrough(quint16 port)
    {
        TestClient client;
        if (!client.connectTo(port))
            return "no connection";
        const QByteArray login = client.login(DovecotFixture::user().toUtf8(), DovecotFixture::password().toUtf8());
        if (!login.startsWith("+OK"))
            return "login: " + login;
        const QByteArray stat = client.command("STAT");
        client.command("QUIT");
        client.waitForClose();
        return stat;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // One login process that lives on: it keeps its ticket key, so it can resume sessions it started.
        m_dovecot.setExtraConfig(QStringLiteral("service pop3-login {\n  service_count = 0\n  process_limit = 1\n}"));
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
    }

    void secondSessionResumes_data()
    {
        QTest::addColumn<Security>("security");
        QTest::addColumn<bool>("pinned");
        QTest::newRow("tls") << Security::Tls << false;
        QTest::newRow("apop+tls") << Security::ApopTls << false;
        QTest::newRow("stls") << Security::Stls << false;
        QTest::newRow("tls, pinned") << Security::Tls << true;
    }

    void secondSessionResumes()
    {
        QFETCH(Security, security);
        QFETCH(bool, pinned);
        const bool implicitTls = security != Security::Stls;
        HelloTap tap(implicitTls ? m_dovecot.pop3sPort() : m_dovecot.pop3Port());
        UpstreamConfig upstream = EngineTestbed::upstream(tap.port(), security, m_dovecot.caFile());
        if (pinned) // the pin is checked on every connection: a resumed session must still show the server's key
            upstream.tls.pinSha256 = TestPki::publicKeySha256Hex(m_dovecot.pki()->certFile(QStringLiteral("server")));
        EngineTestbed bed;
        QVERIFY(bed.start(upstream));

        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(tap.results(), (QList<int>{0, 1, 1}));
        QVERIFY(bed.logContains(QStringLiteral("TLS established")));
    }

    void policiesDoNotShareSessions()
    {
        // The same server under two TLS policies (one pinned) gets two cache entries: a session verified under
        // one policy is never offered under the other.
        UpstreamConfig plainPolicy = EngineTestbed::upstream(m_dovecot.pop3sPort(), Security::Tls, m_dovecot.caFile());
        UpstreamConfig pinnedPolicy = plainPolicy;
        pinnedPolicy.tls.pinSha256 = TestPki::publicKeySha256Hex(m_dovecot.pki()->certFile(QStringLiteral("server")));
        const auto key = [](const UpstreamConfig &server) {
            return TlsSessionCache::key(server.host, server.effectivePort(), server.tls);
        };
        QVERIFY(key(plainPolicy) != key(pinnedPolicy));
        UpstreamConfig otherCa = plainPolicy;
        otherCa.tls.caFile = m_dovecot.workDir() + QStringLiteral("/other-ca.pem");
        QVERIFY(key(plainPolicy) != key(otherCa));
    }

    void clientLeavingWithoutQuitKeepsTheSession()
    {
        // The client drops after STAT: MailShim aborts the upstream connection without QUIT (nothing is committed) and
        // without a TLS close_notify. OpenSSL would then mark the connection's session not resumable, and that is
        // the very session object the cache holds: the next connection must still resume.
        HelloTap tap(m_dovecot.pop3sPort());
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(tap.port(), Security::Tls, m_dovecot.caFile())));
        {
            TestClient client;
            QVERIFY(client.connectTo(bed.port()));
            QCOMPARE(client.login(DovecotFixture::user().toUtf8(), DovecotFixture::password().toUtf8()).left(3),
                     QByteArray("+OK"));
            QCOMPARE(client.command("STAT").left(3), QByteArray("+OK"));
            client.socket().abort();
        }
        QVERIFY(bed.waitForLog(QStringLiteral("client disconnected without QUIT")));
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(tap.results(), (QList<int>{0, 1}));
    }

    void changedCaFileStartsOver()
    {
        // Sessions belong to the trust they were verified under: once the CA file's content changes, the next
        // connection does a full handshake (and a full chain check) instead of resuming.
        const QString caFile = m_dovecot.workDir() + QStringLiteral("/changing-ca.pem");
        QFile::remove(caFile);
        QVERIFY(QFile::copy(m_dovecot.caFile(), caFile));
        HelloTap tap(m_dovecot.pop3sPort());
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(tap.port(), Security::Tls, caFile)));
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QFile file(caFile);
        QVERIFY(file.open(QIODevice::Append));
        file.write("\n"); // the same CA, but not the same file
        file.close();
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(statThrough(bed.port()).left(3), QByteArray("+OK"));
        QCOMPARE(tap.results(), (QList<int>{0, 1, 0, 1}));
    }

    void cacheForgetsAndExpires()
    {
        QString error;
        const std::shared_ptr<TlsClientContext> context = TlsClientContext::forCaFile(m_dovecot.caFile(), &error);
        const std::shared_ptr<TlsClientContext> other = TlsClientContext::forCaFile(QString(), &error);
        QVERIFY2(context && other && context != other, qPrintable(error));
        const auto newSession = [] { // resumable: it has an ID
            std::shared_ptr<SSL_SESSION> session(SSL_SESSION_new(), SSL_SESSION_free);
            static const unsigned char id[] = {1, 2, 3, 4};
            SSL_SESSION_set1_id(session.get(), id, sizeof id);
            return session;
        };
        TlsSessionCache cache;
        const std::shared_ptr<SSL_SESSION> a = newSession();
        cache.store(QStringLiteral("a"), a, context, 3600);
        QCOMPARE(cache.session(QStringLiteral("a"), context.get()), a);
        QVERIFY(!cache.session(QStringLiteral("a"), other.get())); // verified under other CAs: never offered
        cache.store(QStringLiteral("c"), std::shared_ptr<SSL_SESSION>(SSL_SESSION_new(), SSL_SESSION_free), context,
                    3600);
        QVERIFY(!cache.session(QStringLiteral("c"), context.get())); // not resumable: never offered
        cache.forget(QStringLiteral("a"));
        QVERIFY(!cache.session(QStringLiteral("a"), context.get()));
        cache.store(QStringLiteral("b"), newSession(), context, 1);
        QTest::qWait(1100);
        QVERIFY(!cache.session(QStringLiteral("b"), context.get()));
        for (int i = 0; i < TlsSessionCache::kMaxEntries + 10; ++i)
            cache.store(QString::number(i), newSession(), context, 60);
        QVERIFY(cache.size() <= TlsSessionCache::kMaxEntries);
    }
};

QTEST_GUILESS_MAIN(TestTlsResumption)
#include "tst_tlsresumption.moc"
