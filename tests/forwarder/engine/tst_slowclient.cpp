// The relay's back-pressure path with a real slow client: a client thread with a small receive buffer that reads a
// little at a time, against an in-process Engine and a fake server that sends a large message and then closes. The
// server is gone long before the client has read the mail, so what MailShim still holds must reach the client in
// full, in order, and then the session must end the way the server ended it: cleanly after QUIT, or with a plain
// close (no invented terminator) when the server dropped in the middle of the message.

#include "enginetestbed.h"
#include "fakepop3server.h"
#include "testpki.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

using namespace mailshim;

namespace {

// A blocking POP3 client on its own thread, so its slowness is real: the engine's event loop keeps running and
// sees the client's socket fill up. Reads at most `chunk` bytes every `pauseMs`.
class SlowClient
{
public:
    SlowClient(quint16 port, QByteArray afterLogin, int chunk, int pauseMs)
        : m_port(port), m_afterLogin(std::move(afterLogin)), m_chunk(chunk), m_pauseMs(pauseMs)
    {
    }
    ~SlowClient()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(SlowClient)

    void start()
    {
        m_thread = std::thread([this] { run(); });
    }
    bool loggedIn() const { return m_loggedIn.load(); }
    void go() { m_go.store(true); } // after the login: send the commands and start the slow reading
    bool done() const { return m_done.load(); }
    qint64 bytesRead() const { return m_bytesRead.load(); }
    // After done(): everything received after the login reply, whether the connection ended with an orderly close
    // (EOF) and what went wrong otherwise.
    const QByteArray &received() const { return m_received; }
    bool sawEof() const { return m_eof; }
    const QString &error() const { return m_error; }

private:
    void run()
    {
        runSession();
        if (m_fd >= 0)
            ::close(m_fd);
        m_done.store(true);
    }

    void runSession()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 16 * 1024; // before connect, so the window stays small
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        timeval timeout{20, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
            m_error = QStringLiteral("connect: %1").arg(errno);
            return;
        }
        QByteArray line;
        if (!readLine(&line) || !line.startsWith("+OK") || !sendAll("USER alice\r\n") || !readLine(&line) ||
            !sendAll("PASS secret\r\n") || !readLine(&line) || line != "+OK logged in\r\n") {
            m_error = QStringLiteral("login failed: %1").arg(QString::fromLatin1(line));
            return;
        }
        m_loggedIn.store(true);
        while (!m_go.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (!sendAll(m_afterLogin)) {
            m_error = QStringLiteral("send failed");
            return;
        }
        QByteArray buffer(m_chunk, Qt::Uninitialized);
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(m_pauseMs));
            const ssize_t n = ::recv(m_fd, buffer.data(), size_t(buffer.size()), 0);
            if (n == 0) {
                m_eof = true;
                return;
            }
            if (n < 0) {
                m_error = QStringLiteral("recv: errno %1 after %2 bytes").arg(errno).arg(m_received.size());
                return;
            }
            m_received.append(buffer.constData(), n);
            m_bytesRead.store(m_received.size());
        }
    }

    bool sendAll(const QByteArray &bytes)
    {
        return ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == ssize_t(bytes.size());
    }

    // One line, byte by byte: nothing after it is consumed before the slow reading starts.
    bool readLine(QByteArray *line)
    {
        line->clear();
        char c = 0;
        while (::recv(m_fd, &c, 1, 0) == 1) {
            line->append(c);
            if (c == '\n')
                return true;
        }
        return false;
    }

    quint16 m_port;
    QByteArray m_afterLogin;
    int m_chunk;
    int m_pauseMs;
    int m_fd = -1;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    std::atomic<bool> m_loggedIn{false};
    std::atomic<bool> m_go{false};
    std::atomic<qint64> m_bytesRead{0};
    QByteArray m_received;
    bool m_eof = false;
    QString m_error;
};

// A message of 78-column lines (none starts with a dot), `size` bytes with its CRLFs.
QByteArray bigMessage(qsizetype size)
{
    QByteArray message;
    message.reserve(size);
    for (int line = 0; message.size() + 80 <= size; ++line)
        message += QByteArray::number(line).rightJustified(8, '0') + QByteArray(70, char('a' + line % 26)) + "\r\n";
    message += QByteArray(size - message.size() - 2, 'z') + "\r\n";
    return message;
}

} // namespace

class TestSlowClient : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;

    // Once the client has logged in: notes when the fake server's socket closes (all it wrote is in the kernel by
    // then) and how much the client had read at that moment, then lets the client send its commands.
    static void watchServerCloseAndGo(FakePop3Server &server, bool *closed, qint64 *clientBytesThen, SlowClient &client)
    {
        QTRY_VERIFY_WITH_TIMEOUT(client.loggedIn() || client.done(), 10000);
        QCOMPARE(server.findChildren<QSslSocket *>().size(), 1);
        for (QSslSocket *socket : server.findChildren<QSslSocket *>()) {
            QObject::connect(socket, &QAbstractSocket::disconnected, socket, [closed, clientBytesThen, &client] {
                if (!*closed)
                    *clientBytesThen = client.bytesRead();
                *closed = true;
            });
        }
        client.go();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>(m_dir.path());
        QString error;
        QVERIFY2(m_pki->createServerSet(&error), qPrintable(error));
    }

    void serverQuitsWhileClientIsSlow_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::addColumn<int>("size");
        // 2 MiB fits in the buffers on the way (the server closes at once); 12 MiB does not (it closes while the
        // client is still megabytes behind).
        QTest::newRow("plain, 2 MiB") << false << 2 * 1024 * 1024;
        QTest::newRow("plain, 12 MiB") << false << 12 * 1024 * 1024;
        QTest::newRow("tls, 2 MiB") << true << 2 * 1024 * 1024;
        QTest::newRow("tls, 12 MiB") << true << 12 * 1024 * 1024;
    }
    // RETR and QUIT pipelined (the client's own choice): the server sends the mail, +OK to QUIT, and closes at once.
    void serverQuitsWhileClientIsSlow()
    {
        QFETCH(bool, tls);
        QFETCH(int, size);
        FakePop3Server::Behaviour b;
        b.implicitTls = tls;
        b.message = bigMessage(size);
        FakePop3Server server(b);
        if (tls)
            server.setTlsConfiguration(m_pki->serverConfiguration(QStringLiteral("good")));
        EngineTestbed bed;
        QVERIFY(bed.start(tls ? EngineTestbed::upstream(server.listenLocal(), Security::Tls, m_pki->caCertFile())
                              : EngineTestbed::upstream(server.listenLocal(), Security::Plain)));

        // At most 64 KiB (in practice what a 16 KiB receive buffer holds) every 2 ms: far slower than loopback.
        SlowClient client(bed.port(), "RETR 1\r\nQUIT\r\n", 64 * 1024, 2);
        client.start();
        bool serverClosed = false;
        qint64 clientBytesThen = -1;
        watchServerCloseAndGo(server, &serverClosed, &clientBytesThen, client);
        QTRY_VERIFY_WITH_TIMEOUT(client.done(), 60000);

        QVERIFY2(client.error().isEmpty(), qPrintable(client.error()));
        QVERIFY(client.sawEof());
        const QByteArray expected = "+OK message follows\r\n" + b.message + ".\r\n+OK bye\r\n";
        QCOMPARE(client.received().size(), expected.size());
        QVERIFY(client.received() == expected); // complete, in order, byte for byte
        QVERIFY(server.receivedCommand("QUIT"));
        QVERIFY(serverClosed);
        qInfo("the server closed when the client had read %lld of %lld bytes", clientBytesThen,
              qint64(expected.size()));
        // The point of the test: the server was gone while the client still had mail to read from MailShim (the
        // margin is below what MailShim alone buffers, so small kernel socket buffers elsewhere cannot fail it).
        QVERIFY2(clientBytesThen < expected.size() - 256 * 1024,
                 qPrintable(QStringLiteral("client had %1 bytes when the server closed").arg(clientBytesThen)));
        QVERIFY(bed.waitForLog(QStringLiteral("session ended: session ended with QUIT")));
        QVERIFY(!bed.logContains(QStringLiteral("server closed the connection")));
    }

    // No QUIT: the server drops after part of the message. The client gets every byte the server sent, then a
    // close, never an invented terminator, even though the drop happened long before it read those bytes.
    void serverDropsWhileClientIsSlow()
    {
        FakePop3Server::Behaviour b;
        b.message = bigMessage(12 * 1024 * 1024);
        b.dropRetrAfterBytes = 10 * 1024 * 1024;
        FakePop3Server server(b);
        EngineTestbed bed;
        QVERIFY(bed.start(EngineTestbed::upstream(server.listenLocal(), Security::Plain)));

        SlowClient client(bed.port(), "RETR 1\r\n", 64 * 1024, 2);
        client.start();
        bool serverClosed = false;
        qint64 clientBytesThen = -1;
        watchServerCloseAndGo(server, &serverClosed, &clientBytesThen, client);
        QTRY_VERIFY_WITH_TIMEOUT(client.done(), 60000);

        QVERIFY2(client.error().isEmpty(), qPrintable(client.error()));
        QVERIFY(client.sawEof());
        const QByteArray expected = "+OK message follows\r\n" + b.message.left(b.dropRetrAfterBytes);
        QCOMPARE(client.received().size(), expected.size());
        QVERIFY(client.received() == expected);
        QVERIFY(serverClosed);
        qInfo("the server closed when the client had read %lld of %lld bytes", clientBytesThen,
              qint64(expected.size()));
        QVERIFY2(clientBytesThen < expected.size() - 256 * 1024,
                 qPrintable(QStringLiteral("client had %1 bytes when the server closed").arg(clientBytesThen)));
        QVERIFY(bed.waitForLog(QStringLiteral("server closed the connection in the middle of a message")));
    }
};

QTEST_GUILESS_MAIN(TestSlowClient)
#include "tst_slowclient.moc"
