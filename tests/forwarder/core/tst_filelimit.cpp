// raiseFileLimit(): the soft RLIMIT_NOFILE goes up to the hard one, so a service with 1000 sessions (2000+
// descriptors) does not stop accepting at the usual soft limit of 1024. Proved with real descriptors.

#include "core/filelimit.h"

#include <QTest>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace mailshim;

class TestFileLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisesSoftToHard()
    {
        rlimit limit{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
        if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < 2100)
            QSKIP("the hard descriptor limit here is below 2100; nothing to prove");
        limit.rlim_cur = 256; // lowering needs no privilege; raising back to the hard limit does not either
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &limit), 0);

        const FileLimitResult result = raiseFileLimit();
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.before, 256);
        QVERIFY(result.after >= 2100);
        rlimit now{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
        QCOMPARE(qint64(now.rlim_cur), result.after);
        if (limit.rlim_max != RLIM_INFINITY)
            QCOMPARE(now.rlim_cur, limit.rlim_max);

        // What 1000 sessions need: over 2000 descriptors open at once (pipes stand in for the sockets).
        std::vector<int> fds;
        for (int i = 0; i < 1050; ++i) {
            int pair[2];
            QVERIFY2(::pipe(pair) == 0, qPrintable(QStringLiteral("pipe %1 failed").arg(i)));
            fds.push_back(pair[0]);
            fds.push_back(pair[1]);
        }
        for (const int fd : fds)
            ::close(fd);
    }

    void secondCallChangesNothing()
    {
        const FileLimitResult first = raiseFileLimit();
        const FileLimitResult second = raiseFileLimit();
        QVERIFY(second.error.isEmpty());
        QCOMPARE(second.before, first.after);
        QCOMPARE(second.after, first.after);
    }
};

QTEST_GUILESS_MAIN(TestFileLimit)
#include "tst_filelimit.moc"
