// mailshim-test-postfix: the test Postfix in front of its Dovecot (PostfixFixture) as a program, for proofs driven by
// shell scripts (installer/windows/wine-proof.sh sends mail through mailshim-service.exe under Wine into it).
//
//   mailshim-test-postfix DIR
//
// Starts Dovecot and Postfix on free loopback ports, writes DIR/fixture.env (shell variables: HOST, TLS_NAME,
// SMTPS_PORT (implicit TLS), SUBMISSION_PORT (STARTTLS), CA_FILE, DOMAIN, SMTP_USER and SMTP_PASSWORD (an SMTP AUTH
// account), RCPT_USER and RCPT_PASSWORD (a Dovecot account whose mailbox starts empty: send to
// $RCPT_USER@$DOMAIN and read it back there), POP3_PORT (that Dovecot's plain POP3), MAILLOG (Postfix's log)),
// prints "ready" and serves until SIGTERM or SIGINT. Needs root, like every Postfix and Dovecot test.

#include "postfixfixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace {

std::atomic_bool g_stop{false};

void requestStop(int)
{
    g_stop = true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: mailshim-test-postfix DIR\n");
        return 2;
    }
    const QDir dir(args.at(1));
    if (!dir.mkpath(QStringLiteral("."))) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(dir.path()));
        return 1;
    }

    PostfixFixture postfix;
    QString error;
    if (!postfix.start(&error)) {
        std::fprintf(stderr, "Postfix did not start: %s\n", qPrintable(error));
        return 1;
    }
    const QString env = QStringLiteral("HOST=%1\nTLS_NAME=%2\nSMTPS_PORT=%3\nSUBMISSION_PORT=%4\nCA_FILE=%5\n"
                                       "DOMAIN=%6\nSMTP_USER=%7\nSMTP_PASSWORD=%8\nRCPT_USER=%9\n")
                            .arg(postfix.host(), postfix.tlsHostName())
                            .arg(postfix.smtpsPort())
                            .arg(postfix.submissionPort())
                            .arg(postfix.caFile(), PostfixFixture::domain(), PostfixFixture::user(),
                                 PostfixFixture::password(), PostfixFixture::secondUser()) +
                        QStringLiteral("RCPT_PASSWORD=%1\nPOP3_PORT=%2\nMAILLOG=%3\n")
                            .arg(PostfixFixture::secondUserPassword())
                            .arg(postfix.dovecot().pop3Port())
                            .arg(postfix.maillogFile());
    QFile file(dir.filePath(QStringLiteral("fixture.env")));
    if (!file.open(QIODevice::WriteOnly) || file.write(env.toUtf8()) != env.toUtf8().size() || !file.flush()) {
        std::fprintf(stderr, "cannot write %s/fixture.env\n", qPrintable(dir.path()));
        return 1;
    }
    file.close();

    std::signal(SIGTERM, requestStop);
    std::signal(SIGINT, requestStop);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [] {
        if (g_stop)
            QCoreApplication::quit();
    });
    poll.start(200);
    std::printf("ready\n");
    std::fflush(stdout);
    return app.exec(); // the fixture stops Postfix and Dovecot and removes their directories on the way out
}
