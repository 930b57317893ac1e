// One tray program per user: a second claim on the same name fails and asks the first to show itself.

#include "singleinstance.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace mailshim;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondStartActivatesTheFirst()
    {
        const QString name = QStringLiteral("mailshim-test-") + QUuid::createUuid().toString(QUuid::Id128);
        SingleInstance first(name);
        QVERIFY(first.claim());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);
        bool secondClaimed = true;
        // The second start runs while the first one's event loop answers, as two processes would.
        QTimer::singleShot(0, [&] {
            SingleInstance second(name);
            secondClaimed = second.claim();
        });
        QTRY_COMPARE(activated.size(), 1);
        QVERIFY(!secondClaimed);
    }

    void staleSocketFromACrashIsTakenOver()
    {
        const QString name = QStringLiteral("mailshim-test-") + QUuid::createUuid().toString(QUuid::Id128);
        {
            SingleInstance crashed(name);
            QVERIFY(crashed.claim());
        } // gone without a clean exit of the process: the name is free again
        SingleInstance next(name);
        QVERIFY(next.claim());
    }
};

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
