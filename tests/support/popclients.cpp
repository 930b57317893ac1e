#include "popclients.h"

#include "testprocess.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QUrl>

namespace {

int g_timeoutMs = 120000;

QString tlsName(const PopClients::Endpoint &endpoint)
{
    return endpoint.tlsHostName.isEmpty() ? endpoint.host : endpoint.tlsHostName;
}

// The clients' own timeout, a little shorter than the deadline after which we kill them, so a hang usually ends
// with the client's explanation rather than a bare kill.
QString clientTimeoutSeconds()
{
    return QString::number(qMax(1, g_timeoutMs / 1000 - 5));
}

bool usesTls(PopClients::Mode mode)
{
    return mode == PopClients::Mode::Pop3s || mode == PopClients::Mode::Stls;
}

PopClients::Result fromProcess(const TestProcess::Result &process)
{
    PopClients::Result result;
    result.commandLine = process.commandLine;
    result.ok = process.succeeded();
    result.exitCode = process.started && !process.timedOut && !process.crashed ? process.exitCode : -1;
    result.output = process.standardOutput;
    result.stderrText = process.standardError;
    if (process.timedOut) {
        result.stderrText += QByteArrayLiteral("\n[timed out and killed]");
    }
    return result;
}

// A C-style quoted string for fetchmailrc: the password must survive quotes and backslashes.
QByteArray rcQuoted(const QString &text)
{
    QByteArray quoted = text.toUtf8();
    quoted.replace("\\", "\\\\").replace("\"", "\\\"");
    return '"' + quoted + '"';
}

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QStringList curlBaseArguments(const PopClients::Endpoint &endpoint, const QString &path)
{
    const bool tls = usesTls(endpoint.mode);
    // With a separate certificate name, connect to that name but have curl resolve it to the real address, so
    // the hostname check runs against the name.
    const QString urlHost = tls ? tlsName(endpoint) : endpoint.host;
    QUrl url;
    url.setScheme(endpoint.mode == PopClients::Mode::Pop3s ? QStringLiteral("pop3s") : QStringLiteral("pop3"));
    url.setHost(urlHost);
    url.setPort(endpoint.port);
    url.setPath(QLatin1Char('/') + path);

    QStringList arguments = {QStringLiteral("--silent"),
                             QStringLiteral("--show-error"),
                             QStringLiteral("--verbose"),
                             QStringLiteral("--connect-timeout"),
                             QStringLiteral("10"),
                             QStringLiteral("--max-time"),
                             clientTimeoutSeconds(),
                             QStringLiteral("--user"),
                             endpoint.user + QLatin1Char(':') + endpoint.password};
    if (tls && urlHost != endpoint.host) {
        arguments << QStringLiteral("--resolve")
                  << QStringLiteral("%1:%2:%3").arg(urlHost).arg(endpoint.port).arg(endpoint.host);
    }
    if (tls && !endpoint.caFile.isEmpty()) {
        arguments << QStringLiteral("--cacert") << endpoint.caFile;
    }
    if (endpoint.mode == PopClients::Mode::Stls) {
        arguments << QStringLiteral("--ssl-reqd");
    }
    if (endpoint.mode == PopClients::Mode::Apop) {
        arguments << QStringLiteral("--login-options") << QStringLiteral("AUTH=+APOP");
    }
    arguments << url.toString();
    return arguments;
}

PopClients::Result runCurl(const QStringList &arguments)
{
    TestProcess::Options options;
    options.timeoutMs = g_timeoutMs;
    return fromProcess(TestProcess::run(QStringLiteral("curl"), arguments, options));
}

QStringList poplibConnectionArguments(const PopClients::Endpoint &endpoint)
{
    QStringList arguments = {PopClients::poplibScript(),
                             QStringLiteral("--host"),
                             endpoint.host,
                             QStringLiteral("--port"),
                             QString::number(endpoint.port),
                             QStringLiteral("--user"),
                             endpoint.user,
                             QStringLiteral("--password"),
                             endpoint.password,
                             QStringLiteral("--timeout"),
                             clientTimeoutSeconds()};
    switch (endpoint.mode) {
    case PopClients::Mode::Plain:
        break;
    case PopClients::Mode::Pop3s:
        arguments << QStringLiteral("--tls") << QStringLiteral("implicit");
        break;
    case PopClients::Mode::Stls:
        arguments << QStringLiteral("--tls") << QStringLiteral("stls");
        break;
    case PopClients::Mode::Apop:
        arguments << QStringLiteral("--auth") << QStringLiteral("apop");
        break;
    }
    if (usesTls(endpoint.mode)) {
        if (!endpoint.caFile.isEmpty()) {
            arguments << QStringLiteral("--cafile") << endpoint.caFile;
        }
        arguments << QStringLiteral("--tls-name") << tlsName(endpoint);
    }
    return arguments;
}

} // namespace

QString PopClients::Result::describe() const
{
    QString text = QStringLiteral("`%1` %2").arg(
        commandLine, exitCode < 0 ? QStringLiteral("did not finish") : QStringLiteral("exited with %1").arg(exitCode));
    const QByteArray err = TestProcess::tail(stderrText, 1500).trimmed();
    if (!err.isEmpty()) {
        text += QStringLiteral("; stderr: ") + QString::fromLocal8Bit(err);
    }
    return text;
}

void PopClients::setTimeoutMs(int timeoutMs)
{
    g_timeoutMs = timeoutMs;
}

PopClients::Result PopClients::curlRetr(const Endpoint &endpoint, int messageNumber)
{
    return runCurl(curlBaseArguments(endpoint, QString::number(messageNumber)));
}

PopClients::Result PopClients::curlList(const Endpoint &endpoint)
{
    return runCurl(curlBaseArguments(endpoint, QString()));
}

PopClients::Result PopClients::curlCommand(const Endpoint &endpoint, const QString &command, const QString &argument,
                                           bool multiLine)
{
    QStringList arguments = {QStringLiteral("--request"), command};
    if (!multiLine) {
        // curl's way of saying "a single-line answer, no body": without it curl waits for a body that never comes.
        arguments << QStringLiteral("--head");
    }
    return runCurl(arguments + curlBaseArguments(endpoint, argument));
}

QString PopClients::poplibScript()
{
    return QStringLiteral(MAILSHIM_POPCLIENT_PY);
}

PopClients::Result PopClients::poplib(const Endpoint &endpoint, const QStringList &action)
{
    TestProcess::Options options;
    options.timeoutMs = g_timeoutMs;
    return fromProcess(
        TestProcess::run(QStringLiteral("python3"), poplibConnectionArguments(endpoint) + action, options));
}

PopClients::Result PopClients::poplibRetrAll(const Endpoint &endpoint, const QString &workDir)
{
    const QString dir = freshDirectory(workDir, QStringLiteral("poplib"));
    Result result = poplib(endpoint, {QStringLiteral("retr-all"), dir});
    if (result.ok) {
        QString problem;
        result.messages = readNumberedFiles(dir, &problem);
        if (!problem.isEmpty() ||
            QString::number(result.messages.size()) != QString::fromUtf8(result.output.trimmed())) {
            result.ok = false;
            result.stderrText += QStringLiteral("\n[poplib said it retrieved %1 messages; %2 files read. %3]")
                                     .arg(QString::fromUtf8(result.output.trimmed()))
                                     .arg(result.messages.size())
                                     .arg(problem)
                                     .toUtf8();
        }
    }
    return result;
}

PopClients::Result PopClients::fetchmailRetrAll(const Endpoint &endpoint, const QString &workDir)
{
    const QString dir = freshDirectory(workDir, QStringLiteral("fetchmail"));
    const QString outDir = dir + QStringLiteral("/out");
    QDir().mkpath(outDir);

    // What the options are for (each one removes a change fetchmail would otherwise make, so no normalisation is
    // needed and the delivered files are the messages byte for byte):
    //  - set invisible: no "Received: from ... by ... with POP3 (fetchmail-x.y)" header is prepended;
    //  - no stripcr: with an MDA fetchmail strips every CR by default (CRLF -> LF); this keeps the server's CRLF;
    //  - no rewrite: addresses in To/Cc/From... are not rewritten;
    //  - keep + fetchall: leave the messages on the server and fetch them even if a previous run saw them;
    //  - sslproto "": no opportunistic STARTTLS in the plain modes; "TLS1.2+" forces TLS (STLS without `ssl`).
    // fetchmail does not check IP addresses in certificates, hence sslcommonname with the certificate's name.
    QByteArray poll = QByteArrayLiteral("poll ") + rcQuoted(endpoint.host) + QByteArrayLiteral(" service ") +
                      QByteArray::number(endpoint.port) + QByteArrayLiteral(" protocol ") +
                      (endpoint.mode == Mode::Apop ? QByteArrayLiteral("apop") : QByteArrayLiteral("pop3")) +
                      QByteArrayLiteral(" timeout ") + clientTimeoutSeconds().toUtf8() +
                      QByteArrayLiteral("\n  user ") + rcQuoted(endpoint.user) +
                      QByteArrayLiteral(" there with password ") + rcQuoted(endpoint.password) +
                      QByteArrayLiteral("\n  options keep fetchall no rewrite no stripcr no mimedecode");
    if (usesTls(endpoint.mode)) {
        if (endpoint.mode == Mode::Pop3s) {
            poll += QByteArrayLiteral(" ssl");
        }
        poll += QByteArrayLiteral(" sslproto \"TLS1.2+\" sslcertck sslcommonname ") + rcQuoted(tlsName(endpoint));
        if (!endpoint.caFile.isEmpty()) {
            poll += QByteArrayLiteral(" sslcertfile ") + rcQuoted(endpoint.caFile);
        }
    } else {
        poll += QByteArrayLiteral(" sslproto \"\"");
    }
    const QByteArray rc = QByteArrayLiteral("set no syslog\nset invisible\n") + poll + '\n';

    const QString rcFile = dir + QStringLiteral("/fetchmailrc");
    QFile rcOut(rcFile);
    // fetchmail refuses a run-control file that others can read (it holds a password).
    if (!rcOut.open(QIODevice::WriteOnly) || !rcOut.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        rcOut.write(rc) != rc.size()) {
        Result result;
        result.stderrText = "cannot write " + QFile::encodeName(rcFile);
        return result;
    }
    rcOut.close();

    // fetchmail runs the MDA once per message, in order: number the files with a counter so message N is N.eml.
    const QString mdaFile = dir + QStringLiteral("/mda.sh");
    QFile mda(mdaFile);
    const QByteArray mdaScript = QByteArrayLiteral("#!/bin/sh\n"
                                                   "n=$(( $(cat \"$1/count\" 2>/dev/null || echo 0) + 1 ))\n"
                                                   "echo $n > \"$1/count\"\n"
                                                   "exec cat > \"$1/$n.eml\"\n");
    if (!mda.open(QIODevice::WriteOnly) || mda.write(mdaScript) != mdaScript.size()) {
        Result result;
        result.stderrText = "cannot write " + QFile::encodeName(mdaFile);
        return result;
    }
    mda.close();

    TestProcess::Options options;
    options.timeoutMs = g_timeoutMs;
    options.workingDirectory = dir;
    // HOME holds fetchmail's .fetchids (the UIDs it has seen): a fresh one per run, never the user's.
    options.environment = QProcessEnvironment::systemEnvironment();
    options.environment.insert(QStringLiteral("HOME"), dir);
    options.environment.insert(QStringLiteral("FETCHMAILHOME"), dir);
    options.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    // As root fetchmail only warns ("Running as root is discouraged"); it needs no extra flag.
    Result result = fromProcess(
        TestProcess::run(QStringLiteral("fetchmail"),
                         {QStringLiteral("--fetchmailrc"), rcFile, QStringLiteral("--pidfile"),
                          dir + QStringLiteral("/fetchmail.pid"), QStringLiteral("--nodetach"), QStringLiteral("--mda"),
                          QStringLiteral("/bin/sh ") + shellQuoted(mdaFile) + QLatin1Char(' ') + shellQuoted(outDir)},
                         options));
    // Exit code 1 is "no mail", a success for an empty mailbox.
    result.ok = result.exitCode == 0 || result.exitCode == 1;
    // fetchmail reports on stdout as well as stderr; keep both for describe().
    result.stderrText = result.output + result.stderrText;
    if (result.ok) {
        QString problem;
        result.messages = readNumberedFiles(outDir, &problem);
        if (!problem.isEmpty()) {
            result.ok = false;
            result.stderrText += "\n[" + problem.toUtf8() + ']';
        }
    }
    return result;
}

QString PopClients::freshDirectory(const QString &workDir, const QString &prefix)
{
    // Numbered per process, so one test can run the same client many times in one work dir.
    static QAtomicInt counter;
    const QString dir = QStringLiteral("%1/%2-%3").arg(workDir, prefix).arg(counter.fetchAndAddRelaxed(1) + 1);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
}

QList<QByteArray> PopClients::readNumberedFiles(const QString &dir, QString *problem)
{
    QList<QByteArray> messages;
    const int count = int(QDir(dir).entryList({QStringLiteral("*.eml")}, QDir::Files).size());
    for (int number = 1; number <= count; ++number) {
        QFile file(QStringLiteral("%1/%2.eml").arg(dir).arg(number));
        if (!file.open(QIODevice::ReadOnly)) {
            *problem = QStringLiteral("%1 is missing").arg(file.fileName());
            break;
        }
        messages.append(file.readAll());
    }
    return messages;
}
