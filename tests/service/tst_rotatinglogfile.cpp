// Rotating log files: the size cap holds, the number of generations holds, and nothing between the
// oldest kept line and the newest one is lost.

#include "service/rotatinglogfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mailshim;

class TestRotatingLogFile : public QObject
{
    Q_OBJECT

    static QStringList lines(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QStringList result = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        if (!result.isEmpty() && result.last().isEmpty())
            result.removeLast();
        return result;
    }

private Q_SLOTS:
    void rotatesKeepingGenerations()
    {
        QTemporaryDir dir;
        RotatingLogFile log(dir.path() + QStringLiteral("/logs"), 2048, 3);
        QString error;
        QVERIFY2(log.open(&error), qPrintable(error));
        const int count = 500; // ~20 KB of lines: many rotations
        for (int i = 0; i < count; ++i)
            log.write(QStringLiteral("line %1 of the test log, padded to some length").arg(i, 4, 10, QLatin1Char('0')));
        QVERIFY(log.lastError().isEmpty());

        const QString base = dir.path() + QStringLiteral("/logs/mailshim.log");
        QStringList kept;
        for (const QString &path :
             {base + QStringLiteral(".3"), base + QStringLiteral(".2"), base + QStringLiteral(".1"), base}) {
            QVERIFY2(QFile::exists(path), qPrintable(path));
            QVERIFY2(QFileInfo(path).size() <= 2048, qPrintable(path));
            kept += lines(path);
        }
        QVERIFY(!QFile::exists(base + QStringLiteral(".4")));
        // The newest lines are all there, in order, ending with the last one written.
        QVERIFY(kept.size() > 100);
        const int first = count - int(kept.size());
        for (int i = 0; i < kept.size(); ++i)
            QCOMPARE(kept.at(i).mid(5, 4).toInt(), first + i);
        QCOMPARE(kept.last().mid(5, 4).toInt(), count - 1);
    }

    void appendsToAnExistingFile()
    {
        QTemporaryDir dir;
        {
            RotatingLogFile log(dir.path());
            QString error;
            QVERIFY(log.open(&error));
            log.write(QStringLiteral("before restart"));
        }
        RotatingLogFile log(dir.path());
        QString error;
        QVERIFY(log.open(&error));
        log.write(QStringLiteral("after restart"));
        QCOMPARE(lines(log.currentPath()),
                 (QStringList{QStringLiteral("before restart"), QStringLiteral("after restart")}));
    }

    void unwritableFolderIsAClearError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.path() + QStringLiteral("/file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        RotatingLogFile log(dir.path() + QStringLiteral("/file/logs"));
        QString error;
        QVERIFY(!log.open(&error));
        QVERIFY2(error.contains(QStringLiteral("cannot create the log folder")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRotatingLogFile)
#include "tst_rotatinglogfile.moc"
