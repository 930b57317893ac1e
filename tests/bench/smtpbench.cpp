#include "smtpbench.h"

#include "benchpeers.h"
#include "postfixfixture.h"
#include "smtpbenchclient.h"
#include "testfiles.h"
#include "testprocess.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace {

using Transport = SmtpBenchClient::Transport;
using Target = SmtpBenchClient::Target;

constexpr qsizetype kLargeSize = 30 * 1024 * 1024;
constexpr int kSmallCount = 200;
constexpr qsizetype kSmallSize = 4096;
// Sessions run in blocks of this many per path, the paths taking turns (as in the POP3 session figure).
constexpr int kSessionBlock = 10;
constexpr int kDeliveryTimeoutMs = 180000;

const QString kLarge = QStringLiteral("30 MiB message, MiB/s");
const QString kSmall = QStringLiteral("200 x 4 KiB messages, msg/s");
const QString kSession = QStringLiteral("session, ms");
const QStringList kModes{QStringLiteral("tls"), QStringLiteral("starttls")};
const QStringList kVias{QStringLiteral("direct"), QStringLiteral("MailShim"), QStringLiteral("stunnel"),
                        QStringLiteral("hop")};

void say(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
    std::fflush(stderr);
}

void print(const QString &text)
{
    std::fprintf(stdout, "%s\n", qPrintable(text));
    std::fflush(stdout);
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll().trimmed()) : QString();
}

// utime + stime of a process in milliseconds (the forwarder's CPU cost does not move with the load as time does).
double cpuMs(qint64 pid)
{
    if (pid <= 0)
        return 0;
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) * 1000.0 / double(::sysconf(_SC_CLK_TCK));
}

// A message as it goes on the wire after DATA: CRLF lines, 76-column lines of noise (none starts with a dot, so no
// stuffing), exactly size octets.
QByteArray message(int number, qsizetype size)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    QByteArray text = "From: <" + PostfixFixture::address(PostfixFixture::user()).toLatin1() + ">\r\nTo: <" +
                      PostfixFixture::address(PostfixFixture::secondUser()).toLatin1() + ">\r\nSubject: smtp bench " +
                      QByteArray::number(number) + "\r\nMessage-ID: <smtp-bench-" + QByteArray::number(number) +
                      "@example.org>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\n";
    text.reserve(size + 80);
    quint32 state = 0x9e3779b9u ^ quint32(number);
    while (text.size() < size) {
        const qsizetype length = qMin<qsizetype>(76, size - text.size() - 2);
        for (qsizetype column = 0; column < length; ++column) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            text += alphabet[state % 64];
        }
        text += "\r\n";
    }
    return text;
}

void stopChild(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    TestProcess::stop(*process, 5000);
    process.reset();
}

// The forwarders in front of Postfix: mailshim-service with an SMTP listener per mode, stunnel with a service per
// mode, and two raw hops (this program run again with --raw-hop).
class SmtpPeers
{
public:
    SmtpPeers(const PostfixFixture &postfix, QString service, QString workDir)
        : m_postfix(postfix), m_service(std::move(service)), m_workDir(std::move(workDir))
    {
    }
    ~SmtpPeers() { stop(); }
    Q_DISABLE_COPY_MOVE(SmtpPeers)

    bool start(QString *error) { return startMailShim(error) && startStunnel(error) && startHops(error); }
    void stop()
    {
        stopChild(m_mailShim);
        stopChild(m_stunnel);
        stopChild(m_hopSmtps);
        stopChild(m_hopSubmission);
    }
    quint16 upstreamPort(const QString &mode) const
    {
        return mode == QLatin1String("tls") ? m_postfix.smtpsPort() : m_postfix.submissionPort();
    }
    quint16 port(const QString &via, const QString &mode) const { return m_ports.value(via + QLatin1Char('|') + mode); }
    // The process a path's bytes go through (0 for direct).
    qint64 forwarderPid(const QString &via, const QString &mode) const
    {
        const QProcess *process = via == QLatin1String("MailShim")  ? m_mailShim.get()
                                  : via == QLatin1String("stunnel") ? m_stunnel.get()
                                  : via == QLatin1String("hop")
                                      ? (mode == QLatin1String("tls") ? m_hopSmtps.get() : m_hopSubmission.get())
                                      : nullptr;
        return process ? process->processId() : 0;
    }

private:
    bool startMailShim(QString *error)
    {
        QJsonArray listeners;
        for (const QString &mode : kModes) {
            const quint16 port = BenchPeers::freePort();
            m_ports.insert(QStringLiteral("MailShim|") + mode, port);
            listeners.append(
                QJsonObject{{QStringLiteral("name"), QStringLiteral("smtp-") + mode},
                            {QStringLiteral("protocol"), QStringLiteral("smtp")},
                            {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                            {QStringLiteral("upstream"), QJsonObject{{QStringLiteral("host"), m_postfix.host()},
                                                                     {QStringLiteral("port"), upstreamPort(mode)},
                                                                     {QStringLiteral("security"), mode},
                                                                     {QStringLiteral("caFile"), m_postfix.caFile()}}},
                            {QStringLiteral("maxSessions"), 5000},
                            {QStringLiteral("failedAccountRetrySeconds"), 0}});
        }
        const QJsonObject config{{QStringLiteral("listeners"), listeners},
                                 {QStringLiteral("logLevel"), QStringLiteral("problems")}};
        const QString path = m_workDir + QStringLiteral("/mailshim-smtp.json");
        if (!TestFiles::write(path, QJsonDocument(config).toJson(), error))
            return false;
        m_mailShim = std::make_unique<QProcess>();
        return BenchPeers::startChild(m_mailShim.get(), m_service,
                                      {QStringLiteral("--console"), QStringLiteral("--config"), path},
                                      m_workDir + QStringLiteral("/mailshim-smtp.log"),
                                      {port(QStringLiteral("MailShim"), QStringLiteral("tls")),
                                       port(QStringLiteral("MailShim"), QStringLiteral("starttls"))},
                                      error);
    }

    bool startStunnel(QString *error)
    {
        QString program = BenchPeers::findProgram(QStringLiteral("stunnel4"));
        if (program.isEmpty())
            program = BenchPeers::findProgram(QStringLiteral("stunnel"));
        if (program.isEmpty()) {
            *error = QStringLiteral("stunnel not found (scripts/setup-debian.sh --bench installs stunnel4)");
            return false;
        }
        const quint16 tls = BenchPeers::freePort();
        const quint16 starttls = BenchPeers::freePort();
        m_ports.insert(QStringLiteral("stunnel|tls"), tls);
        m_ports.insert(QStringLiteral("stunnel|starttls"), starttls);
        // The same checks MailShim makes: the chain to the fixture's CA and the server's name (its IP here).
        const QString common = QStringLiteral("client = yes\nverifyChain = yes\nCAfile = %1\ncheckIP = %2\n")
                                   .arg(m_postfix.caFile(), m_postfix.host());
        const QString config =
            QStringLiteral("foreground = yes\npid =\ndebug = 3\n\n[smtps]\naccept = 127.0.0.1:%1\nconnect = %2:%3\n%4\n"
                           "[submission]\nprotocol = smtp\naccept = 127.0.0.1:%5\nconnect = %2:%6\n%4")
                .arg(tls)
                .arg(m_postfix.host())
                .arg(m_postfix.smtpsPort())
                .arg(common)
                .arg(starttls)
                .arg(m_postfix.submissionPort());
        const QString path = m_workDir + QStringLiteral("/stunnel-smtp.conf");
        if (!TestFiles::write(path, config.toUtf8(), error))
            return false;
        m_stunnel = std::make_unique<QProcess>();
        return BenchPeers::startChild(m_stunnel.get(), program, {path}, m_workDir + QStringLiteral("/stunnel-smtp.log"),
                                      {tls, starttls}, error);
    }

    bool startHops(QString *error)
    {
        const QString self = QCoreApplication::applicationFilePath();
        const auto start = [&](std::unique_ptr<QProcess> &process, const QString &mode) {
            const quint16 listen = BenchPeers::freePort();
            process = std::make_unique<QProcess>();
            if (!BenchPeers::startChild(
                    process.get(), self,
                    {QStringLiteral("--raw-hop"), QString::number(listen), QString::number(upstreamPort(mode))},
                    m_workDir + QStringLiteral("/rawhop-smtp-%1.log").arg(mode), {listen}, error))
                return false;
            m_ports.insert(QStringLiteral("hop|") + mode, listen);
            return true;
        };
        return start(m_hopSmtps, QStringLiteral("tls")) && start(m_hopSubmission, QStringLiteral("starttls"));
    }

    const PostfixFixture &m_postfix;
    QString m_service;
    QString m_workDir;
    std::unique_ptr<QProcess> m_mailShim;
    std::unique_ptr<QProcess> m_stunnel;
    std::unique_ptr<QProcess> m_hopSmtps;
    std::unique_ptr<QProcess> m_hopSubmission;
    QHash<QString, quint16> m_ports;
};

struct Path
{
    QString mode;
    QString via;
    Target target;
    qint64 forwarder = 0; // its pid, for its CPU time
};

class SmtpBench
{
public:
    SmtpBench(const SmtpBenchOptions &options, PostfixFixture &postfix, const SmtpPeers &peers)
        : m_options(options), m_postfix(postfix), m_large(message(1, kLargeSize)), m_small(message(2, kSmallSize))
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        tls.addCaCertificates(postfix.caFile(), QSsl::Pem); // read once, as a client keeping a trust store does
        for (const QString &mode : kModes) {
            for (const QString &via : kVias) {
                if (!options.modes.contains(mode) || !options.vias.contains(via))
                    continue;
                Target target;
                target.user = PostfixFixture::user().toUtf8();
                target.password = PostfixFixture::password().toUtf8();
                if (via == QLatin1String("direct") || via == QLatin1String("hop")) {
                    // The client does TLS itself (a full handshake every session, as the POP3 direct client does).
                    target.transport = mode == QLatin1String("tls") ? Transport::Tls : Transport::StartTls;
                    target.tls = tls;
                    target.tlsName = postfix.tlsHostName();
                    target.port = via == QLatin1String("direct") ? peers.upstreamPort(mode) : peers.port(via, mode);
                } else {
                    target.port = peers.port(via, mode); // plain SMTP on loopback, like an old client
                }
                m_paths.append({mode, via, target, peers.forwarderPid(via, mode)});
            }
        }
    }

    bool warmUp();
    void run(int number);
    void printTable() const;
    int errors() const { return m_errors; }

private:
    bool measureMessages(const Path &path, const QString &metric, const QByteArray &content, int count);
    void sessions();
    // Waits until Postfix has delivered every message sent so far (LMTP into Dovecot), so delivery of one path's
    // messages never runs while another path is measured.
    bool settle(const QString &what);
    void record(const Path &path, const QString &metric, double value)
    {
        m_samples[path.mode + QLatin1Char('|') + metric + QLatin1Char('|') + path.via].append(value);
    }
    void error(const Path &path, const QString &what, const QString &why)
    {
        ++m_errors;
        say(QStringLiteral("ERROR smtp %1 via %2, %3: %4").arg(path.mode, path.via, what, why));
    }
    QString cell(const QString &mode, const QString &metric, const QString &via) const;
    QString ratio(const QString &mode, const QString &metric, const QString &via) const;
    QByteArray sender() const { return PostfixFixture::address(PostfixFixture::user()).toLatin1(); }
    QByteArray recipient() const { return PostfixFixture::address(PostfixFixture::secondUser()).toLatin1(); }

    SmtpBenchOptions m_options;
    PostfixFixture &m_postfix;
    QByteArray m_large;
    QByteArray m_small;
    QList<Path> m_paths;
    QHash<QString, QList<double>> m_samples;
    int m_sent = 0; // messages accepted since the mailbox was last emptied
    int m_errors = 0;
};

bool SmtpBench::settle(const QString &what)
{
    if (!m_postfix.waitForDelivery(PostfixFixture::secondUser(), m_sent, kDeliveryTimeoutMs)) {
        ++m_errors;
        say(QStringLiteral("ERROR smtp %1: %2 of %3 messages delivered; %4")
                .arg(what)
                .arg(m_postfix.deliveredCount(PostfixFixture::secondUser()))
                .arg(m_sent)
                .arg(m_postfix.diagnostics()));
        return false;
    }
    return true;
}

bool SmtpBench::warmUp()
{
    // Postfix's smtpd and cleanup processes, Dovecot's auth and LMTP, and the page cache: nobody pays for starting
    // them.
    for (const Path &path : qAsConst(m_paths)) {
        QString why;
        SmtpBenchClient client;
        if (!client.open(path.target, &why) ||
            !(m_options.large ? client.send(sender(), recipient(), m_large, 1, false, &why) : true) ||
            !client.send(sender(), recipient(), m_small, 1, true, &why)) {
            error(path, QStringLiteral("warm-up"), why);
            return false;
        }
        m_sent += m_options.large ? 2 : 1;
    }
    QString why;
    if (!settle(QStringLiteral("warm-up")) || !m_postfix.clearMailbox(PostfixFixture::secondUser(), &why)) {
        say(QStringLiteral("ERROR smtp warm-up: %1").arg(why));
        return false;
    }
    m_sent = 0;
    return true;
}

bool SmtpBench::measureMessages(const Path &path, const QString &metric, const QByteArray &content, int count)
{
    QString why;
    SmtpBenchClient client;
    if (!client.open(path.target, &why)) {
        error(path, metric, why);
        return false;
    }
    const double cpuBefore = cpuMs(path.forwarder);
    QElapsedTimer timer;
    timer.start();
    const bool sent = client.send(sender(), recipient(), content, count, false, &why);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = cpuMs(path.forwarder) - cpuBefore;
    if (!sent || !client.quit(&why)) {
        error(path, metric, why);
        return false;
    }
    m_sent += count;
    const double units = metric == kLarge ? double(content.size()) * count / (1024.0 * 1024.0) : double(count);
    record(path, metric, units / seconds);
    if (path.forwarder)
        record(path, QStringLiteral("cpu ") + metric, cpu);
    return settle(metric);
}

void SmtpBench::sessions()
{
    struct Turn
    {
        const Path *path;
        qint64 nanoseconds = 0;
        double cpu = 0;
        bool failed = false;
    };
    QList<Turn> turns;
    for (const Path &path : qAsConst(m_paths))
        turns.append(Turn{&path});
    for (int done = 0; done < m_options.sessions; done += kSessionBlock) {
        const int count = qMin(kSessionBlock, m_options.sessions - done);
        for (Turn &turn : turns) {
            if (turn.failed)
                continue;
            QString why;
            const double cpuBefore = cpuMs(turn.path->forwarder);
            QElapsedTimer timer;
            timer.start();
            for (int i = 0; i < count; ++i) {
                // connect, (TLS), greeting, EHLO, (STARTTLS, EHLO), AUTH, one message, QUIT and the close
                SmtpBenchClient client;
                if (!(client.open(turn.path->target, &why) &&
                      client.send(sender(), recipient(), m_small, 1, true, &why))) {
                    error(*turn.path, kSession, why);
                    turn.failed = true;
                    break;
                }
                ++m_sent;
            }
            turn.nanoseconds += timer.nsecsElapsed();
            settle(kSession); // this block's deliveries stay out of the next path's block
            turn.cpu += cpuMs(turn.path->forwarder) - cpuBefore; // after settle: the close's work is done too
        }
    }
    for (const Turn &turn : qAsConst(turns)) {
        if (turn.failed)
            continue;
        record(*turn.path, kSession, double(turn.nanoseconds) / 1e6 / m_options.sessions);
        if (turn.path->forwarder)
            record(*turn.path, QStringLiteral("cpu ") + kSession, turn.cpu / m_options.sessions);
    }
}

void SmtpBench::run(int number)
{
    // Each run starts at another path, so no path is always the one after a given other.
    QList<Path> order = m_paths;
    if (!order.isEmpty())
        std::rotate(order.begin(), order.begin() + (number - 1) % order.size(), order.end());
    for (const Path &path : qAsConst(order)) {
        if (m_options.large && !measureMessages(path, kLarge, m_large, 1))
            continue;
        if (m_options.small)
            measureMessages(path, kSmall, m_small, kSmallCount);
    }
    if (m_options.sessionFigure)
        sessions();
    QString why;
    settle(QStringLiteral("run"));
    if (!m_postfix.clearMailbox(PostfixFixture::secondUser(), &why)) {
        ++m_errors;
        say(QStringLiteral("ERROR smtp: cannot empty the mailbox: %1").arg(why));
    }
    m_sent = 0;
    say(QStringLiteral("smtp run %1 done (load %2)").arg(number).arg(loadAverage()));
}

QString SmtpBench::cell(const QString &mode, const QString &metric, const QString &via) const
{
    const QList<double> values = m_samples.value(mode + QLatin1Char('|') + metric + QLatin1Char('|') + via);
    if (values.isEmpty())
        return QStringLiteral("n/a");
    const double value = median(values);
    return QString::number(value, 'f', value < 10 ? 2 : (value < 100 ? 1 : 0));
}

QString SmtpBench::ratio(const QString &mode, const QString &metric, const QString &via) const
{
    const QString prefix = mode + QLatin1Char('|') + metric + QLatin1Char('|');
    const QList<double> ours = m_samples.value(prefix + QStringLiteral("MailShim"));
    const QList<double> theirs = m_samples.value(prefix + via);
    if (ours.isEmpty() || theirs.isEmpty())
        return QStringLiteral("–");
    return QString::number(median(ours) / median(theirs), 'f', 2);
}

void SmtpBench::printTable() const
{
    print(
        QStringLiteral("| mode | figure | direct | MailShim | stunnel | raw hop | MailShim/direct | MailShim/stunnel | "
                       "MailShim/raw hop |"));
    print(QStringLiteral("|---|---|---:|---:|---:|---:|---:|---:|---:|"));
    for (const QString &metric : {kLarge, kSmall, kSession}) {
        for (const QString &mode : kModes) {
            QStringList row{mode, metric};
            for (const QString &via : kVias)
                row << cell(mode, metric, via);
            for (const QString &via : {QStringLiteral("direct"), QStringLiteral("stunnel"), QStringLiteral("hop")})
                row << ratio(mode, metric, via);
            print(QStringLiteral("| %1 |").arg(row.join(QStringLiteral(" | "))));
        }
    }
    print(QString());
    // The forwarder's own CPU time (utime + stime of its process, clock ticks of 10 ms: only sums over many messages
    // mean much): per 30 MiB message, per 200 small messages, per session.
    print(QStringLiteral("| mode | forwarder CPU time, median | MailShim | stunnel | raw hop | MailShim/stunnel |"));
    print(QStringLiteral("|---|---|---:|---:|---:|---:|"));
    for (const QString &metric : {kLarge, kSmall, kSession}) {
        const QString cpuMetric = QStringLiteral("cpu ") + metric;
        const QString unit = metric == kLarge   ? QStringLiteral("ms per 30 MiB message")
                             : metric == kSmall ? QStringLiteral("ms per 200 messages")
                                                : QStringLiteral("ms per session");
        for (const QString &mode : kModes) {
            print(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |")
                      .arg(mode, unit, cell(mode, cpuMetric, QStringLiteral("MailShim")),
                           cell(mode, cpuMetric, QStringLiteral("stunnel")),
                           cell(mode, cpuMetric, QStringLiteral("hop")),
                           ratio(mode, cpuMetric, QStringLiteral("stunnel"))));
        }
    }
    print(QString());
    // Every sample, for judging the spread on a busy machine.
    for (auto it = m_samples.cbegin(); it != m_samples.cend(); ++it) {
        QStringList values;
        for (double v : it.value())
            values << QString::number(v, 'f', v < 10 ? 2 : (v < 100 ? 1 : 0));
        say(QStringLiteral("samples %1: %2").arg(it.key(), values.join(QLatin1Char(' '))));
    }
}

} // namespace

int runSmtpBench(const SmtpBenchOptions &options)
{
    PostfixFixture postfix;
    say(QStringLiteral("starting Postfix and its Dovecot..."));
    QString why;
    if (!postfix.start(&why)) {
        say(QStringLiteral("Postfix: %1").arg(why));
        return 1;
    }
    SmtpPeers peers(postfix, options.service, postfix.dovecot().workDir());
    if (!peers.start(&why)) {
        say(why);
        return 1;
    }
    print(QStringLiteral("MailShim SMTP benchmark, %1, %2 CPUs, %3; runs %4, sessions %5; load at start %6")
              .arg(QDateTime::currentDateTime().toString(Qt::ISODate))
              .arg(QThread::idealThreadCount())
              .arg(QSysInfo::prettyProductName())
              .arg(options.runs)
              .arg(options.sessions)
              .arg(loadAverage()));
    print(QString());
    SmtpBench bench(options, postfix, peers);
    if (bench.warmUp()) {
        for (int run = 1; run <= options.runs; ++run)
            bench.run(run);
        bench.printTable();
    }
    print(QStringLiteral("smtp load at end: %1; errors: %2").arg(loadAverage()).arg(bench.errors()));
    peers.stop();
    return bench.errors();
}
