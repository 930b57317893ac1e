// Health: failed-host and failed-account marks expire; a different password is never blocked.

#include "core/health.h"
#include "net/backoff.h"

#include <QTest>

using namespace mailshim;

class TestHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostMarkExpires()
    {
        Health health;
        const QString key = Health::hostKey(QStringLiteral("pop.example.net"), 995);
        QCOMPARE(health.hostBlockedMs(key), 0);
        health.markHostFailed(key, 1, QStringLiteral("refused"));
        Message reason;
        QVERIFY(health.hostBlockedMs(key, &reason) > 0);
        QCOMPARE(reason.english(), QStringLiteral("refused"));
        QTRY_COMPARE_WITH_TIMEOUT(health.hostBlockedMs(key), 0, 3000);
    }

    void accountMarkOnlyForTheSamePassword()
    {
        Health health;
        const QString key = Health::hostKey(QStringLiteral("h"), 110);
        health.markAccountFailed(key, "alice", "wrong", 1);
        QVERIFY(health.accountBlockedMs(key, "alice", "wrong") > 0);
        QCOMPARE(health.accountBlockedMs(key, "alice", "right"), 0);
        QCOMPARE(health.accountBlockedMs(key, "bob", "wrong"), 0);
        QCOMPARE(health.accountBlockedMs(Health::hostKey(QStringLiteral("h"), 995), "alice", "wrong"), 0);
        QTRY_COMPARE_WITH_TIMEOUT(health.accountBlockedMs(key, "alice", "wrong"), 0, 3000);
        health.markAccountFailed(key, "alice", "wrong", 60);
        health.clearAccount(key, "alice");
        QCOMPARE(health.accountBlockedMs(key, "alice", "wrong"), 0);
    }

    void zeroSecondsMeansNoMark()
    {
        Health health;
        health.markHostFailed(QStringLiteral("h:1"), 0, QStringLiteral("x"));
        QCOMPARE(health.hostBlockedMs(QStringLiteral("h:1")), 0);
    }

    void backoff()
    {
        QCOMPARE(mailshim::backoffMs(0, 1000, 60000), 1000);
        QCOMPARE(mailshim::backoffMs(1, 1000, 60000), 2000);
        QCOMPARE(mailshim::backoffMs(3, 1000, 60000), 8000);
        QCOMPARE(mailshim::backoffMs(10, 1000, 60000), 60000);
        QCOMPARE(mailshim::backoffMs(1000, 1000, 60000), 60000);
    }
};

QTEST_GUILESS_MAIN(TestHealth)
#include "net/backoff.h"
#include "tst_health.moc"
