#include "postfixfixture.h"

#include "testfiles.h"
#include "testprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace {

constexpr int startTimeoutMs = 20000;
constexpr int maxLaunchAttempts = 5;
// The user for the policy daemon and the relay sink: Postfix refuses root and its own user for helpers.
const char helperUserName[] = "nobody";
const char masterProgram[] = "/usr/lib/postfix/sbin/master";

QByteArray readFile(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Three distinct free ports, held open together so the kernel cannot hand out the same one twice. Another process
// may still take one before Postfix binds it; launch() notices and tries again.
bool pickPorts(quint16 *first, quint16 *second, quint16 *third)
{
    QTcpServer a;
    QTcpServer b;
    QTcpServer c;
    if (!a.listen(QHostAddress::LocalHost, 0) || !b.listen(QHostAddress::LocalHost, 0) ||
        !c.listen(QHostAddress::LocalHost, 0)) {
        return false;
    }
    *first = a.serverPort();
    *second = b.serverPort();
    *third = c.serverPort();
    return true;
}

QString findProgram(const QString &name)
{
    // /usr/sbin is not on every non-root PATH (CI may run with a minimal environment).
    QString program = QStandardPaths::findExecutable(name);
    if (program.isEmpty()) {
        program = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/sbin")});
    }
    return program;
}

// The helpers' interpreter: the system's, which the unprivileged helper user can run (a python3 earlier on root's
// PATH, e.g. under /root, may not be reachable for it).
QString helperPython()
{
    const QString system = QStringLiteral("/usr/bin/python3");
    return QFileInfo(system).isExecutable() ? system : findProgram(QStringLiteral("python3"));
}

bool chownPath(const QString &path, uid_t uid, gid_t gid)
{
    return ::chown(QFile::encodeName(path).constData(), uid, gid) == 0;
}

// Reads an SMTP greeting: true for "220 ...".
bool greets(const QString &host, quint16 port, QByteArray *banner)
{
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(500)) {
        return false;
    }
    while (!socket.canReadLine() && socket.waitForReadyRead(2000)) {
    }
    *banner = socket.readLine().trimmed();
    socket.write("QUIT\r\n");
    socket.waitForBytesWritten(500);
    return banner->startsWith("220 ");
}

} // namespace

PostfixFixture::PostfixFixture() = default;

PostfixFixture::~PostfixFixture()
{
    stop();
}

void PostfixFixture::setPopBeforeSmtp(int windowSeconds, int delaySeconds)
{
    m_windowSeconds = windowSeconds;
    m_delaySeconds = delaySeconds;
}

QString PostfixFixture::path(const QString &name) const
{
    return m_dir ? m_dir->filePath(name) : QString();
}

QString PostfixFixture::maillogFile() const
{
    return path(QStringLiteral("maillog"));
}

QByteArray PostfixFixture::maillog() const
{
    return m_dir ? readFile(maillogFile()) : QByteArray();
}

QString PostfixFixture::policyLogFile() const
{
    return path(QStringLiteral("policy/policy.log"));
}

QByteArray PostfixFixture::policyLog() const
{
    return m_dir ? readFile(policyLogFile()) : QByteArray();
}

bool PostfixFixture::isRunning() const
{
    // Without an event loop QProcess only learns of an exit inside a waitFor...() call.
    return m_master && m_master->state() != QProcess::NotRunning && !m_master->waitForFinished(0);
}

bool PostfixFixture::start(QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (isRunning()) {
        return true;
    }
    if (::geteuid() != 0) {
        *error = QStringLiteral("PostfixFixture needs root: Postfix's master must run as root");
        return false;
    }
    if (!QFileInfo::exists(QString::fromLatin1(masterProgram)) || findProgram(QStringLiteral("postfix")).isEmpty()) {
        *error = QStringLiteral("Postfix is not installed (scripts/setup-debian.sh installs it)");
        return false;
    }
    if (m_dovecot.isRunning() && !m_dovecot.mtaSupport()) {
        *error = QStringLiteral("the DovecotFixture was started without enableMtaSupport()");
        return false;
    }
    m_dovecot.enableMtaSupport();
    if (!m_dovecot.isRunning() && !m_dovecot.start(error)) {
        *error = QStringLiteral("Dovecot: ") + *error;
        return false;
    }
    if (!prepareFiles(error) || !startPolicyDaemon(error)) {
        return false;
    }
    for (int attempt = 1; attempt <= maxLaunchAttempts; ++attempt) {
        bool portClash = false;
        if (launch(&portClash, error)) {
            return true;
        }
        if (m_master) {
            TestProcess::stop(*m_master, 10000);
            m_master.reset();
        }
        if (!portClash) {
            return false;
        }
    }
    *error = QStringLiteral("gave up after %1 port clashes; last: %2").arg(maxLaunchAttempts).arg(*error);
    return false;
}

bool PostfixFixture::prepareFiles(QString *error)
{
    // getpwnam() returns a static buffer: keep the ids before the next call.
    const passwd *entry = ::getpwnam("postfix");
    if (!entry) {
        *error = QStringLiteral("no system user `postfix` (install postfix)");
        return false;
    }
    const uid_t postfixUid = entry->pw_uid;
    const gid_t postfixGid = entry->pw_gid;
    entry = ::getpwnam(helperUserName);
    if (!entry) {
        *error = QStringLiteral("no system user `%1`").arg(QString::fromLatin1(helperUserName));
        return false;
    }
    const uid_t helperUid = entry->pw_uid;
    const gid_t helperGid = entry->pw_gid;
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/mailshim-postfix-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir->errorString());
        return false;
    }
    if (qEnvironmentVariableIsSet("MAILSHIM_KEEP_FIXTURE")) {
        m_dir->setAutoRemove(false);
        qInfo("PostfixFixture: keeping %s", qPrintable(m_dir->path()));
    }
    // Postfix's daemons (user postfix) and the helpers (nobody) walk through the 0700 QTemporaryDir.
    const QFileDevice::Permissions worldReadable =
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
        QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
    QFile::setPermissions(m_dir->path(), worldReadable);
    const QDir dir(m_dir->path());
    // queue: root 0755 (postfix check creates what is inside); data: postfix's; policy and relayed: the helpers'.
    for (const QString &sub : {QStringLiteral("conf"), QStringLiteral("queue"), QStringLiteral("data"),
                               QStringLiteral("policy"), QStringLiteral("relayed")}) {
        if (!dir.mkpath(sub)) {
            *error = QStringLiteral("cannot create %1").arg(path(sub));
            return false;
        }
        QFile::setPermissions(path(sub), worldReadable);
    }
    if (!chownPath(path(QStringLiteral("data")), postfixUid, postfixGid) ||
        !chownPath(path(QStringLiteral("policy")), helperUid, helperGid) ||
        !chownPath(path(QStringLiteral("relayed")), helperUid, helperGid)) {
        *error = QStringLiteral("cannot hand the fixture's directories to postfix and %1")
                     .arg(QString::fromLatin1(helperUserName));
        return false;
    }
    // The helper runs from a copy: the source tree need not be readable by nobody.
    const QString helper = path(QStringLiteral("postfixhelper.py"));
    if (!QFile::copy(QStringLiteral(MAILSHIM_POSTFIXHELPER_PY), helper)) {
        *error = QStringLiteral("cannot copy %1").arg(QStringLiteral(MAILSHIM_POSTFIXHELPER_PY));
        return false;
    }
    QFile::setPermissions(helper, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                      QFileDevice::ReadOther);
    // The recipients Postfix accepts for the test domain (read once: the accounts do not change while it runs).
    QByteArray users;
    for (const QString &name : m_dovecot.userNames()) {
        users += address(name).toUtf8() + " ok\n";
    }
    return TestFiles::write(path(QStringLiteral("conf/virtual-users")), users, error);
}

bool PostfixFixture::startPolicyDaemon(QString *error)
{
    const passwd *helperUser = ::getpwnam(helperUserName);
    const QString python = helperPython();
    if (python.isEmpty() || !helperUser) {
        *error = QStringLiteral("python3 or the user %1 is missing").arg(QString::fromLatin1(helperUserName));
        return false;
    }
    m_policy = std::make_unique<QProcess>();
    m_policy->setStandardOutputFile(path(QStringLiteral("policy/policy.stderr")));
    m_policy->setProcessChannelMode(QProcess::MergedChannels);
    m_policy->setWorkingDirectory(path(QStringLiteral("policy")));
    const uid_t uid = helperUser->pw_uid;
    const gid_t gid = helperUser->pw_gid;
    m_policy->setChildProcessModifier([uid, gid] {
        // Never root: drop every group, then the ids. A credential change clears the parent-death signal, so it
        // is set afterwards: the daemon goes with the test process even when that dies without cleaning up.
        if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) {
            ::_exit(126);
        }
#ifdef Q_OS_LINUX
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    });
    m_policy->start(python, {QStringLiteral("-u"), path(QStringLiteral("postfixhelper.py")), QStringLiteral("policy"),
                             QStringLiteral("--socket"), path(QStringLiteral("policy/policy")),
                             QStringLiteral("--logins"), m_dovecot.popLoginsFile(), QStringLiteral("--window"),
                             QString::number(m_windowSeconds), QStringLiteral("--delay"),
                             QString::number(m_delaySeconds), QStringLiteral("--log"), policyLogFile()});
    if (!m_policy->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start the policy daemon: %1").arg(m_policy->errorString());
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!QFileInfo::exists(path(QStringLiteral("policy/policy")))) {
        if (m_policy->waitForFinished(50) || deadline.hasExpired()) {
            *error = QStringLiteral("the policy daemon did not come up: %1")
                         .arg(QString::fromLocal8Bit(readFile(path(QStringLiteral("policy/policy.stderr")))));
            return false;
        }
    }
    return true;
}

bool PostfixFixture::writeConfig(QString *error) const
{
    // See TESTING-NOTES.md. Beyond it: nothing is ever sent off the machine (default_transport is the sink, a
    // pipe(8) running as nobody); submission and SMTPS accept no recipient at all without AUTH, as providers do;
    // smtpd_error_sleep_time = 0, or every refused command in a test costs a second.
    QString mainCf = QStringLiteral(R"(# Written by PostfixFixture for one test run.
compatibility_level = 3.6
queue_directory = @DIR@/queue
data_directory = @DIR@/data
maillog_file = @DIR@/maillog
maillog_file_prefixes = @DIR@
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = localhost
mydomain = @DOMAIN@
mydestination =
mynetworks =
local_header_rewrite_clients =
relay_domains =
alias_maps =
alias_database =
biff = no
smtputf8_enable = yes
message_size_limit = @SIZE_LIMIT@
mailbox_size_limit = 0
smtpd_error_sleep_time = 0
virtual_mailbox_domains = @DOMAIN@
virtual_mailbox_maps = texthash:@DIR@/conf/virtual-users
virtual_transport = lmtp:unix:@LMTP@
default_transport = relaysink
relay_transport = relaysink
local_transport = error:5.1.1 no local delivery on the test server
relaysink_destination_recipient_limit = 1
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_sasl_type = dovecot
smtpd_sasl_path = @AUTH@
smtpd_sasl_auth_enable = no
smtpd_tls_cert_file = @CERT@
smtpd_tls_key_file = @KEY@
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1
popbeforesmtp_relay_restrictions = permit_mynetworks, check_policy_service unix:@POLICY@,
    reject_unauth_destination
)");
    // Every service with chroot n (Debian's chroot would hide the absolute socket paths).
    QString masterCf = QStringLiteral(R"(# Written by PostfixFixture for one test run.
127.0.0.1:@SMTPS_PORT@ inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
127.0.0.1:@SUBMISSION_PORT@ inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
127.0.0.1:@POPBEFORESMTP_PORT@ inet n - n - - smtpd
  -o syslog_name=postfix/popbeforesmtp
  -o smtpd_sasl_auth_enable=no
  -o smtpd_relay_restrictions=$popbeforesmtp_relay_restrictions
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
relaysink unix  -       n       n       -       -       pipe
  user=@HELPER_USER@ argv=@PYTHON@ @DIR@/postfixhelper.py sink --dir @DIR@/relayed --queue-id ${queue_id} --recipient ${recipient}
)");
    for (QString *text : {&mainCf, &masterCf}) {
        text->replace(QStringLiteral("@DIR@"), m_dir->path())
            .replace(QStringLiteral("@DOMAIN@"), domain())
            .replace(QStringLiteral("@SIZE_LIMIT@"), QString::number(messageSizeLimit()))
            .replace(QStringLiteral("@LMTP@"), m_dovecot.lmtpSocket())
            .replace(QStringLiteral("@AUTH@"), m_dovecot.authSocket())
            .replace(QStringLiteral("@CERT@"), m_dovecot.pki()->certFile(QStringLiteral("server")))
            .replace(QStringLiteral("@KEY@"), m_dovecot.pki()->keyFile(QStringLiteral("server")))
            .replace(QStringLiteral("@POLICY@"), path(QStringLiteral("policy/policy")))
            .replace(QStringLiteral("@SMTPS_PORT@"), QString::number(m_smtpsPort))
            .replace(QStringLiteral("@SUBMISSION_PORT@"), QString::number(m_submissionPort))
            .replace(QStringLiteral("@POPBEFORESMTP_PORT@"), QString::number(m_popBeforeSmtpPort))
            .replace(QStringLiteral("@HELPER_USER@"), QString::fromLatin1(helperUserName))
            .replace(QStringLiteral("@PYTHON@"), helperPython());
    }
    return TestFiles::write(path(QStringLiteral("conf/main.cf")), mainCf.toUtf8(), error) &&
           TestFiles::write(path(QStringLiteral("conf/master.cf")), masterCf.toUtf8(), error);
}

bool PostfixFixture::launch(bool *portClash, QString *error)
{
    *portClash = false;
    if (!pickPorts(&m_smtpsPort, &m_submissionPort, &m_popBeforeSmtpPort)) {
        *error = QStringLiteral("cannot find free loopback ports");
        return false;
    }
    if (!writeConfig(error)) {
        return false;
    }
    // `postfix check` creates the queue's subdirectories with their owners and modes (what `postfix start` does
    // before it runs the master) and complains about the configuration.
    const TestProcess::Result check =
        TestProcess::run(findProgram(QStringLiteral("postfix")),
                         {QStringLiteral("-c"), path(QStringLiteral("conf")), QStringLiteral("check")},
                         TestProcess::Options{30000, {}, {}, {}});
    if (!check.succeeded()) {
        *error = failureReport(QStringLiteral("postfix check failed: ") + check.describe());
        return false;
    }

    QFile::remove(path(QStringLiteral("master.stderr")));
    const qsizetype logStart = maillog().size();
    m_master = std::make_unique<QProcess>();
    m_master->setStandardOutputFile(path(QStringLiteral("master.stderr")));
    m_master->setProcessChannelMode(QProcess::MergedChannels);
    m_master->setChildProcessModifier([] {
        // Its own session and process group: on SIGTERM the master signals its group, i.e. its own children only.
        ::setsid();
#ifdef Q_OS_LINUX
        // If the test process dies without running destructors, take Postfix down with it.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    });
    // The master itself in the foreground (-d), not `postfix start`: the fixture owns the process and no pid file
    // can outlive a crashed test. (`postfix start-fg` leaves the master behind when its wrapper is killed.)
    m_master->start(QString::fromLatin1(masterProgram),
                    {QStringLiteral("-c"), path(QStringLiteral("conf")), QStringLiteral("-d")});
    if (!m_master->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(QString::fromLatin1(masterProgram), m_master->errorString());
        return false;
    }
    if (waitUntilReady(error)) {
        return true;
    }
    *portClash = maillog().indexOf("Address already in use", logStart) >= 0 ||
                 readFile(path(QStringLiteral("master.stderr"))).contains("Address already in use");
    return false;
}

bool PostfixFixture::waitUntilReady(QString *error)
{
    const QDeadlineTimer deadline(startTimeoutMs);
    QByteArray banner;
    while (!deadline.hasExpired()) {
        if (m_master->state() == QProcess::NotRunning || m_master->waitForFinished(0)) {
            *error = failureReport(
                QStringLiteral("Postfix's master exited with code %1 before it was ready").arg(m_master->exitCode()));
            return false;
        }
        // The master logs "daemon started" once every listener is bound: so the greetings came from our Postfix,
        // not from a concurrent fixture that won a race for the same ports.
        if (maillog().contains("daemon started") && greets(host(), m_submissionPort, &banner) &&
            greets(host(), m_popBeforeSmtpPort, &banner)) {
            QTcpSocket smtps;
            smtps.connectToHost(host(), m_smtpsPort);
            if (smtps.waitForConnected(500)) {
                return true;
            }
        }
        m_master->waitForFinished(50);
    }
    *error = failureReport(QStringLiteral("Postfix not ready within %1 ms (ports %2/%3/%4, last banner: \"%5\")")
                               .arg(startTimeoutMs)
                               .arg(m_smtpsPort)
                               .arg(m_submissionPort)
                               .arg(m_popBeforeSmtpPort)
                               .arg(QString::fromLatin1(banner)));
    return false;
}

QString PostfixFixture::failureReport(const QString &what) const
{
    QString report = what + QStringLiteral("; config: ") + path(QStringLiteral("conf"));
    const QByteArray output = readFile(path(QStringLiteral("master.stderr"))).trimmed();
    if (!output.isEmpty()) {
        report += QStringLiteral("; output: ") + QString::fromLocal8Bit(TestProcess::tail(output, 1000));
    }
    return report + QStringLiteral("; ") + diagnostics();
}

QString PostfixFixture::diagnostics() const
{
    return QStringLiteral("maillog %1 tail: %2; policy log tail: %3; Dovecot log tail: %4")
        .arg(maillogFile(), QString::fromLocal8Bit(TestProcess::tail(maillog().trimmed(), 2000)),
             QString::fromLocal8Bit(TestProcess::tail(policyLog().trimmed(), 600)),
             QString::fromLocal8Bit(TestProcess::tail(m_dovecot.log().trimmed(), 1000)));
}

void PostfixFixture::stop()
{
    // SIGTERM: the master stops its children (its process group) and exits.
    if (m_master) {
        TestProcess::stop(*m_master, 10000);
        m_master.reset();
    }
    if (m_policy) {
        TestProcess::stop(*m_policy, 5000);
        m_policy.reset();
    }
    m_dovecot.stop();
}

QString PostfixFixture::maildirOf(const QString &user) const
{
    return m_dovecot.userMaildir(user);
}

int PostfixFixture::deliveredCount(const QString &user) const
{
    const QString maildir = maildirOf(user);
    if (maildir.isEmpty()) {
        return 0;
    }
    int count = 0;
    for (const QString &sub : {QStringLiteral("/new"), QStringLiteral("/cur")}) {
        count += int(QDir(maildir + sub).entryList(QDir::Files).size());
    }
    return count;
}

bool PostfixFixture::waitForDelivery(const QString &user, int count, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    do {
        if (deliveredCount(user) >= count) {
            return true;
        }
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    return false;
}

bool PostfixFixture::clearMailbox(const QString &user, QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    const QString maildir = maildirOf(user);
    if (maildir.isEmpty()) {
        *error = QStringLiteral("clearMailbox() before start()");
        return false;
    }
    m_dovecot.waitForSessionsToEnd();
    for (const QString &sub : {QStringLiteral("/new"), QStringLiteral("/cur")}) {
        QDir dir(maildir + sub);
        for (const QString &name : dir.entryList(QDir::Files)) {
            if (!dir.remove(name)) {
                *error = QStringLiteral("cannot remove %1").arg(dir.filePath(name));
                return false;
            }
        }
    }
    // Dovecot's index still lists the removed files; without a resync the next session sees "expunged" messages.
    const TestProcess::Result resync =
        TestProcess::run(findProgram(QStringLiteral("doveadm")),
                         {QStringLiteral("-c"), m_dovecot.configFile(), QStringLiteral("force-resync"),
                          QStringLiteral("-u"), user, QStringLiteral("INBOX")},
                         TestProcess::Options{30000, {}, {}, {}});
    if (!resync.succeeded()) {
        *error = resync.describe();
        return false;
    }
    return true;
}

QList<PostfixFixture::RelayedMessage> PostfixFixture::relayedMessages() const
{
    QList<RelayedMessage> messages;
    if (!m_dir) {
        return messages;
    }
    // The sink names its files "<nanoseconds>-<queue id>", so name order is arrival order.
    const QDir dir(path(QStringLiteral("relayed")));
    for (const QString &name : dir.entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name)) {
        RelayedMessage message;
        message.content = readFile(dir.filePath(name));
        message.recipient = QString::fromUtf8(readFile(dir.filePath(name.chopped(4) + QStringLiteral(".rcpt"))));
        messages.append(message);
    }
    return messages;
}

bool PostfixFixture::waitForRelayed(int count, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    do {
        if (relayedMessages().size() >= count) {
            return true;
        }
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    return false;
}

bool PostfixFixture::waitForMaillog(const QByteArray &needle, qsizetype fromOffset, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    do {
        if (maillog().indexOf(needle, fromOffset) >= 0) {
            return true;
        }
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    return false;
}
