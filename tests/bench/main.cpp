// mailshim-bench: MailShim against a direct connection, stunnel, stone and a raw hop, in one run, against a
// private Dovecot on loopback. Prints markdown tables of medians and MailShim's ratios. tests/bench/README.md explains
// the figures; tests/bench/run.sh installs the peers, builds a release and runs this.

#include "benchmailbox.h"
#include "benchpeers.h"
#include "concurrentsessions.h"
#include "dovecotfixture.h"
#include "popbenchclient.h"
#include "rawhop.h"
#include "smtpbench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSslConfiguration>
#include <QSysInfo>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace {

using Target = PopBenchClient::Target;
using Transport = PopBenchClient::Transport;
using Auth = PopBenchClient::Auth;

const QStringList kModes{QStringLiteral("tls"), QStringLiteral("stls"), QStringLiteral("apop"),
                         QStringLiteral("apop+tls")};
const QStringList kVias{QStringLiteral("direct"), QStringLiteral("MailShim"), QStringLiteral("stunnel"),
                        QStringLiteral("stone"), QStringLiteral("hop")};

struct Options
{
    int runs = 5;
    int sessions = 500;
    int concurrent = 1000;
    int idleSeconds = 30;
    QStringList parts{QStringLiteral("throughput"), QStringLiteral("sessions"), QStringLiteral("concurrency"),
                      QStringLiteral("idle"), QStringLiteral("smtp")};
    int smtpSessions = 100; // the SMTP part's sequential sessions per path and run
    QString service;
    // Narrowing for profiling (a callgrind run of just the small RETRs through MailShim); all by default.
    QStringList modes = kModes;
    QStringList vias = kVias;
    bool large = true;
    bool small = true;
    bool pipelined = true;
    bool modesSet = false;         // --modes given: the SMTP part takes its tls/starttls from it too
    bool smtpSessionFigure = true; // --figures without "session" leaves the SMTP session figure out
};

struct Path
{
    QString mode;
    QString via;
    Target target; // port 0: not available
    QString note;
};

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

// A field of /proc/<pid>/status in kB ("VmRSS"), or a count ("voluntary_ctxt_switches").
qint64 procStatus(qint64 pid, const QByteArray &field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// utime + stime of a process in milliseconds.
double cpuMs(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    const double ticks = fields.value(11).toDouble() + fields.value(12).toDouble(); // utime, stime
    return ticks * 1000.0 / double(::sysconf(_SC_CLK_TCK));
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll().trimmed()) : QString();
}

class Bench
{
public:
    Bench(Options options, DovecotFixture &dovecot, BenchPeers &peers)
        : m_options(std::move(options)), m_dovecot(dovecot), m_peers(peers)
    {
        // The direct client's TLS settings, with its trust store read once, as a long-running client keeps it:
        // the system store (on demand) plus the test CA.
        m_tls = QSslConfiguration::defaultConfiguration();
        m_tls.setProtocol(QSsl::TlsV1_2OrLater);
        m_tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        m_tls.addCaCertificates(dovecot.caFile(), QSsl::Pem);
    }

    void buildPaths(const QString &stoneNote);
    void buildAllPaths(const QString &stoneNote);
    bool warmUp();
    void throughput(int run);
    void sessions(int run);
    void printThroughputTable() const;
    void concurrency();
    void idle();
    int errors() const { return m_errors; }

private:
    Target direct(Transport transport, Auth auth) const;
    Target local(quint16 port, Auth auth = Auth::UserPass) const;
    // The direct client's session, through a raw hop (see rawhop.h).
    Target throughHop(Transport transport, Auth auth) const;
    // One throughput figure on a fresh session: work's units per second of its time; false (reported) on failure.
    bool measure(const Path &path, const Target &target, const QString &metric,
                 double (*work)(PopBenchClient &, QString *));
    void record(const Path &path, const QString &metric, double value);
    void error(const Path &path, const QString &what, const QString &error);
    QString cell(const QString &mode, const QString &metric, const QString &via) const;
    QString ratio(const QString &mode, const QString &metric, const QString &via) const;

    Options m_options;
    DovecotFixture &m_dovecot;
    BenchPeers &m_peers;
    QSslConfiguration m_tls; // the direct client's
    QList<Path> m_paths;
    QHash<QString, QList<double>> m_samples; // mode|metric|via
    int m_errors = 0;
};

const QString kLarge = QStringLiteral("RETR 64 MiB, MiB/s");
const QString kSmall = QStringLiteral("RETR 1000 x 4 KiB one by one, msg/s");
const QString kPipelined = QStringLiteral("RETR 1000 x 4 KiB pipelined, msg/s");
// RETRs in flight in the pipelined figure (256 KiB of replies): enough to hide the extra hop's round trip (with 16,
// MailShim measured 0.85-0.93x direct; with all 1000 at once the same as with 64), and a bounded batch of commands.
constexpr int kPipelineWindow = 64;
// At 30-50 k msg/s one pass over the 1000 messages takes 20-30 ms, too short to measure: each sample is this many.
constexpr int kPipelinedPasses = 10;
const QString kSession = QStringLiteral("session, ms");

Target Bench::direct(Transport transport, Auth auth) const
{
    Target t;
    t.port = transport == Transport::Tls ? m_dovecot.pop3sPort() : m_dovecot.pop3Port();
    t.transport = transport;
    t.auth = auth;
    t.tls = m_tls;
    t.tlsName = m_dovecot.tlsHostName();
    return t;
}

Target Bench::local(quint16 port, Auth auth) const
{
    Target t;
    t.port = port;
    t.auth = auth;
    return t;
}

Target Bench::throughHop(Transport transport, Auth auth) const
{
    Target t = direct(transport, auth);
    t.port = m_peers.rawHopPort(transport == Transport::Tls ? QStringLiteral("tls") : QStringLiteral("plain"));
    return t;
}

void Bench::buildPaths(const QString &stoneNote)
{
    buildAllPaths(stoneNote);
    m_paths.erase(std::remove_if(m_paths.begin(), m_paths.end(),
                                 [this](const Path &path) {
                                     return !m_options.modes.contains(path.mode) || !m_options.vias.contains(path.via);
                                 }),
                  m_paths.end());
}

void Bench::buildAllPaths(const QString &stoneNote)
{
    const QString clientApop = QStringLiteral("the tunnel does TLS, the client does APOP");
    m_paths = {
        {QStringLiteral("tls"), QStringLiteral("direct"), direct(Transport::Tls, Auth::UserPass), {}},
        {QStringLiteral("tls"), QStringLiteral("MailShim"), local(m_peers.mailShimPort(QStringLiteral("tls"))), {}},
        {QStringLiteral("tls"), QStringLiteral("stunnel"), local(m_peers.stunnelPort(QStringLiteral("tls"))), {}},
        {QStringLiteral("tls"), QStringLiteral("stone"), local(m_peers.stonePort(QStringLiteral("tls"))), {}},
        {QStringLiteral("stls"), QStringLiteral("direct"), direct(Transport::Stls, Auth::UserPass), {}},
        {QStringLiteral("stls"), QStringLiteral("MailShim"), local(m_peers.mailShimPort(QStringLiteral("stls"))), {}},
        {QStringLiteral("stls"), QStringLiteral("stunnel"), local(m_peers.stunnelPort(QStringLiteral("stls"))), {}},
        {QStringLiteral("stls"), QStringLiteral("stone"), {}, QStringLiteral("stone has no STLS")},
        {QStringLiteral("apop"), QStringLiteral("direct"), direct(Transport::Plain, Auth::Apop), {}},
        {QStringLiteral("apop"), QStringLiteral("MailShim"), local(m_peers.mailShimPort(QStringLiteral("apop"))), {}},
        {QStringLiteral("apop"), QStringLiteral("stunnel"), {}, QStringLiteral("stunnel has no APOP")},
        {QStringLiteral("apop"), QStringLiteral("stone"),
         local(m_peers.stonePort(QStringLiteral("apop")), m_peers.stoneApopByClient() ? Auth::Apop : Auth::UserPass),
         stoneNote},
        {QStringLiteral("apop+tls"), QStringLiteral("direct"), direct(Transport::Tls, Auth::Apop), {}},
        {QStringLiteral("apop+tls"),
         QStringLiteral("MailShim"),
         local(m_peers.mailShimPort(QStringLiteral("apop+tls"))),
         {}},
        {QStringLiteral("apop+tls"), QStringLiteral("stunnel"),
         local(m_peers.stunnelPort(QStringLiteral("tls")), Auth::Apop), clientApop},
        {QStringLiteral("apop+tls"), QStringLiteral("stone"),
         local(m_peers.stonePort(QStringLiteral("tls")), Auth::Apop), clientApop},
        {QStringLiteral("tls"), QStringLiteral("hop"), throughHop(Transport::Tls, Auth::UserPass), {}},
        {QStringLiteral("stls"), QStringLiteral("hop"), throughHop(Transport::Stls, Auth::UserPass), {}},
        {QStringLiteral("apop"), QStringLiteral("hop"), throughHop(Transport::Plain, Auth::Apop), {}},
        {QStringLiteral("apop+tls"), QStringLiteral("hop"), throughHop(Transport::Tls, Auth::Apop), {}},
    };
}

void Bench::record(const Path &path, const QString &metric, double value)
{
    m_samples[path.mode + QLatin1Char('|') + metric + QLatin1Char('|') + path.via].append(value);
}

void Bench::error(const Path &path, const QString &what, const QString &error)
{
    ++m_errors;
    say(QStringLiteral("ERROR %1 via %2, %3: %4").arg(path.mode, path.via, what, error));
}

bool Bench::warmUp()
{
    // Dovecot builds its index and the page cache fills on the first pass: nobody should pay for that.
    for (const Path &path : qAsConst(m_paths)) {
        if (!path.target.port)
            continue;
        Target target = path.target;
        target.user = "bulk";
        target.password = "bulkpass";
        PopBenchClient client;
        QString why;
        if (!client.open(target, &why) || (m_options.large && client.retr(1, &why) < BenchMailbox::kLargeSize) ||
            client.retr(2, &why) < 0 || !client.quit(&why)) {
            error(path, QStringLiteral("warm-up"), why);
            return false;
        }
    }
    return true;
}

// The timed part of each throughput figure, on a logged-in session: how many of the figure's units it moved (MiB,
// messages), or -1 with *why set.
double retrLarge(PopBenchClient &client, QString *why)
{
    const qint64 bytes = client.retr(1, why);
    if (bytes >= 0 && bytes < BenchMailbox::kLargeSize)
        *why = QStringLiteral("short body: %1 bytes").arg(bytes);
    return bytes < BenchMailbox::kLargeSize ? -1 : double(bytes) / (1024.0 * 1024.0);
}

double retrSmallOneByOne(PopBenchClient &client, QString *why)
{
    for (int i = 0; i < BenchMailbox::kSmallCount; ++i) {
        if (client.retr(i + 2, why) < BenchMailbox::kSmallSize)
            return -1;
    }
    return BenchMailbox::kSmallCount;
}

double retrSmallPipelined(PopBenchClient &client, QString *why)
{
    qint64 bytes = 0;
    for (int pass = 0; pass < kPipelinedPasses; ++pass) {
        const qint64 got = client.retrPipelined(2, BenchMailbox::kSmallCount, kPipelineWindow, why);
        if (got < 0)
            return -1;
        bytes += got;
    }
    if (bytes < qint64(kPipelinedPasses) * BenchMailbox::kSmallCount * BenchMailbox::kSmallSize) {
        *why = QStringLiteral("short bodies: %1 bytes").arg(bytes);
        return -1;
    }
    return double(kPipelinedPasses) * BenchMailbox::kSmallCount;
}

bool Bench::measure(const Path &path, const Target &target, const QString &metric,
                    double (*work)(PopBenchClient &, QString *))
{
    QString why;
    PopBenchClient client;
    if (!client.open(target, &why)) {
        error(path, metric, why);
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    const double units = work(client, &why);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (units < 0 || !client.quit(&why)) {
        error(path, metric, why);
        return false;
    }
    record(path, metric, units / seconds);
    return true;
}

void Bench::throughput(int run)
{
    for (const Path &path : qAsConst(m_paths)) {
        if (!path.target.port)
            continue;
        Target target = path.target;
        target.user = "bulk";
        target.password = "bulkpass";
        // A failed figure leaves the path's other figures of this run out.
        if (m_options.large && !measure(path, target, kLarge, retrLarge))
            continue;
        if (m_options.small && !measure(path, target, kSmall, retrSmallOneByOne))
            continue;
        if (m_options.pipelined)
            measure(path, target, kPipelined, retrSmallPipelined);
    }
    say(QStringLiteral("throughput run %1 done (load %2)").arg(run).arg(loadAverage()));
}

void Bench::sessions(int run)
{
    // The paths take turns in blocks of a few sessions rather than one path after the other, so a burst of load
    // from elsewhere on the machine falls on all of them alike instead of on whichever path was running.
    struct Turn
    {
        const Path *path;
        Target target;
        qint64 nanoseconds = 0;
        bool failed = false;
    };
    QList<Turn> turns;
    for (const Path &path : qAsConst(m_paths)) {
        if (!path.target.port)
            continue;
        Turn turn{&path, path.target};
        turn.target.user = "light";
        turn.target.password = "lightpass";
        turns.append(turn);
    }
    constexpr int kBlock = 10;
    for (int done = 0; done < m_options.sessions; done += kBlock) {
        const int count = qMin(kBlock, m_options.sessions - done);
        for (Turn &turn : turns) {
            if (turn.failed)
                continue;
            QString why;
            QElapsedTimer timer;
            timer.start();
            for (int i = 0; i < count; ++i) {
                PopBenchClient client;
                if (!(client.open(turn.target, &why) && client.stat(&why) && client.quit(&why))) {
                    error(*turn.path, kSession, why);
                    turn.failed = true;
                    break;
                }
            }
            turn.nanoseconds += timer.nsecsElapsed();
        }
    }
    for (const Turn &turn : qAsConst(turns)) {
        if (!turn.failed)
            record(*turn.path, kSession, double(turn.nanoseconds) / 1e6 / m_options.sessions);
    }
    say(QStringLiteral("sessions run %1 done (load %2)").arg(run).arg(loadAverage()));
}

QString Bench::cell(const QString &mode, const QString &metric, const QString &via) const
{
    const QList<double> values = m_samples.value(mode + QLatin1Char('|') + metric + QLatin1Char('|') + via);
    if (values.isEmpty())
        return QStringLiteral("n/a");
    const double value = median(values);
    return QString::number(value, 'f', value < 10 ? 2 : (value < 100 ? 1 : 0));
}

QString Bench::ratio(const QString &mode, const QString &metric, const QString &via) const
{
    const QString prefix = mode + QLatin1Char('|') + metric + QLatin1Char('|');
    const QList<double> ours = m_samples.value(prefix + QStringLiteral("MailShim"));
    const QList<double> theirs = m_samples.value(prefix + via);
    if (ours.isEmpty() || theirs.isEmpty())
        return QStringLiteral("–");
    return QString::number(median(ours) / median(theirs), 'f', 2);
}

void Bench::printThroughputTable() const
{
    print(QStringLiteral("| mode | figure | direct | MailShim | stunnel | stone | raw hop | MailShim/direct | "
                         "MailShim/stunnel | MailShim/stone | MailShim/raw hop |"));
    print(QStringLiteral("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"));
    for (const QString &metric : {kLarge, kSmall, kPipelined, kSession}) {
        for (const QString &mode : kModes) {
            QStringList row{mode, metric};
            for (const QString &via : kVias)
                row << cell(mode, metric, via);
            for (const QString &via :
                 {QStringLiteral("direct"), QStringLiteral("stunnel"), QStringLiteral("stone"), QStringLiteral("hop")})
                row << ratio(mode, metric, via);
            print(QStringLiteral("| %1 |").arg(row.join(QStringLiteral(" | "))));
        }
    }
    print(QString());
    for (const Path &path : qAsConst(m_paths)) {
        if (!path.note.isEmpty())
            print(QStringLiteral("- %1 via %2: %3").arg(path.mode, path.via, path.note));
    }
    print(QString());
}

void Bench::concurrency()
{
    print(QStringLiteral("| MailShim mode | sessions | logged in | STAT ok | failures | RSS idle | RSS with all open | "
                         "per session |"));
    print(QStringLiteral("|---|---:|---:|---:|---:|---:|---:|---:|"));
    const qint64 pid = m_peers.mailShimPid();
    for (const QString &mode : {QStringLiteral("tls"), QStringLiteral("apop")}) {
        QThread::msleep(500); // let sessions of the previous round finish their close
        const qint64 before = procStatus(pid, "VmRSS");
        ConcurrentSessions sessions(m_peers.mailShimPort(mode), "light", "lightpass", m_options.concurrent);
        sessions.loginAll(180000);
        const qint64 during = procStatus(pid, "VmRSS");
        sessions.statAndQuitAll(120000);
        if (sessions.failures() > 0) {
            ++m_errors;
            say(QStringLiteral("concurrency %1: %2 failures, first: %3")
                    .arg(mode)
                    .arg(sessions.failures())
                    .arg(sessions.firstFailure()));
        }
        print(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 MiB | %7 MiB | %8 KiB |")
                  .arg(mode)
                  .arg(m_options.concurrent)
                  .arg(sessions.loggedIn())
                  .arg(sessions.statOk())
                  .arg(sessions.failures())
                  .arg(double(before) / 1024, 0, 'f', 1)
                  .arg(double(during) / 1024, 0, 'f', 1)
                  .arg(double(during - before) / m_options.concurrent, 0, 'f', 1));
    }
    print(QString());
}

void Bench::idle()
{
    QString why;
    if (!m_peers.startIdleMailShim(&why)) {
        ++m_errors;
        say(QStringLiteral("idle: %1").arg(why));
        return;
    }
    const qint64 pid = m_peers.idleMailShimPid();
    QThread::sleep(2); // start-up work is not idle cost
    const double cpuBefore = cpuMs(pid);
    const qint64 switchesBefore =
        procStatus(pid, "voluntary_ctxt_switches") + procStatus(pid, "nonvoluntary_ctxt_switches");
    QThread::sleep(m_options.idleSeconds);
    const double cpu = cpuMs(pid) - cpuBefore;
    const qint64 switches =
        procStatus(pid, "voluntary_ctxt_switches") + procStatus(pid, "nonvoluntary_ctxt_switches") - switchesBefore;
    print(QStringLiteral("| idle service | listeners | seconds | CPU time | context switches (wake-ups) |"));
    print(QStringLiteral("|---|---:|---:|---:|---:|"));
    print(
        QStringLiteral("| mailshim-service | 5 | %1 | %2 ms | %3 |").arg(m_options.idleSeconds).arg(cpu).arg(switches));
    print(QString());
}

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MailShim against direct, stunnel and stone (needs root)."));
    parser.addHelpOption();
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("2 runs, 100 sessions, 200 concurrent, 10 s idle."));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs per figure (5)."), QStringLiteral("n"));
    const QCommandLineOption sessions(QStringLiteral("sessions"), QStringLiteral("Sequential sessions per run (500)."),
                                      QStringLiteral("n"));
    const QCommandLineOption concurrent(QStringLiteral("concurrent"), QStringLiteral("Concurrent sessions (1000)."),
                                        QStringLiteral("n"));
    const QCommandLineOption idleSeconds(QStringLiteral("idle-seconds"), QStringLiteral("Idle measurement (30)."),
                                         QStringLiteral("s"));
    const QCommandLineOption parts(QStringLiteral("parts"),
                                   QStringLiteral("Comma-separated: throughput,sessions,concurrency,idle,smtp (all)."),
                                   QStringLiteral("list"));
    const QCommandLineOption service(QStringLiteral("service"), QStringLiteral("The mailshim-service binary."),
                                     QStringLiteral("file"), QStringLiteral(MAILSHIM_SERVICE_BINARY));
    const QCommandLineOption modes(QStringLiteral("modes"),
                                   QStringLiteral("Comma-separated: tls,stls,apop,apop+tls (all)."),
                                   QStringLiteral("list"));
    const QCommandLineOption vias(QStringLiteral("vias"),
                                  QStringLiteral("Comma-separated: direct,MailShim,stunnel,stone,hop (all)."),
                                  QStringLiteral("list"));
    const QCommandLineOption figures(
        QStringLiteral("figures"),
        QStringLiteral(
            "Throughput figures, comma-separated: large,small,pipelined (all); SMTP: large, small, session."),
        QStringLiteral("list"));
    const QCommandLineOption smtpSessions(QStringLiteral("smtp-sessions"),
                                          QStringLiteral("SMTP part: sequential sessions per path and run (100)."),
                                          QStringLiteral("n"));
    parser.addOptions(
        {quick, runs, sessions, concurrent, idleSeconds, parts, service, modes, vias, figures, smtpSessions});
    parser.process(app);
    Options options;
    if (parser.isSet(quick)) {
        options.runs = 2;
        options.sessions = 100;
        options.concurrent = 200;
        options.idleSeconds = 10;
        options.smtpSessions = 40;
    }
    if (parser.isSet(runs))
        options.runs = qMax(1, parser.value(runs).toInt());
    if (parser.isSet(sessions))
        options.sessions = qMax(1, parser.value(sessions).toInt());
    if (parser.isSet(concurrent))
        options.concurrent = qMax(1, parser.value(concurrent).toInt());
    if (parser.isSet(idleSeconds))
        options.idleSeconds = qMax(1, parser.value(idleSeconds).toInt());
    if (parser.isSet(smtpSessions))
        options.smtpSessions = qMax(1, parser.value(smtpSessions).toInt());
    if (parser.isSet(parts))
        options.parts = parser.value(parts).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.service = parser.value(service);
    if (parser.isSet(modes)) {
        options.modes = parser.value(modes).split(QLatin1Char(','), Qt::SkipEmptyParts);
        options.modesSet = true;
    }
    if (parser.isSet(vias))
        options.vias = parser.value(vias).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(figures)) {
        const QStringList list = parser.value(figures).split(QLatin1Char(','), Qt::SkipEmptyParts);
        options.large = list.contains(QStringLiteral("large"));
        options.small = list.contains(QStringLiteral("small"));
        options.pipelined = list.contains(QStringLiteral("pipelined"));
        options.smtpSessionFigure = list.contains(QStringLiteral("session"));
    }
    return options;
}

// 1000 sessions through MailShim are 2000 descriptors in MailShim and in Dovecot's processes; children inherit it.
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc == 4 && qstrcmp(argv[1], "--raw-hop") == 0) // BenchPeers::startRawHops runs this program again
        return RawHop::run(quint16(QByteArray(argv[2]).toUInt()), quint16(QByteArray(argv[3]).toUInt()));
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app);
    raiseDescriptorLimit();
    int smtpErrors = 0;
    if (options.parts.contains(QStringLiteral("smtp"))) {
        // The SMTP part (smtpbench.h) has its own Postfix and Dovecot, started and stopped before the POP3 parts'.
        SmtpBenchOptions smtp;
        smtp.runs = options.runs;
        smtp.sessions = options.smtpSessions;
        smtp.service = options.service;
        if (options.modesSet)
            smtp.modes = options.modes;
        smtp.vias = options.vias;
        smtp.large = options.large;
        smtp.small = options.small || options.pipelined;
        smtp.sessionFigure = options.smtpSessionFigure;
        smtpErrors = runSmtpBench(smtp);
        QStringList pop3Parts = options.parts;
        pop3Parts.removeAll(QStringLiteral("smtp"));
        if (pop3Parts.isEmpty())
            return smtpErrors == 0 ? 0 : 1;
    }

    DovecotFixture dovecot;
    dovecot.addUser(QStringLiteral("bulk"), QStringLiteral("bulkpass"), BenchMailbox::throughputMessages());
    dovecot.addUser(QStringLiteral("light"), QStringLiteral("lightpass"), BenchMailbox::sessionMessages());
    // A busy server's settings: one long-lived login process (service_count = 0; it proxies the TLS sessions and
    // keeps its ticket key, so clients that keep tickets can resume) and limits for 1000+ concurrent sessions.
    dovecot.setExtraConfig(QStringLiteral("default_process_limit = 5000\n"
                                          "default_client_limit = 20000\n"
                                          "mail_max_userip_connections = 20000\n"
                                          "service pop3-login {\n"
                                          "  service_count = 0\n"
                                          "  process_limit = 1\n"
                                          "  client_limit = 20000\n"
                                          "}\n"));
    say(QStringLiteral("starting Dovecot (writing a 64 MiB and 1001 small messages)..."));
    QString why;
    if (!dovecot.start(&why)) {
        say(QStringLiteral("Dovecot: %1").arg(why));
        return 2;
    }
    BenchPeers peers(dovecot, options.service, dovecot.workDir());
    QString stoneNote;
    if (!peers.startMailShim(&why) || !peers.startStunnel(&why) || !peers.startStone(&why, &stoneNote) ||
        !peers.startRawHops(&why)) {
        say(why);
        return 2;
    }

    Bench bench(options, dovecot, peers);
    bench.buildPaths(stoneNote);
    print(QStringLiteral("MailShim benchmark, %1, %2 CPUs, %3; runs %4, sessions %5, concurrent %6, idle %7 s; "
                         "load at start %8")
              .arg(QDateTime::currentDateTime().toString(Qt::ISODate))
              .arg(QThread::idealThreadCount())
              .arg(QSysInfo::prettyProductName())
              .arg(options.runs)
              .arg(options.sessions)
              .arg(options.concurrent)
              .arg(options.idleSeconds)
              .arg(loadAverage()));
    print(QString());

    const bool doThroughput = options.parts.contains(QStringLiteral("throughput"));
    const bool doSessions = options.parts.contains(QStringLiteral("sessions"));
    if ((doThroughput || doSessions) && bench.warmUp()) {
        for (int run = 1; run <= options.runs; ++run) {
            if (doThroughput)
                bench.throughput(run);
            if (doSessions)
                bench.sessions(run);
        }
        bench.printThroughputTable();
    }
    if (options.parts.contains(QStringLiteral("concurrency")))
        bench.concurrency();
    if (options.parts.contains(QStringLiteral("idle")))
        bench.idle();
    print(QStringLiteral("load at end: %1; errors: %2").arg(loadAverage()).arg(bench.errors()));
    peers.stop();
    return bench.errors() == 0 && smtpErrors == 0 ? 0 : 1;
}
