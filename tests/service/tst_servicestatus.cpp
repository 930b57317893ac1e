// `mailshim-service --status` and its exit codes (docs/service.md), against the real binary with the plain
// background-process manager (no systemctl on the PATH, a private config and runtime folder): a MailShim started
// by hand with --console is "another MailShim" (5), not the service (0), whether or not the service is
// installed; a --service process with the installed config is the service.

#include "serviceprocess.h"
#include "testprocess.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestServiceStatus : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_configPath;
    QProcessEnvironment m_environment;

    QString controlName() const { return m_dir.path() + QStringLiteral("/control.sock"); }

    TestProcess::Result verb(const QString &name, const QStringList &more = {})
    {
        TestProcess::Options options;
        options.environment = m_environment;
        options.timeoutMs = 30000;
        return TestProcess::run(ServiceProcess::binary(),
                                QStringList{QStringLiteral("--") + name} + more +
                                    QStringList{QStringLiteral("--control"), controlName()},
                                options);
    }

    // Starts mailshim-service by hand with these arguments and waits until it answers.
    bool startByHand(ServiceProcess &process, const QStringList &arguments)
    {
        process.process().setProcessEnvironment(m_environment);
        QString error;
        if (!process.start(arguments + QStringList{QStringLiteral("--config"), m_configPath,
                                                   QStringLiteral("--control"), controlName()},
                           &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        if (!process.waitForLog(" started (config ")) {
            qWarning("%s", process.log().constData());
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_configPath = m_dir.path() + QStringLiteral("/mailshim.json");
        QFile file(m_configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"listeners\": []}\n");
        file.close();
        const QString empty = m_dir.path() + QStringLiteral("/bin");
        const QString runtime = m_dir.path() + QStringLiteral("/run");
        QVERIFY(QDir().mkpath(empty));
        QVERIFY(QDir().mkpath(runtime));
        QVERIFY(
            QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.insert(QStringLiteral("PATH"), empty); // no systemctl: the plain background process
        m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path() + QStringLiteral("/config"));
        m_environment.insert(QStringLiteral("XDG_STATE_HOME"), m_dir.path() + QStringLiteral("/state"));
        m_environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    }

    void consoleByHandIsAnotherMailShimNotTheService()
    {
        QCOMPARE(verb(QStringLiteral("status")).exitCode, 4); // not installed, nothing answers

        ServiceProcess console;
        QVERIFY(startByHand(console, {QStringLiteral("--console")}));
        TestProcess::Result r = verb(QStringLiteral("status"));
        QVERIFY2(r.exitCode == 5, qPrintable(r.describe() + QString::fromUtf8(r.standardOutput)));
        QVERIFY2(r.standardOutput.contains("another MailShim"), r.standardOutput.constData());

        // Installed, and still only the hand-started console answers: not the service either.
        r = verb(QStringLiteral("install"), {QStringLiteral("--config"), m_configPath});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = verb(QStringLiteral("status"));
        QVERIFY2(r.exitCode == 5, qPrintable(r.describe() + QString::fromUtf8(r.standardOutput)));
        QCOMPARE(console.stop(), 0);
        QCOMPARE(verb(QStringLiteral("status")).exitCode, 3); // installed, not running
    }

    void serviceWithTheInstalledConfigIsTheService()
    {
        TestProcess::Result r = verb(QStringLiteral("install"), {QStringLiteral("--config"), m_configPath});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        ServiceProcess service;
        QVERIFY(startByHand(service, {QStringLiteral("--service"), QStringLiteral("--log-dir"),
                                      m_dir.path() + QStringLiteral("/logs")}));
        r = verb(QStringLiteral("status"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe() + QString::fromUtf8(r.standardOutput)));
        QCOMPARE(service.stop(), 0);
        r = verb(QStringLiteral("uninstall"));
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(verb(QStringLiteral("status")).exitCode, 4);
    }
};

QTEST_GUILESS_MAIN(TestServiceStatus)
#include "tst_servicestatus.moc"
