#include "benchpeers.h"

#include "dovecotfixture.h"
#include "testfiles.h"
#include "testprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <csignal>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace {

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    const bool ok = socket.waitForConnected(200);
    socket.abort();
    return ok;
}

void stopProcess(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    TestProcess::stop(*process, 5000);
    process.reset();
}

} // namespace

BenchPeers::BenchPeers(const DovecotFixture &dovecot, QString serviceBinary, QString workDir)
    : m_dovecot(dovecot), m_serviceBinary(std::move(serviceBinary)), m_workDir(std::move(workDir))
{
}

BenchPeers::~BenchPeers()
{
    stop();
}

quint16 BenchPeers::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

qint64 BenchPeers::mailShimPid() const
{
    return m_mailShim ? m_mailShim->processId() : 0;
}

qint64 BenchPeers::idleMailShimPid() const
{
    return m_idleMailShim ? m_idleMailShim->processId() : 0;
}

QString BenchPeers::findProgram(const QString &name)
{
    QString program = QStandardPaths::findExecutable(name);
    if (program.isEmpty())
        program = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    return program;
}

bool BenchPeers::startProcess(QProcess *process, const QString &program, const QStringList &arguments,
                              const QString &log, const QList<quint16> &ports, QString *error)
{
    return startChild(process, program, arguments, m_workDir + QLatin1Char('/') + log, ports, error);
}

bool BenchPeers::startChild(QProcess *process, const QString &program, const QStringList &arguments,
                            const QString &logPath, const QList<quint16> &ports, QString *error)
{
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardOutputFile(logPath);
#ifdef Q_OS_LINUX
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    process->start(program, arguments);
    if (!process->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(30000); // generous: the service may run under valgrind for profiling
    for (quint16 port : ports) {
        while (!accepts(port)) {
            if (process->waitForFinished(50) || deadline.hasExpired()) {
                *error = QStringLiteral("%1 is not listening on %2 (see %3)").arg(program).arg(port).arg(logPath);
                return false;
            }
        }
    }
    return true;
}

bool BenchPeers::startService(QProcess *process, QHash<QString, quint16> *ports, const QString &configName,
                              QString *error)
{
    QJsonArray listeners;
    const QStringList modes{QStringLiteral("tls"), QStringLiteral("stls"), QStringLiteral("apop"),
                            QStringLiteral("apop+tls"), QStringLiteral("plain")};
    for (const QString &mode : modes) {
        const quint16 port = freePort();
        ports->insert(mode, port);
        const bool implicitTls = mode == QLatin1String("tls") || mode == QLatin1String("apop+tls");
        QJsonObject upstream{{QStringLiteral("host"), m_dovecot.host()},
                             {QStringLiteral("port"), implicitTls ? m_dovecot.pop3sPort() : m_dovecot.pop3Port()},
                             {QStringLiteral("security"), mode}};
        if (mode != QLatin1String("apop") && mode != QLatin1String("plain"))
            upstream.insert(QStringLiteral("caFile"), m_dovecot.caFile());
        listeners.append(QJsonObject{{QStringLiteral("name"), mode},
                                     {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(port)},
                                     {QStringLiteral("upstream"), upstream},
                                     {QStringLiteral("maxSessions"), 5000},
                                     {QStringLiteral("failedAccountRetrySeconds"), 0}});
    }
    const QJsonObject config{{QStringLiteral("listeners"), listeners},
                             {QStringLiteral("limits"), QJsonObject{{QStringLiteral("maxSessionsTotal"), 10000}}},
                             {QStringLiteral("logLevel"), QStringLiteral("problems")}};
    const QString path = m_workDir + QLatin1Char('/') + configName + QStringLiteral(".json");
    if (!TestFiles::write(path, QJsonDocument(config).toJson(), error))
        return false;
    return startProcess(process, m_serviceBinary, {QStringLiteral("--console"), QStringLiteral("--config"), path},
                        configName + QStringLiteral(".log"), ports->values(), error);
}

bool BenchPeers::startMailShim(QString *error)
{
    m_mailShim = std::make_unique<QProcess>();
    return startService(m_mailShim.get(), &m_mailShimPorts, QStringLiteral("mailshim"), error);
}

bool BenchPeers::startIdleMailShim(QString *error)
{
    m_idleMailShim = std::make_unique<QProcess>();
    return startService(m_idleMailShim.get(), &m_idlePorts, QStringLiteral("mailshim-idle"), error);
}

bool BenchPeers::startStunnel(QString *error)
{
    const QString program = findProgram(QStringLiteral("stunnel4")).isEmpty() ? findProgram(QStringLiteral("stunnel"))
                                                                              : findProgram(QStringLiteral("stunnel4"));
    if (program.isEmpty()) {
        *error = QStringLiteral("stunnel not found (scripts/setup-debian.sh --bench installs stunnel4)");
        return false;
    }
    m_stunnelPorts.insert(QStringLiteral("tls"), freePort());
    m_stunnelPorts.insert(QStringLiteral("stls"), freePort());
    // The same checks MailShim makes: chain to the fixture's CA and the server's name (its IP here).
    const QString common = QStringLiteral("client = yes\nverifyChain = yes\nCAfile = %1\ncheckIP = %2\n")
                               .arg(m_dovecot.caFile(), m_dovecot.host());
    const QString config =
        QStringLiteral("foreground = yes\npid =\ndebug = 3\n\n[tls]\naccept = 127.0.0.1:%1\nconnect = %2:%3\n%4\n"
                       "[stls]\nprotocol = pop3\naccept = 127.0.0.1:%5\nconnect = %2:%6\n%4")
            .arg(m_stunnelPorts.value(QStringLiteral("tls")))
            .arg(m_dovecot.host())
            .arg(m_dovecot.pop3sPort())
            .arg(common)
            .arg(m_stunnelPorts.value(QStringLiteral("stls")))
            .arg(m_dovecot.pop3Port());
    const QString path = m_workDir + QStringLiteral("/stunnel.conf");
    if (!TestFiles::write(path, config.toUtf8(), error))
        return false;
    m_stunnel = std::make_unique<QProcess>();
    return startProcess(m_stunnel.get(), program, {path}, QStringLiteral("stunnel.log"), m_stunnelPorts.values(),
                        error);
}

bool BenchPeers::startStone(QString *error, QString *note)
{
    const QString program = findProgram(QStringLiteral("stone"));
    if (program.isEmpty()) {
        *error = QStringLiteral("stone not found (scripts/setup-debian.sh --bench installs it)");
        return false;
    }
    const quint16 tlsPort = freePort();
    m_stone = std::make_unique<QProcess>();
    // stone verifies the chain (verify, CAfile) but has no host-name check. One SSL option per -q.
    const QStringList arguments{QStringLiteral("-n"),
                                QStringLiteral("-q"),
                                QStringLiteral("verify"),
                                QStringLiteral("-q"),
                                QStringLiteral("CAfile=") + m_dovecot.caFile(),
                                QStringLiteral("-q"),
                                QStringLiteral("sni"),
                                QStringLiteral("-q"),
                                QStringLiteral("servername=") + m_dovecot.tlsHostName(),
                                QStringLiteral("%1:%2/ssl").arg(m_dovecot.host()).arg(m_dovecot.pop3sPort()),
                                QStringLiteral("127.0.0.1:%1").arg(tlsPort)};
    if (!startProcess(m_stone.get(), program, arguments, QStringLiteral("stone.log"), {tlsPort}, error))
        return false;
    m_stonePorts.insert(QStringLiteral("tls"), tlsPort);

    const quint16 apopPort = freePort();
    m_stoneApop = std::make_unique<QProcess>();
    QString apopError;
    if (startProcess(m_stoneApop.get(), program,
                     {QStringLiteral("-n"),
                      QStringLiteral("%1:%2/apop").arg(m_dovecot.host()).arg(m_dovecot.pop3Port()),
                      QStringLiteral("127.0.0.1:%1").arg(apopPort)},
                     QStringLiteral("stone-apop.log"), {apopPort}, &apopError)) {
        m_stonePorts.insert(QStringLiteral("apop"), apopPort);
        return true;
    }
    // Without /apop, a stone user relays the session as it is and lets the client do APOP (as with /ssl in apop+tls):
    // the same conversation with the server.
    stopProcess(m_stoneApop);
    m_stoneApop = std::make_unique<QProcess>();
    if (!startProcess(m_stoneApop.get(), program,
                      {QStringLiteral("-n"), QStringLiteral("%1:%2").arg(m_dovecot.host()).arg(m_dovecot.pop3Port()),
                       QStringLiteral("127.0.0.1:%1").arg(apopPort)},
                      QStringLiteral("stone-apop.log"), {apopPort}, error))
        return false;
    m_stonePorts.insert(QStringLiteral("apop"), apopPort);
    m_stoneApopByClient = true;
    *note = QStringLiteral("this stone build has no /apop (it refuses `host:port/apop`): a plain stone relay, the "
                           "client does APOP");
    return true;
}

bool BenchPeers::startRawHops(QString *error)
{
    const QString self = QCoreApplication::applicationFilePath();
    const auto start = [&](std::unique_ptr<QProcess> &process, const QString &name, quint16 target) {
        const quint16 port = freePort();
        process = std::make_unique<QProcess>();
        if (!startProcess(process.get(), self,
                          {QStringLiteral("--raw-hop"), QString::number(port), QString::number(target)},
                          QStringLiteral("rawhop-%1.log").arg(name), {port}, error))
            return false;
        m_rawHopPorts.insert(name, port);
        return true;
    };
    return start(m_rawHopPlain, QStringLiteral("plain"), m_dovecot.pop3Port()) &&
           start(m_rawHopTls, QStringLiteral("tls"), m_dovecot.pop3sPort());
}

void BenchPeers::stop()
{
    stopProcess(m_rawHopPlain);
    stopProcess(m_rawHopTls);
    stopProcess(m_mailShim);
    stopProcess(m_idleMailShim);
    stopProcess(m_stunnel);
    stopProcess(m_stone);
    stopProcess(m_stoneApop);
}
