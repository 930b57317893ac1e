// End to end for SMTP: MailShim's SMTP listeners in front of the real Postfix of PostfixFixture (SMTPS for `tls`,
// submission for `starttls`), and a POP3 listener in front of the Dovecot behind it. Real clients (curl, Python's
// smtplib, msmtp) send plain SMTP to MailShim; every message is read back through MailShim's POP3 listener and must
// be the sent bytes with only the trace headers of Postfix and Dovecot in front.
//
// The engine runs in process, on its own thread: the stored passwords come from a MemoryCredentialStore given to
// Engine::setPasswordSource, and the clients are programs that the test thread waits for (TestProcess, PopClients)
// while the engine's event loop goes on serving them.

#include "core/configloader.h"
#include "engine/engine.h"
#include "enginetestbed.h"
#include "memorycredentialstore.h"
#include "popclients.h"
#include "postfixfixture.h"
#include "testfiles.h"
#include "testprocess.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <functional>

using namespace mailshim;

namespace {

const QString kOutside = QStringLiteral("carol@elsewhere.test"); // a domain Postfix relays to only for the trusted

// An Engine living on a thread of its own, so that the test thread may block on a client program meanwhile.
class EngineThread
{
public:
    EngineThread()
    {
        m_thread.start();
        m_home.moveToThread(&m_thread);
        onEngineThread([this] {
            m_engine = new Engine;
            QObject::connect(m_engine, &Engine::logRecord, m_engine, [this](const LogRecord &record) {
                const QMutexLocker lock(&m_logMutex);
                m_log += record.listener + QStringLiteral(": ") + record.text + QLatin1Char('\n');
            });
        });
    }
    ~EngineThread()
    {
        onEngineThread([this] {
            delete m_engine;
            m_home.moveToThread(QCoreApplication::instance()->thread());
        });
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(EngineThread)

    template <typename F> void onEngineThread(F function)
    {
        QMetaObject::invokeMethod(&m_home, std::move(function), Qt::BlockingQueuedConnection);
    }

    // The store is the engine's PasswordSource: it is touched on the engine's thread only.
    bool start(const Config &config, MemoryCredentialStore *store)
    {
        onEngineThread([&] {
            m_engine->setPasswordSource(store);
            m_engine->apply(config);
        });
        return QTest::qWaitFor(
            [&] {
                bool all = true;
                onEngineThread([&] {
                    for (const ListenerConfig &l : config.listeners)
                        all = all && m_engine->status(l.name).state == ListenerStatus::State::Listening;
                });
                return all;
            },
            10000);
    }

    QString log() const
    {
        const QMutexLocker lock(&m_logMutex);
        return m_log;
    }

private:
    QThread m_thread;
    QObject m_home; // the context for calls on m_thread
    Engine *m_engine = nullptr;
    mutable QMutex m_logMutex;
    QString m_log;
};

// A text message that a careless relay would change: lines that are or start with dots, 8-bit UTF-8 in the body
// and a raw 8-bit header, a long line (under Postfix's 998), trailing white space.
QByteArray textMessage(const QString &tag, const QString &to)
{
    QByteArray m = "From: Alice <alice@example.org>\r\n"
                   "To: <" +
                   to.toUtf8() +
                   ">\r\n"
                   "Subject: through MailShim, " +
                   tag.toUtf8() +
                   " \xe2\x9c\x89\r\n"
                   "Date: Tue, 02 Jan 2024 10:00:00 +0000\r\n"
                   "Message-ID: <" +
                   QByteArray::number(QRandomGenerator::global()->generate64()) +
                   ".e2e@client.test>\r\n"
                   "MIME-Version: 1.0\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: 8bit\r\n"
                   "\r\n";
    m += "Stra\xc3\x9f"
         "e, \xc3\xa9t\xc3\xa9, \xe6\x9d\xb1\xe4\xba\xac, \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0\r\n";
    m += ".\r\n";
    m += "..\r\n";
    m += "...three\r\n";
    m += ". a dot and a space\r\n";
    m += ".\t a dot and a tab\r\n";
    m += "a line ending in dots..\r\n";
    m += "\r\n.\r\n\r\n"; // an empty line, a lone dot, an empty line: what a naive relay takes for the end
    m += "trailing blanks   \t\r\n";
    m += QByteArray(950, 'w') + "\r\n";
    for (int i = 1; i <= 300; ++i)
        m += (i % 7 == 0 ? "." : "") + QByteArray("line ") + QByteArray::number(i) + "\r\n";
    m += "the end.\r\n";
    return m;
}

// A message with one attachment of attachmentBytes bytes, base64 in 76-character lines.
QByteArray attachmentMessage(const QString &tag, const QString &to, qsizetype attachmentBytes)
{
    QByteArray data(attachmentBytes, Qt::Uninitialized);
    QRandomGenerator random(20240102);
    random.fillRange(reinterpret_cast<quint32 *>(data.data()), attachmentBytes / 4);
    for (qsizetype i = attachmentBytes / 4 * 4; i < attachmentBytes; ++i)
        data[i] = char(random.generate());
    const QByteArray encoded = data.toBase64();
    data.clear();
    QByteArray m =
        "From: Alice <alice@example.org>\r\nTo: <" + to.toUtf8() + ">\r\nSubject: a large attachment, " + tag.toUtf8() +
        "\r\nDate: Tue, 02 Jan 2024 11:00:00 +0000\r\nMessage-ID: <" +
        QByteArray::number(QRandomGenerator::global()->generate64()) +
        ".big@client.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"=-cut-here\"\r\n"
        "\r\nThis is a multi-part message in MIME format.\r\n--=-cut-here\r\nContent-Type: text/plain; "
        "charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nThe scan is attached. Gr\xc3\xbc\xc3\x9f"
        "e.\r\n.\r\n--=-cut-here\r\nContent-Type: application/octet-stream; name=\"scan.bin\"\r\n"
        "Content-Disposition: attachment; filename=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m.reserve(m.size() + encoded.size() + encoded.size() / 76 * 2 + 200);
    for (qsizetype at = 0; at < encoded.size(); at += 76)
        m += encoded.mid(at, 76) + "\r\n";
    m += "--=-cut-here--\r\n";
    return m;
}

// Empty if delivered is sent with nothing but trace headers (Return-Path, Delivered-To, Received) in front.
QString deliveryProblem(const QByteArray &sent, const QByteArray &delivered)
{
    if (!delivered.endsWith(sent)) {
        // Where the sent message starts in what was delivered (its first header line), then the first difference.
        const qsizetype start = delivered.indexOf(sent.left(sent.indexOf('\n') + 1));
        if (start < 0)
            return QStringLiteral("sent %1 bytes, got %2 without the sent first line: %3")
                .arg(sent.size())
                .arg(delivered.size())
                .arg(QString::fromUtf8(delivered.left(600)));
        qsizetype same = 0;
        while (same < sent.size() && start + same < delivered.size() && sent.at(same) == delivered.at(start + same))
            ++same;
        return QStringLiteral("sent %1 bytes, got %2 from the sent first line on; they differ from sent byte %3 on: "
                              "sent \"%4\", got \"%5\"")
            .arg(sent.size())
            .arg(delivered.size() - start)
            .arg(same)
            .arg(QString::fromUtf8(sent.mid(same, 60).toPercentEncoding(" ")),
                 QString::fromUtf8(delivered.mid(start + same, 60).toPercentEncoding(" ")));
    }
    static const QRegularExpression trace(QStringLiteral("^(Return-Path|Delivered-To|Received):"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QByteArray front = delivered.left(delivered.size() - sent.size());
    if (!front.isEmpty() && !front.endsWith("\r\n"))
        return QStringLiteral("the headers in front do not end a line: ") + QString::fromUtf8(front.right(200));
    for (const QByteArray &line : front.split('\n')) {
        if (line.isEmpty() || line.startsWith(' ') || line.startsWith('\t'))
            continue;
        if (!trace.match(QString::fromUtf8(line)).hasMatch())
            return QStringLiteral("a header other than a trace header was put in front: ") + QString::fromUtf8(line);
    }
    return {};
}

// smtpclient.py's one JSON line, or the client program's exit.
struct Sent
{
    TestProcess::Result process;
    QJsonObject json;
    bool ok() const { return json.isEmpty() ? process.succeeded() : json.value(QStringLiteral("ok")).toBool(); }
    int code() const { return json.value(QStringLiteral("code")).toInt(); }
    QString stage() const { return json.value(QStringLiteral("stage")).toString(); }
    QString reply() const { return json.value(QStringLiteral("reply")).toString(); }
    QString greeting() const { return json.value(QStringLiteral("ehlo")).toString(); }
    QString describe() const
    {
        return QString::fromUtf8(process.standardOutput.trimmed().left(2000)) + QStringLiteral(" | ") +
               process.describe();
    }
};

// What a smtpclient.py session does: --user/--password with --auth, --helo, --message, --to.
struct SmtplibOptions
{
    QString user;
    QString password;
    QString auth = QStringLiteral("auto");
    bool helo = false;
    QString to;
    QString messageFile; // empty: stop after RCPT
};

Sent smtplib(quint16 port, const SmtplibOptions &o)
{
    QStringList arguments{QStringLiteral(MAILSHIM_SMTPCLIENT_PY),
                          QStringLiteral("--host"),
                          QStringLiteral("127.0.0.1"),
                          QStringLiteral("--port"),
                          QString::number(port),
                          QStringLiteral("--mode"),
                          QStringLiteral("plain"), // the old client's side is plain SMTP on loopback
                          QStringLiteral("--from"),
                          PostfixFixture::address(PostfixFixture::user()),
                          QStringLiteral("--to"),
                          o.to,
                          QStringLiteral("--timeout"),
                          QStringLiteral("60")};
    if (!o.user.isEmpty())
        arguments << QStringLiteral("--user") << o.user << QStringLiteral("--password") << o.password
                  << QStringLiteral("--auth") << o.auth;
    if (o.helo)
        arguments << QStringLiteral("--helo");
    if (!o.messageFile.isEmpty())
        arguments << QStringLiteral("--message") << o.messageFile;
    TestProcess::Options options;
    options.timeoutMs = 120000;
    Sent sent;
    sent.process = TestProcess::run(QStringLiteral("python3"), arguments, options);
    sent.json = QJsonDocument::fromJson(sent.process.standardOutput.trimmed()).object();
    if (sent.json.isEmpty())
        sent.json.insert(QStringLiteral("ok"), false); // no JSON line: it broke
    return sent;
}

Sent curl(quint16 port, const QString &user, const QString &password, const QString &to, const QString &messageFile)
{
    TestProcess::Options options;
    options.timeoutMs = 120000;
    Sent sent;
    sent.process = TestProcess::run(
        QStringLiteral("curl"),
        {QStringLiteral("--silent"), QStringLiteral("--show-error"), QStringLiteral("--max-time"),
         QStringLiteral("110"), QStringLiteral("smtp://127.0.0.1:%1/client.test").arg(port),
         QStringLiteral("--mail-from"), PostfixFixture::address(PostfixFixture::user()), QStringLiteral("--mail-rcpt"),
         to, QStringLiteral("-u"), user + QLatin1Char(':') + password, QStringLiteral("--upload-file"), messageFile},
        options);
    return sent;
}

// msmtp with an account file of its own (msmtp wants it readable by its owner only). auth: "plain" or "login"; msmtp
// picks neither by itself without TLS, and the client's side of MailShim is plain.
Sent msmtp(const QString &workDir, quint16 port, const QString &auth, const QString &to, const QByteArray &message)
{
    const QString config = workDir + QStringLiteral("/msmtprc-%1").arg(port);
    const QByteArray text =
        "account mailshim\nhost 127.0.0.1\nport " + QByteArray::number(port) + "\ntls off\nauth " + auth.toUtf8() +
        "\nuser " + PostfixFixture::user().toUtf8() + "\npassword " + PostfixFixture::password().toUtf8() + "\nfrom " +
        PostfixFixture::address(PostfixFixture::user()).toUtf8() + "\ndomain client.test\ntimeout 60\n";
    Sent sent;
    QString error;
    if (!TestFiles::write(config, text, &error) ||
        !QFile::setPermissions(config, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        sent.process.standardError = error.toUtf8();
        return sent;
    }
    TestProcess::Options options;
    options.timeoutMs = 120000;
    options.standardInput = message;
    sent.process = TestProcess::run(QStringLiteral("msmtp"),
                                    {QStringLiteral("--file=") + config, QStringLiteral("--account=mailshim"),
                                     QStringLiteral("--read-envelope-from"), QStringLiteral("--"), to},
                                    options);
    return sent;
}

QJsonObject upstream(const QString &host, quint16 port, const QString &security, const QString &caFile)
{
    return QJsonObject{{QStringLiteral("host"), host},
                       {QStringLiteral("port"), port},
                       {QStringLiteral("security"), security},
                       {QStringLiteral("caFile"), caFile}};
}

// The file a user would write, read by ConfigLoader as the service reads it.
bool loadConfig(const QJsonArray &listeners, Config *config, QString *error)
{
    const QJsonObject file{{QStringLiteral("logLevel"), QStringLiteral("low")},
                           {QStringLiteral("timeouts"), QJsonObject{{QStringLiteral("connectSeconds"), 5},
                                                                    {QStringLiteral("tlsSeconds"), 10},
                                                                    {QStringLiteral("responseSeconds"), 30},
                                                                    {QStringLiteral("loginSeconds"), 60}}},
                           {QStringLiteral("listeners"), listeners}};
    const ConfigLoadResult loaded = ConfigLoader::fromJson(QJsonDocument(file).toJson());
    for (const ConfigIssue &issue : loaded.errors)
        *error += issue.toString() + QLatin1Char('\n');
    *config = loaded.config;
    return loaded.ok();
}

// Lines of Dovecot's POP3 post-login record: one per successful POP3 login.
int popLogins(const PostfixFixture &postfix)
{
    QFile file(postfix.dovecot().popLoginsFile());
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return int(file.readAll().count('\n'));
}

// The time (ms since the epoch) of the last recorded POP3 login, and from where.
qint64 lastPopLoginMs(const PostfixFixture &postfix, QString *address = nullptr)
{
    QFile file(postfix.dovecot().popLoginsFile());
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    const QList<QByteArray> fields = lines.last().split(' ');
    if (fields.size() != 2)
        return 0;
    if (address)
        *address = QString::fromLatin1(fields.first());
    return qint64(fields.last().toDouble() * 1000);
}

// The POP3 login ages (seconds) that Postfix's policy daemon weighed at its last decision on a recipient, and that
// decision ("OK": relay, "DUNNO": refused unless authenticated).
QList<double> lastPolicyDecision(const PostfixFixture &postfix, QString *action)
{
    static const QRegularExpression decision(QStringLiteral("login_ages=(\\S+) -> (\\S+)"));
    QList<double> ages;
    const QList<QByteArray> lines = postfix.policyLog().trimmed().split('\n');
    for (auto line = lines.crbegin(); line != lines.crend(); ++line) {
        const QRegularExpressionMatch match = decision.match(QString::fromUtf8(*line));
        if (!match.hasMatch())
            continue;
        *action = match.captured(2);
        if (match.captured(1) != QLatin1String("none")) {
            for (const QString &age : match.captured(1).split(QLatin1Char(',')))
                ages << age.toDouble();
        }
        break;
    }
    return ages;
}

void sleepUntil(qint64 epochMs)
{
    const qint64 wait = epochMs - QDateTime::currentMSecsSinceEpoch();
    if (wait > 0)
        QThread::msleep(wait);
}

} // namespace

class TestEndToEndPostfix : public QObject
{
    Q_OBJECT

private:
    PostfixFixture m_postfix;
    MemoryCredentialStore m_store;
    std::unique_ptr<EngineThread> m_engine;
    QHash<QString, quint16> m_ports; // listener name -> MailShim's port
    int m_sent = 0;

    QJsonObject listener(const QString &name, const QString &protocol, const QJsonObject &server)
    {
        const quint16 port = EngineTestbed::freePort();
        m_ports.insert(name, port);
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("protocol"), protocol},
                           {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                           {QStringLiteral("upstream"), server}};
    }

    quint16 smtpPort(const QString &mode) const
    {
        return mode == QLatin1String("tls") ? m_postfix.smtpsPort() : m_postfix.submissionPort();
    }

    // bob's mailbox empty, so that what is read back is exactly what this test sent.
    bool emptyBobsMailbox(QString *error)
    {
        if (!m_postfix.dovecot().waitForSessionsToEnd(10000)) {
            *error = QStringLiteral("a POP3 session did not end");
            return false;
        }
        return m_postfix.clearMailbox(PostfixFixture::secondUser(), error);
    }

    // Every message in bob's mailbox, read through MailShim's POP3 listener.
    PopClients::Result readBackThroughMailShim()
    {
        PopClients::Endpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = m_ports.value(QStringLiteral("pop"));
        endpoint.user = PostfixFixture::secondUser();
        endpoint.password = PostfixFixture::secondUserPassword();
        endpoint.mode = PopClients::Mode::Plain;
        return PopClients::poplibRetrAll(endpoint, m_postfix.dovecot().workDir());
    }

    QString diagnostics() const
    {
        return QStringLiteral("\n--- MailShim:\n") + m_engine->log().right(3000) + QStringLiteral("\n--- ") +
               m_postfix.diagnostics();
    }

    // The mail log since offset has a line of this Postfix service naming SASL user alice.
    bool postfixAuthenticatedAlice(const QString &mode, qsizetype offset) const
    {
        const QByteArray service = mode == QLatin1String("tls") ? "postfix/smtps/smtpd" : "postfix/submission/smtpd";
        for (const QByteArray &line : m_postfix.maillog().mid(offset).split('\n')) {
            if (line.contains(service) && line.contains("sasl_username=alice"))
                return true;
        }
        return false;
    }

    // Sends message to bob through listener with the client that sendBy runs, reads it back and compares.
    void sendAndReadBack(const QString &mode, const QByteArray &message,
                         const std::function<Sent(const QString &)> &sendBy, int timeoutMs)
    {
        QString error;
        QVERIFY2(emptyBobsMailbox(&error), qPrintable(error));
        const QString file = m_postfix.dovecot().workDir() + QStringLiteral("/sent-%1.eml").arg(++m_sent);
        QVERIFY2(TestFiles::write(file, message, &error), qPrintable(error));
        const qsizetype logStart = m_postfix.maillog().size();
        QElapsedTimer clock;
        clock.start();
        const Sent sent = sendBy(file);
        QVERIFY2(sent.ok(), qPrintable(sent.describe() + diagnostics()));
        const qint64 sentMs = clock.elapsed();
        QVERIFY2(m_postfix.waitForDelivery(PostfixFixture::secondUser(), 1, timeoutMs), qPrintable(diagnostics()));
        QVERIFY2(postfixAuthenticatedAlice(mode, logStart), qPrintable(diagnostics()));
        const PopClients::Result read = readBackThroughMailShim();
        QVERIFY2(read.ok, qPrintable(read.describe() + diagnostics()));
        QCOMPARE(read.messages.size(), qsizetype(1));
        const QString problem = deliveryProblem(message, read.messages.first());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("%lld bytes sent in %lld ms, read back after %lld ms", qint64(message.size()), sentMs, clock.elapsed());
    }

    static void addModes()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("tls (SMTPS)") << QStringLiteral("tls");
        QTest::newRow("starttls (submission)") << QStringLiteral("starttls");
    }

private Q_SLOTS:
    void initTestCase()
    {
        PopClients::setTimeoutMs(120000);
        QString error;
        QVERIFY2(m_postfix.start(&error), qPrintable(error));
        const QString host = m_postfix.tlsHostName(); // "localhost", the name in the certificate
        const QString ca = m_postfix.caFile();
        QJsonObject scannerTls = listener(QStringLiteral("scanner-tls"), QStringLiteral("smtp"),
                                          upstream(host, m_postfix.smtpsPort(), QStringLiteral("tls"), ca));
        QJsonObject scannerStarttls =
            listener(QStringLiteral("scanner-starttls"), QStringLiteral("smtp"),
                     upstream(host, m_postfix.submissionPort(), QStringLiteral("starttls"), ca));
        for (QJsonObject *scanner : {&scannerTls, &scannerStarttls}) {
            scanner->insert(QStringLiteral("clientAuth"), QStringLiteral("optional"));
            scanner->insert(QStringLiteral("user"), PostfixFixture::user());
            scanner->insert(QStringLiteral("storedPassword"), true);
        }
        const QJsonArray listeners{
            listener(QStringLiteral("pop"), QStringLiteral("pop3"),
                     upstream(host, m_postfix.dovecot().pop3sPort(), QStringLiteral("tls"), ca)),
            listener(QStringLiteral("tls"), QStringLiteral("smtp"),
                     upstream(host, m_postfix.smtpsPort(), QStringLiteral("tls"), ca)),
            listener(QStringLiteral("starttls"), QStringLiteral("smtp"),
                     upstream(host, m_postfix.submissionPort(), QStringLiteral("starttls"), ca)),
            scannerTls,
            scannerStarttls,
        };
        Config config;
        QVERIFY2(loadConfig(listeners, &config, &error), qPrintable(error));
        m_engine = std::make_unique<EngineThread>();
        QVERIFY2(m_engine->start(config, &m_store), qPrintable(m_engine->log()));
    }

    void cleanupTestCase()
    {
        if (m_engine) {
            const QString log = m_engine->log();
            QVERIFY2(!log.contains(PostfixFixture::password()), "a password reached MailShim's log");
            QVERIFY2(!log.contains(PostfixFixture::secondUserPassword()), "a password reached MailShim's log");
        }
        m_engine.reset();
        m_postfix.stop();
    }

    // curl, msmtp and smtplib (AUTH PLAIN with an initial response, AUTH LOGIN with both prompts) through both modes.
    void clientsSendThroughMailShim_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("client");
        for (const char *mode : {"tls", "starttls"}) {
            for (const char *client :
                 {"curl", "msmtp (AUTH PLAIN)", "msmtp (AUTH LOGIN)", "smtplib (AUTH PLAIN)", "smtplib (AUTH LOGIN)"})
                QTest::newRow(qPrintable(QStringLiteral("%1 via %2").arg(QLatin1String(client), QLatin1String(mode))))
                    << QString::fromLatin1(mode) << QString::fromLatin1(client);
        }
    }
    void clientsSendThroughMailShim()
    {
        QFETCH(QString, mode);
        QFETCH(QString, client);
        const quint16 port = m_ports.value(mode);
        const QString to = PostfixFixture::address(PostfixFixture::secondUser());
        const QByteArray message = textMessage(client + QStringLiteral(" via ") + mode, to);
        const QString mechanism =
            client.contains(QLatin1String("LOGIN")) ? QStringLiteral("login") : QStringLiteral("plain");
        sendAndReadBack(
            mode, message,
            [&](const QString &file) {
                if (client == QLatin1String("curl"))
                    return curl(port, PostfixFixture::user(), PostfixFixture::password(), to, file);
                if (client.startsWith(QLatin1String("msmtp")))
                    return msmtp(m_postfix.dovecot().workDir(), port, mechanism, to, message);
                SmtplibOptions o;
                o.user = PostfixFixture::user();
                o.password = PostfixFixture::password();
                o.auth = mechanism;
                o.to = to;
                o.messageFile = file;
                return smtplib(port, o);
            },
            20000);
    }

    // One 30 MB attachment (about 40 MB of base64) per mode: curl through tls, smtplib through starttls.
    void largeAttachment_data() { addModes(); }
    void largeAttachment()
    {
        QFETCH(QString, mode);
        const quint16 port = m_ports.value(mode);
        const QString to = PostfixFixture::address(PostfixFixture::secondUser());
        const QByteArray message = attachmentMessage(mode, to, 30 * 1000 * 1000);
        sendAndReadBack(
            mode, message,
            [&](const QString &file) {
                if (mode == QLatin1String("tls"))
                    return curl(port, PostfixFixture::user(), PostfixFixture::password(), to, file);
                SmtplibOptions o;
                o.user = PostfixFixture::user();
                o.password = PostfixFixture::password();
                o.to = to;
                o.messageFile = file;
                return smtplib(port, o);
            },
            100000);
    }

    // clientAuth "optional": a client that says only HELO and never logs in sends as the listener's user with the
    // stored password. Without a stored password it is refused with a temporary failure, and nothing is sent.
    void heloOnlyClientSendsWithStoredPassword_data() { addModes(); }
    void heloOnlyClientSendsWithStoredPassword()
    {
        QFETCH(QString, mode);
        const quint16 port = m_ports.value(QStringLiteral("scanner-") + mode);
        const CredentialKey key{m_postfix.tlsHostName(), smtpPort(mode), PostfixFixture::user()};
        const QString to = PostfixFixture::address(PostfixFixture::secondUser());
        SmtplibOptions o;
        o.helo = true;
        o.to = to;

        m_engine->onEngineThread([&] { m_store.entries.remove(key.toString()); });
        const Sent refused = smtplib(port, o);
        QVERIFY2(!refused.ok() && refused.stage() == QLatin1String("mail") && refused.code() == 451 &&
                     refused.reply().contains(QLatin1String("no stored password")),
                 qPrintable(refused.describe() + diagnostics()));
        QVERIFY2(refused.greeting() == QLatin1String("MailShim"), qPrintable(refused.greeting()));

        m_engine->onEngineThread([&] {
            m_store.entries.insert(key.toString(), PostfixFixture::password().toUtf8());
            m_store.asked.clear();
        });
        const QByteArray message = textMessage(QStringLiteral("HELO only via ") + mode, to);
        sendAndReadBack(
            mode, message,
            [&](const QString &file) {
                o.messageFile = file;
                return smtplib(port, o);
            },
            20000);
        if (QTest::currentTestFailed())
            return;
        QList<CredentialKey> asked;
        m_engine->onEngineThread([&] { asked = m_store.asked; });
        QVERIFY2(asked.size() == 1 && asked.first() == key,
                 qPrintable(asked.isEmpty() ? QStringLiteral("the store was not asked") : asked.first().toString()));
    }

    // Without AUTH, MailShim itself refuses MAIL with 530: nothing to an outside domain reaches Postfix.
    void relayWithoutAuthIsRefused_data() { addModes(); }
    void relayWithoutAuthIsRefused()
    {
        QFETCH(QString, mode);
        const qsizetype logStart = m_postfix.maillog().size();
        const qsizetype relayedBefore = m_postfix.relayedMessages().size();
        SmtplibOptions o;
        o.to = kOutside;
        o.messageFile = m_postfix.dovecot().workDir() + QStringLiteral("/outside.eml");
        QString error;
        QVERIFY2(TestFiles::write(o.messageFile, textMessage(QStringLiteral("relay"), kOutside), &error),
                 qPrintable(error));
        const Sent sent = smtplib(m_ports.value(mode), o);
        QVERIFY2(!sent.ok() && sent.stage() == QLatin1String("mail") && sent.code() == 530 &&
                     sent.reply().startsWith(QLatin1String("5.7.0")),
                 qPrintable(sent.describe() + diagnostics()));
        QVERIFY(!m_postfix.waitForRelayed(int(relayedBefore) + 1, 1000));
        QVERIFY2(!m_postfix.maillog().mid(logStart).contains(kOutside.toUtf8()), qPrintable(diagnostics()));
    }

    // Postfix's 535 for a wrong password reaches the client as Postfix said it. (Last among the tests on this
    // fixture: Dovecot slows down logins from an address after a failure.)
    void wrongPasswordGetsPostfixs535_data() { addModes(); }
    void wrongPasswordGetsPostfixs535()
    {
        QFETCH(QString, mode);
        const qsizetype logStart = m_postfix.maillog().size();
        SmtplibOptions o;
        o.user = PostfixFixture::user();
        o.password = QStringLiteral("wrong-") + PostfixFixture::password();
        o.auth = QStringLiteral("plain");
        o.to = PostfixFixture::address(PostfixFixture::secondUser());
        const Sent sent = smtplib(m_ports.value(mode), o);
        QVERIFY2(!sent.ok() && sent.stage() == QLatin1String("auth") && sent.code() == 535,
                 qPrintable(sent.describe() + diagnostics()));
        // Postfix's own words ("535 5.7.8 Error: authentication failed: ..."), not MailShim's.
        QVERIFY2(m_postfix.waitForMaillog("authentication failed", logStart), qPrintable(diagnostics()));
        QVERIFY2(sent.reply().startsWith(QLatin1String("5.7.8 Error: authentication failed")),
                 qPrintable(sent.describe()));
    }

    // POP before SMTP against the real Postfix port that relays only after a POP3 login from the client's address,
    // on a fixture of its own: every POP3 login from 127.0.0.1 (all of MailShim's) opens that port's window for all of
    // 127.0.0.1, so the steps run in order, each knowing every login made so far.
    void popBeforeSmtp()
    {
        constexpr int serverWindow = 12; // Postfix's side (the policy daemon)
        constexpr int serverDelay = 2;
        constexpr int window = 10; // MailShim's (its shortest): a little shorter than the server's, as a careful user
        constexpr int delay = 3;   // sets it; the delay a little longer
        PostfixFixture postfix;
        postfix.setPopBeforeSmtp(serverWindow, serverDelay);
        QString error;
        QVERIFY2(postfix.start(&error), qPrintable(error));
        const QString host = postfix.tlsHostName();
        QJsonObject pop =
            listener(QStringLiteral("pbs-pop"), QStringLiteral("pop3"),
                     upstream(host, postfix.dovecot().pop3sPort(), QStringLiteral("tls"), postfix.caFile()));
        pop.insert(QStringLiteral("user"), PostfixFixture::user());
        pop.insert(QStringLiteral("storedPassword"), true);
        QJsonObject smtp =
            listener(QStringLiteral("pbs-smtp"), QStringLiteral("smtp"),
                     upstream(host, postfix.popBeforeSmtpPort(), QStringLiteral("starttls"), postfix.caFile()));
        smtp.insert(QStringLiteral("popBeforeSmtp"),
                    QJsonObject{{QStringLiteral("listener"), QStringLiteral("pbs-pop")},
                                {QStringLiteral("windowSeconds"), window},
                                {QStringLiteral("delaySeconds"), delay}});
        Config config;
        QVERIFY2(loadConfig({pop, smtp}, &config, &error), qPrintable(error));
        MemoryCredentialStore store;
        EngineThread engine;
        QVERIFY2(engine.start(config, &store), qPrintable(engine.log()));
        const quint16 pbsPort = m_ports.value(QStringLiteral("pbs-smtp"));
        const auto why = [&](const Sent &sent) {
            return sent.describe() + QStringLiteral("\n--- MailShim:\n") + engine.log().right(3000) +
                   QStringLiteral("\n--- ") + postfix.diagnostics();
        };
        const auto sendOutside = [&](const QString &tag, QByteArray *message) {
            *message = textMessage(tag, kOutside);
            SmtplibOptions o;
            o.to = kOutside;
            o.messageFile = postfix.dovecot().workDir() + QStringLiteral("/%1.eml").arg(tag);
            QString writeError;
            if (!TestFiles::write(o.messageFile, *message, &writeError))
                qFatal("%s", qPrintable(writeError));
            return smtplib(pbsPort, o);
        };
        const auto relayedIntact = [&](int count, const QByteArray &message) {
            if (!postfix.waitForRelayed(count))
                return QStringLiteral("not relayed");
            const QList<PostfixFixture::RelayedMessage> relayed = postfix.relayedMessages();
            if (relayed.size() != count || relayed.last().recipient != kOutside)
                return QStringLiteral("%1 relayed, the last to %2").arg(relayed.size()).arg(relayed.last().recipient);
            return deliveryProblem(message, relayed.last().content);
        };
        // Postfix itself refuses this computer now (no login from 127.0.0.1 within its window).
        const auto postfixRefusesLoopback = [&] {
            QStringList arguments{QStringLiteral(MAILSHIM_SMTPCLIENT_PY),
                                  QStringLiteral("--host"),
                                  QStringLiteral("127.0.0.1"),
                                  QStringLiteral("--port"),
                                  QString::number(postfix.popBeforeSmtpPort()),
                                  QStringLiteral("--mode"),
                                  QStringLiteral("plain"),
                                  QStringLiteral("--source"),
                                  QStringLiteral("127.0.0.1"),
                                  QStringLiteral("--from"),
                                  PostfixFixture::address(PostfixFixture::user()),
                                  QStringLiteral("--to"),
                                  kOutside};
            Sent direct;
            direct.process = TestProcess::run(QStringLiteral("python3"), arguments);
            direct.json = QJsonDocument::fromJson(direct.process.standardOutput.trimmed()).object();
            return direct.code() == 554 && direct.reply().contains(QLatin1String("Relay access denied"))
                       ? QString()
                       : direct.describe();
        };
        QByteArray message;

        // 1. No stored password, no POP3 login: MailShim says why, and nothing reaches the server's relay.
        QString refusal = postfixRefusesLoopback();
        QVERIFY2(refusal.isEmpty(), qPrintable(refusal));
        Sent sent = sendOutside(QStringLiteral("no-password"), &message);
        QVERIFY2(!sent.ok() && sent.stage() == QLatin1String("mail") && sent.code() == 451 &&
                     sent.reply().startsWith(QLatin1String("4.7.1")) &&
                     sent.reply().contains(QLatin1String("receive mail first")),
                 qPrintable(why(sent)));
        QCOMPARE(popLogins(postfix), 0);
        QCOMPARE(postfix.relayedMessages().size(), qsizetype(0));

        // 2. With a stored password MailShim logs in by POP3 itself, waits the delay, and the message goes out.
        const CredentialKey popKey{host, postfix.dovecot().pop3sPort(), PostfixFixture::user()};
        engine.onEngineThread([&] { store.entries.insert(popKey.toString(), PostfixFixture::password().toUtf8()); });
        QElapsedTimer clock;
        clock.start();
        sent = sendOutside(QStringLiteral("own-login"), &message);
        QVERIFY2(sent.ok() && sent.code() == 250, qPrintable(why(sent)));
        QVERIFY2(clock.elapsed() >= delay * 1000 - 100,
                 qPrintable(QStringLiteral("sent after %1 ms, within the delay").arg(clock.elapsed())));
        QCOMPARE(popLogins(postfix), 1);
        QString from;
        const qint64 ownLoginMs = lastPopLoginMs(postfix, &from);
        QCOMPARE(from, QStringLiteral("127.0.0.1"));
        refusal = relayedIntact(1, message);
        QVERIFY2(refusal.isEmpty(), qPrintable(refusal));

        // 3. Once MailShim's window has passed, the mail client's own POP3 session through MailShim's POP3 listener
        // is the login that counts: MailShim makes none of its own, waits what is left of the delay, and Postfix
        // (whose window for the first login has passed by then) relays on the strength of the client's login.
        sleepUntil(ownLoginMs + qMax(window, serverWindow - delay) * 1000 + 700);
        PopClients::Endpoint client;
        client.host = QStringLiteral("127.0.0.1");
        client.port = m_ports.value(QStringLiteral("pbs-pop"));
        client.user = PostfixFixture::user();
        client.password = PostfixFixture::password();
        const PopClients::Result stat = PopClients::poplib(client, {QStringLiteral("stat")});
        QVERIFY2(stat.ok, qPrintable(stat.describe()));
        QCOMPARE(popLogins(postfix), 2);
        const qint64 clientLoginMs = lastPopLoginMs(postfix);
        sent = sendOutside(QStringLiteral("client-login"), &message);
        QVERIFY2(sent.ok() && sent.code() == 250, qPrintable(why(sent)));
        QVERIFY2(QDateTime::currentMSecsSinceEpoch() - clientLoginMs >= delay * 1000 - 100,
                 "sent before the delay after the client's login");
        QCOMPARE(popLogins(postfix), 2); // no login by MailShim
        QString action;
        const QList<double> ages = lastPolicyDecision(postfix, &action);
        const auto counted = std::count_if(ages.begin(), ages.end(),
                                           [](double age) { return age >= serverDelay && age <= serverWindow; });
        QVERIFY2(action == QLatin1String("OK") && ages.size() == 2 && counted == 1,
                 qPrintable(QStringLiteral("Postfix relayed on the strength of more than the client's login: ") +
                            QString::fromUtf8(TestProcess::tail(postfix.policyLog(), 600))));
        refusal = relayedIntact(2, message);
        QVERIFY2(refusal.isEmpty(), qPrintable(refusal));

        // 4. After the window (the server's too: it refuses this computer again) MailShim logs in anew.
        sleepUntil(clientLoginMs + serverWindow * 1000 + 300);
        refusal = postfixRefusesLoopback();
        QVERIFY2(refusal.isEmpty(), qPrintable(refusal));
        sent = sendOutside(QStringLiteral("new-login"), &message);
        QVERIFY2(sent.ok() && sent.code() == 250, qPrintable(why(sent)));
        QCOMPARE(popLogins(postfix), 3);
        QVERIFY(lastPopLoginMs(postfix) > clientLoginMs);
        refusal = relayedIntact(3, message);
        QVERIFY2(refusal.isEmpty(), qPrintable(refusal));
        QVERIFY2(!engine.log().contains(PostfixFixture::password()), "a password reached MailShim's log");
    }
};

QTEST_GUILESS_MAIN(TestEndToEndPostfix)
#include "tst_e2e_postfix.moc"
