// One tray program per user: a second claim on the same name fails and asks the first to show itself; a
// socket file left behind by a crash does not stop the next start.

#include "ui/tray/singleinstance.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace mailshim;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void secondStartActivatesTheFirst()
    {
        const QString name = m_dir.filePath(QStringLiteral("first"));
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
        // What a crashed process leaves: a bound Unix socket file that nobody listens on any more.
        const QString name = m_dir.filePath(QStringLiteral("stale"));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = name.toLocal8Bit();
        QVERIFY(size_t(path.size()) < sizeof(address.sun_path));
        std::copy(path.begin(), path.end(), address.sun_path);
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::close(fd);
        QVERIFY(QFile::exists(name));

        SingleInstance next(name);
        QVERIFY(next.claim());
        QSignalSpy activated(&next, &SingleInstance::activationRequested);
        QTimer::singleShot(0, [&] { QVERIFY(!SingleInstance(name).claim()); });
        QTRY_COMPARE(activated.size(), 1); // and it really serves the name now
    }

    void defaultNameIsInThePrivateRuntimeFolder()
    {
        const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
        QVERIFY(!runtime.isEmpty());
        QVERIFY(SingleInstance::defaultName().startsWith(runtime + QLatin1Char('/')));
        QCOMPARE(QFile::permissions(runtime) &
                     (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
                 QFile::Permissions());
    }
};

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
