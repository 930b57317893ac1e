#include "dovecotfixture.h"

#include "testfiles.h"
#include "testprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <csignal>
#include <pwd.h>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace {

constexpr int startTimeoutMs = 15000;
constexpr int maxLaunchAttempts = 5;
const char mailUserName[] = "vmail";

QByteArray readFile(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Two distinct free ports, held open together so the kernel cannot hand out the same one twice. Another process
// may still take one before Dovecot binds it; launch() notices and tries again.
bool pickPorts(quint16 *first, quint16 *second)
{
    QTcpServer a;
    QTcpServer b;
    if (!a.listen(QHostAddress::LocalHost, 0) || !b.listen(QHostAddress::LocalHost, 0)) {
        return false;
    }
    *first = a.serverPort();
    *second = b.serverPort();
    return true;
}

QString dovecotProgram()
{
    // /usr/sbin is not on every non-root PATH (CI may run with a minimal environment).
    QString program = QStandardPaths::findExecutable(QStringLiteral("dovecot"));
    if (program.isEmpty()) {
        program = QStandardPaths::findExecutable(QStringLiteral("dovecot"),
                                                 {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    }
    return program;
}

} // namespace

DovecotFixture::DovecotFixture() = default;

DovecotFixture::~DovecotFixture()
{
    stop();
}

QString DovecotFixture::caFile() const
{
    return m_pki ? m_pki->caCertFile() : QString();
}

QString DovecotFixture::workDir() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("work")) : QString();
}

QString DovecotFixture::logFile() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("dovecot.log")) : QString();
}

QString DovecotFixture::configFile() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("dovecot.conf")) : QString();
}

QString DovecotFixture::authSocket() const
{
    return m_dir && m_mtaSupport ? m_dir->filePath(QStringLiteral("mta/auth")) : QString();
}

QString DovecotFixture::lmtpSocket() const
{
    return m_dir && m_mtaSupport ? m_dir->filePath(QStringLiteral("mta/lmtp")) : QString();
}

QString DovecotFixture::popLoginsFile() const
{
    return m_dir && m_mtaSupport ? m_dir->filePath(QStringLiteral("poplogins/logins")) : QString();
}

QString DovecotFixture::maildir(const QString &userName) const
{
    return m_dir->filePath(QStringLiteral("mail/") + userName);
}

PopClients::Endpoint DovecotFixture::endpoint(PopClients::Mode mode) const
{
    PopClients::Endpoint endpoint;
    endpoint.host = host();
    endpoint.port = mode == PopClients::Mode::Pop3s ? m_pop3sPort : m_pop3Port;
    endpoint.user = user();
    endpoint.password = password();
    endpoint.mode = mode;
    endpoint.caFile = caFile();
    endpoint.tlsHostName = tlsHostName();
    return endpoint;
}

bool DovecotFixture::isRunning() const
{
    // Without an event loop QProcess only learns of an exit inside a waitFor...() call.
    return m_process && m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(0);
}

bool DovecotFixture::start(QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (isRunning()) {
        return true;
    }
    if (!prepareFiles(error)) {
        return false;
    }
    for (int attempt = 1; attempt <= maxLaunchAttempts; ++attempt) {
        bool portClash = false;
        if (launch(&portClash, error)) {
            return true;
        }
        stop();
        if (!portClash) {
            return false;
        }
    }
    *error = QStringLiteral("gave up after %1 port clashes; last: %2").arg(maxLaunchAttempts).arg(*error);
    return false;
}

QStringList DovecotFixture::userNames() const
{
    QStringList names{user(), emptyUser()};
    for (const ExtraUser &extra : m_extraUsers) {
        names.append(extra.name);
    }
    return names;
}

void DovecotFixture::addUser(const QString &name, const QString &password, const QList<QByteArray> &storedMessages)
{
    m_extraUsers.append({name, password, storedMessages});
}

bool DovecotFixture::prepareFiles(QString *error)
{
    if (::geteuid() != 0) {
        *error = QStringLiteral("DovecotFixture needs root: Dovecot's master must be able to switch to the mail user");
        return false;
    }
    const passwd *mailUser = ::getpwnam(mailUserName);
    if (!mailUser) {
        *error = QStringLiteral("no system user `vmail` (scripts/setup-debian.sh creates it)");
        return false;
    }
    m_mailUid = int(mailUser->pw_uid);
    m_mailGid = int(mailUser->pw_gid);

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/mailshim-dovecot-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir->errorString());
        return false;
    }
    // For debugging a failing test: keep the config, the log and what the clients retrieved.
    if (qEnvironmentVariableIsSet("MAILSHIM_KEEP_FIXTURE")) {
        m_dir->setAutoRemove(false);
        qInfo("DovecotFixture: keeping %s", qPrintable(m_dir->path()));
    }
    // QTemporaryDir makes a 0700 directory; Dovecot's processes running as vmail, dovecot and dovenull must be
    // able to walk through it to their files (mail, passwd, sockets).
    QFile::setPermissions(m_dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                             QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                             QFileDevice::ExeOther);
    const QDir dir(m_dir->path());
    for (const QString &sub :
         {QStringLiteral("pki"), QStringLiteral("run"), QStringLiteral("state"), QStringLiteral("work")}) {
        if (!dir.mkpath(sub)) {
            *error = QStringLiteral("cannot create %1").arg(m_dir->filePath(sub));
            return false;
        }
    }

    m_pki = std::make_unique<TestPki>(m_dir->filePath(QStringLiteral("pki")));
    if (!m_pki->createCa(error) ||
        !m_pki->issue(QStringLiteral("server"), {tlsHostName()}, {host()}, TestPki::Validity::Valid, error)) {
        return false;
    }

    // scheme=PLAIN: APOP needs the plaintext password. The six colons are the passwd-file fields Dovecot expects.
    QByteArray users = user().toUtf8() + ":{PLAIN}" + password().toUtf8() + "::::::\n" + emptyUser().toUtf8() +
                       ":{PLAIN}" + emptyUserPassword().toUtf8() + "::::::\n";
    for (const ExtraUser &extra : qAsConst(m_extraUsers)) {
        users += extra.name.toUtf8() + ":{PLAIN}" + extra.password.toUtf8() + "::::::\n";
    }
    if (!TestFiles::write(m_dir->filePath(QStringLiteral("passwd")), users, error)) {
        return false;
    }
    QFile::setPermissions(m_dir->filePath(QStringLiteral("passwd")), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                                         QFileDevice::ReadGroup |
                                                                         QFileDevice::ReadOther);

    if (!TestMailbox::writeEmptyMaildir(m_dir->filePath(QStringLiteral("mail")), m_mailUid, m_mailGid, error) ||
        !m_mailbox.writeMaildir(maildir(user()), m_mailUid, m_mailGid, error) ||
        !TestMailbox::writeEmptyMaildir(maildir(emptyUser()), m_mailUid, m_mailGid, error)) {
        return false;
    }
    for (const ExtraUser &extra : qAsConst(m_extraUsers)) {
        if (!TestMailbox::writeMaildir(maildir(extra.name), extra.storedMessages, m_mailUid, m_mailGid, error)) {
            return false;
        }
    }
    if (oauthEnabled() && !writeOAuthFile(error)) {
        return false;
    }
    return !m_mtaSupport || prepareMtaFiles(error);
}

bool DovecotFixture::writeOAuthFile(QString *error) const
{
    // passdb oauth2's own settings file (TESTING-NOTES.md), read by the auth process (user dovecot): world-readable,
    // like the passwd file; the client secret is a throw-away of the test's authorization server.
    QByteArray text = "# Written by DovecotFixture: access tokens checked by RFC 7662 introspection.\n"
                      "introspection_mode = post\n"
                      "introspection_url = " +
                      m_oauth.introspectionUrl.toUtf8() + "\nclient_id = " + m_oauth.clientId.toUtf8() +
                      "\nclient_secret = " + m_oauth.clientSecret.toUtf8() +
                      "\nusername_attribute = username\nusername_format = %Lu\nactive_attribute = active\n"
                      "active_value = true\ntls_ca_cert_file = " +
                      QFile::encodeName(m_oauth.caFile) + "\n";
    if (!m_oauth.scope.isEmpty()) {
        text += "scope = " + m_oauth.scope.toUtf8() + "\n";
    }
    const QString file = m_dir->filePath(QStringLiteral("oauth2.conf.ext"));
    if (!TestFiles::write(file, text, error)) {
        return false;
    }
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                    QFileDevice::ReadOther);
    return true;
}

bool DovecotFixture::prepareMtaFiles(QString *error)
{
    // The sockets' directory only needs to be walked through by postfix; the sockets themselves are 0660 postfix.
    // The login record is written by the post-login script, which runs as Dovecot's internal user, and read by
    // PostfixFixture's policy daemon (another unprivileged user): its directory belongs to `dovecot`, 0755.
    if (!::getpwnam("postfix")) {
        *error = QStringLiteral("no system user `postfix` (install postfix)");
        return false;
    }
    // Looked up last: getpwnam() returns a static buffer that the next call overwrites.
    const passwd *internalUser = ::getpwnam("dovecot");
    if (!internalUser) {
        *error = QStringLiteral("no system user `dovecot` (install dovecot-core)");
        return false;
    }
    const QDir dir(m_dir->path());
    if (!dir.mkpath(QStringLiteral("mta")) || !dir.mkpath(QStringLiteral("poplogins")) ||
        ::chown(QFile::encodeName(m_dir->filePath(QStringLiteral("poplogins"))).constData(), internalUser->pw_uid,
                internalUser->pw_gid) != 0) {
        *error = QStringLiteral("cannot create the MTA directories in %1").arg(m_dir->path());
        return false;
    }
    // script-login runs the script with the session's environment ($IP is the client's address) and the rest of
    // the pop3 command line as arguments, which the script must exec. %N: sub-second delays can be told apart.
    const QString script = m_dir->filePath(QStringLiteral("pop3-postlogin.sh"));
    const QByteArray text = "#!/bin/sh\n# Written by DovecotFixture: records each POP3 login for POP-before-SMTP.\n"
                            "umask 022\n"
                            "echo \"$IP $(date +%s.%N)\" >> '" +
                            QFile::encodeName(popLoginsFile()) + "'\nexec \"$@\"\n";
    if (!TestFiles::write(script, text, error)) {
        return false;
    }
    QFile::setPermissions(script, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                      QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                      QFileDevice::ExeOther);
    return true;
}

bool DovecotFixture::writeConfig(QString *error) const
{
    // Beyond TESTING-NOTES.md: ssl_min_protocol (as asked), auth_verbose (failed logins explained in the log),
    // auth_failure_delay = 0 (a wrong password is answered in ~0.5 s instead of 2 s) and the anvil-auth-penalty
    // socket with mode 0, which is Dovecot's documented way to turn off the per-IP penalty: without it every login
    // from 127.0.0.1 after one wrong password waits 2-15 s, which slows down every test after a negative one.
    // base_dir and state_dir keep every socket, pid file and state file in the temp dir (nothing under /var/run
    // or /var/lib), which is what lets several fixtures run at once. Loopback counts as "secured" for Dovecot, so
    // plaintext logins would work even without disable_plaintext_auth = no.
    QString config = QStringLiteral(R"(# Written by DovecotFixture for one test run.
base_dir = @DIR@/run
state_dir = @DIR@/state
listen = 127.0.0.1
protocols = pop3
log_path = @DIR@/dovecot.log
auth_verbose = yes
auth_failure_delay = 0
ssl = yes
ssl_cert = <@CERT@
ssl_key = <@KEY@
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login apop
passdb {
  driver = passwd-file
  args = scheme=PLAIN @DIR@/passwd@PASSWD_MECHANISMS@
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=@DIR@/mail/%u
}
mail_uid = vmail
mail_gid = vmail
first_valid_uid = 1
mail_location = maildir:@DIR@/mail/%u
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = @POP3_PORT@
  }
  inet_listener pop3s {
    port = @POP3S_PORT@
    ssl = yes
  }
}
)");
    if (m_mtaSupport) {
        // Settings repeated here override the ones above (the last one wins; sections are merged).
        config += QStringLiteral(R"(
# For PostfixFixture: SASL and LMTP sockets for the postfix user, user names without the domain, and the POP3
# post-login script that records each login (POP before SMTP).
protocols = pop3 lmtp
auth_username_format = %Ln
service auth {
  unix_listener @DIR@/mta/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service lmtp {
  unix_listener @DIR@/mta/lmtp {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service pop3 {
  executable = pop3 pop3-postlogin
}
service pop3-postlogin {
  executable = script-login @DIR@/pop3-postlogin.sh
  user = $default_internal_user
  unix_listener pop3-postlogin {
  }
}
)");
    }
    if (oauthEnabled()) {
        // A second passdb for the token mechanisms only; the passwd-file above keeps serving the others.
        config += QStringLiteral(R"(
# enableOAuth(): XOAUTH2 and OAUTHBEARER, the bearer token checked by introspection at the authorization server.
auth_mechanisms = $auth_mechanisms xoauth2 oauthbearer
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = @DIR@/oauth2.conf.ext
}
)");
    }
    config.replace(QStringLiteral("@DIR@"), m_dir->path())
        .replace(QStringLiteral("@CERT@"), m_pki->certFile(QStringLiteral("server")))
        .replace(QStringLiteral("@KEY@"), m_pki->keyFile(QStringLiteral("server")))
        .replace(QStringLiteral("@POP3_PORT@"), QString::number(m_pop3Port))
        .replace(QStringLiteral("@POP3S_PORT@"), QString::number(m_pop3sPort))
        // With enableOAuth() the passwords serve the password mechanisms only: without this line a bearer "token"
        // equal to the user's password would pass XOAUTH2 through the passwd-file. `none` is the lookup without a
        // login (the static userdb checks that the user exists, e.g. for LMTP delivery).
        .replace(QStringLiteral("@PASSWD_MECHANISMS@"),
                 oauthEnabled() ? QStringLiteral("\n  mechanisms = none plain login apop") : QString());
    if (!m_extraConfig.isEmpty()) {
        config += QStringLiteral("\n# Added by the test (DovecotFixture::setExtraConfig)\n") + m_extraConfig +
                  QLatin1Char('\n');
    }
    return TestFiles::write(m_dir->filePath(QStringLiteral("dovecot.conf")), config.toUtf8(), error);
}

bool DovecotFixture::launch(bool *portClash, QString *error)
{
    *portClash = false;
    if (!pickPorts(&m_pop3Port, &m_pop3sPort)) {
        *error = QStringLiteral("cannot find free loopback ports");
        return false;
    }
    if (!writeConfig(error)) {
        return false;
    }
    const QString program = dovecotProgram();
    if (program.isEmpty()) {
        *error = QStringLiteral("`dovecot` not found (install dovecot-core and dovecot-pop3d)");
        return false;
    }

    // Each attempt gets a fresh log so the failure report only shows this attempt.
    QFile::remove(logFile());
    m_process = std::make_unique<QProcess>();
    // -F keeps the master in the foreground: we own it, and it cannot keep our pipes open after daemonizing. Its
    // own output goes to a file, never to a pipe that nobody reads while a test blocks.
    m_process->setStandardOutputFile(m_dir->filePath(QStringLiteral("dovecot.stderr")));
    m_process->setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_LINUX
    // If the test process dies without running destructors (crash, ctest timeout), take Dovecot down with it
    // instead of leaving a server bound to the ports.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_process->start(program,
                     {QStringLiteral("-F"), QStringLiteral("-c"), m_dir->filePath(QStringLiteral("dovecot.conf"))});
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, m_process->errorString());
        return false;
    }
    if (waitUntilReady(error)) {
        return true;
    }
    *portClash = log().contains("Address already in use") ||
                 readFile(m_dir->filePath(QStringLiteral("dovecot.stderr"))).contains("Address already in use");
    return false;
}

bool DovecotFixture::waitUntilReady(QString *error)
{
    const QDeadlineTimer deadline(startTimeoutMs);
    bool greeted = false;
    QByteArray lastBanner;
    while (!deadline.hasExpired()) {
        // Dovecot exits at once on a bad config or a port in use; no point waiting out the deadline then. (Without
        // an event loop QProcess only notices the exit inside a waitFor...() call.)
        if (m_process->state() == QProcess::NotRunning || m_process->waitForFinished(0)) {
            *error = failureReport(
                QStringLiteral("Dovecot exited with code %1 before it was ready").arg(m_process->exitCode()));
            return false;
        }
        if (!greeted) {
            QTcpSocket socket;
            socket.connectToHost(host(), m_pop3Port);
            if (socket.waitForConnected(500)) {
                while (!socket.canReadLine() && socket.waitForReadyRead(2000)) {
                }
                lastBanner = socket.readLine().trimmed();
                greeted = lastBanner.startsWith("+OK");
                socket.write("QUIT\r\n");
                socket.waitForBytesWritten(500);
            }
        }
        if (greeted) {
            QTcpSocket socket;
            socket.connectToHost(host(), m_pop3sPort);
            // The master logs "starting up" only once all its listeners are bound: so the answers came from our
            // Dovecot, not from a concurrent fixture that won a race for the same ports.
            if (socket.waitForConnected(500) && log().contains(" starting up ")) {
                return true;
            }
        }
        // Doubles as the pause between probes.
        m_process->waitForFinished(50);
    }
    *error = failureReport(QStringLiteral("Dovecot not ready within %1 ms (ports %2/%3, last banner: \"%4\")")
                               .arg(startTimeoutMs)
                               .arg(m_pop3Port)
                               .arg(m_pop3sPort)
                               .arg(QString::fromLatin1(lastBanner)));
    return false;
}

QString DovecotFixture::failureReport(const QString &what) const
{
    const QByteArray output = readFile(m_dir->filePath(QStringLiteral("dovecot.stderr"))).trimmed();
    QString report = what + QStringLiteral("; config: ") + m_dir->filePath(QStringLiteral("dovecot.conf"));
    if (!output.isEmpty()) {
        report += QStringLiteral("; output: ") + QString::fromLocal8Bit(TestProcess::tail(output, 1000));
    }
    report += QStringLiteral("; log tail: ") + QString::fromLocal8Bit(TestProcess::tail(log().trimmed(), 1500));
    return report;
}

void DovecotFixture::stop()
{
    if (!m_process) {
        return;
    }
    // SIGTERM lets the master stop its children; only a master that hangs gets SIGKILL.
    TestProcess::stop(*m_process, 10000);
    m_process.reset();
}

bool DovecotFixture::resetMailbox(QString *error)
{
    QString ignored;
    if (!error) {
        error = &ignored;
    }
    if (!m_dir) {
        *error = QStringLiteral("resetMailbox() before start()");
        return false;
    }
    // A pop3 process may still be writing its index right after the client hung up; let it finish first.
    waitForSessionsToEnd();
    return m_mailbox.writeMaildir(maildir(user()), m_mailUid, m_mailGid, error);
}

QStringList DovecotFixture::currentMessageFiles() const
{
    return m_dir ? TestMailbox::messageFiles(maildir(user())) : QStringList();
}

QByteArray DovecotFixture::log() const
{
    return m_dir ? readFile(logFile()) : QByteArray();
}

bool DovecotFixture::waitForLog(const QByteArray &needle, qsizetype fromOffset, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    do {
        if (log().indexOf(needle, fromOffset) >= 0) {
            return true;
        }
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    return false;
}

bool DovecotFixture::waitForSessionsToEnd(int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    do {
        // Every successful login logs "pop3-login: Info: Login: user=<x>", and the mail process that served it
        // logs "pop3(x)<pid><session>: Info: Disconnected: ..." once it has let go of the maildir.
        int logins = 0;
        int ends = 0;
        const QList<QByteArray> lines = log().split('\n');
        for (const QByteArray &line : lines) {
            if (line.contains(" pop3-login: Info: Login: user=<")) {
                ++logins;
            } else if (line.contains(" pop3(") && line.contains(": Info: Disconnected")) {
                ++ends;
            }
        }
        if (ends >= logins) {
            return true;
        }
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    return false;
}
