// mailshim-test-dovecot: the test Dovecot (DovecotFixture) as a program, for proofs driven by shell scripts
// (installer/windows/wine-proof.sh reads mail through mailshim.exe under Wine from it).
//
//   mailshim-test-dovecot DIR
//
// Starts Dovecot on free loopback ports, writes DIR/fixture.env (shell variables: HOST, TLS_NAME, POP3_PORT,
// POP3S_PORT, CA_FILE, MAIL_USER, MAIL_PASSWORD, MESSAGES, LOG_FILE: Dovecot's log, which names each login's
// method and whether it ran over TLS) and DIR/expected/<n>.eml (each message as a client
// has it after RETR, the form popclient.py retr-all writes), prints "ready" and serves until SIGTERM or SIGINT.
// Needs root, like every Dovecot test.

#include "dovecotfixture.h"

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

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: mailshim-test-dovecot DIR\n");
        return 2;
    }
    const QDir dir(args.at(1));
    if (!dir.mkpath(QStringLiteral("expected"))) {
        std::fprintf(stderr, "cannot create %s/expected\n", qPrintable(dir.path()));
        return 1;
    }

    DovecotFixture dovecot;
    QString error;
    if (!dovecot.start(&error)) {
        std::fprintf(stderr, "Dovecot did not start: %s\n", qPrintable(error));
        return 1;
    }
    for (int i = 0; i < dovecot.messageCount(); ++i) {
        if (!writeFile(dir.filePath(QStringLiteral("expected/%1.eml").arg(i + 1)), dovecot.messages().at(i))) {
            std::fprintf(stderr, "cannot write the expected messages into %s\n", qPrintable(dir.path()));
            return 1;
        }
    }
    const QString env = QStringLiteral("HOST=%1\nTLS_NAME=%2\nPOP3_PORT=%3\nPOP3S_PORT=%4\nCA_FILE=%5\n"
                                       "MAIL_USER=%6\nMAIL_PASSWORD=%7\nMESSAGES=%8\nLOG_FILE=%9\n")
                            .arg(dovecot.host(), dovecot.tlsHostName())
                            .arg(dovecot.pop3Port())
                            .arg(dovecot.pop3sPort())
                            .arg(dovecot.caFile(), DovecotFixture::user(), DovecotFixture::password())
                            .arg(dovecot.messageCount())
                            .arg(dovecot.logFile());
    if (!writeFile(dir.filePath(QStringLiteral("fixture.env")), env.toUtf8())) {
        std::fprintf(stderr, "cannot write %s/fixture.env\n", qPrintable(dir.path()));
        return 1;
    }

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
    return app.exec(); // the fixture stops Dovecot and removes its directory on the way out
}
