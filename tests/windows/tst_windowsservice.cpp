// WindowsServiceManager and WindowsServiceHost against the service control manager of the Windows this runs
// on (Wine's, in the proof script). The test registers its own executable as the "MailShim" service: started
// with --service it becomes a tiny service through WindowsServiceHost, which notes what happens to it in the
// file given as --config, so the test sees the SCM start it, stop it through the control handler, and report
// its exit code. Needs an administrator (Wine's default user is one). Leaves no service behind.

#include "credentials/protectedfolder.h"
#include "service/control/controlpipe_win.h"
#include "service/servicepaths.h"
#include "service/systemlog.h"
#include "service/windowsservicehost.h"
#include "service/windowsservicemanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <qt_windows.h>
#include <vector>

using namespace mailshim;

namespace {

constexpr wchar_t kEventLogKey[] = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\MailShim";

QString argumentAfter(const QStringList &arguments, const QString &name)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1) : QString();
}

void note(const QString &path, const QByteArray &line)
{
    QFile file(path);
    if (file.open(QIODevice::Append))
        file.write(line + '\n');
}

// The service side: what mailshim-service --service does, minus the engine. The notes file may ask it to fail
// at start ("fail N" as its first line: exit code N before reporting RUNNING).
int serviceMain(int argc, char **argv)
{
    QString error;
    const int code = WindowsServiceHost::run(
        argc, argv,
        [](int qtArgc, char **qtArgv) {
            QCoreApplication app(qtArgc, qtArgv);
            const QString notes = argumentAfter(app.arguments(), QStringLiteral("--config"));
            QFile file(notes);
            const QByteArray request = file.open(QIODevice::ReadOnly) ? file.readLine().trimmed() : QByteArray();
            file.close();
            if (request.startsWith("fail ")) {
                note(notes, "failing");
                return request.mid(5).toInt();
            }
            note(notes, "running " + app.arguments().join(QLatin1Char(' ')).toUtf8());
            SystemLog::write(SystemLog::Kind::Info, QStringLiteral("test service running"));
            WindowsServiceHost::reportRunning();
            const int exitCode = app.exec();
            note(notes, "stopped");
            return exitCode;
        },
        &error);
    return code;
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The service's registration as the SCM keeps it.
struct Registration
{
    DWORD serviceType = 0;
    DWORD startType = 0;
    QString binaryPath;
    QString account;
    QString displayName;
    QString description;
    bool delayed = false;
    bool delayedKnown = false; // the SCM answers SERVICE_CONFIG_DELAYED_AUTO_START_INFO at all
    bool failureActionsKnown = false;
    bool failureFlagKnown = false;
    DWORD resetPeriod = 0;
    QList<QPair<int, DWORD>> actions; // (SC_ACTION_TYPE, delay ms)
    bool failureActionsOnNonCrash = false;
};

std::vector<BYTE> queryConfig2(SC_HANDLE service, DWORD level)
{
    DWORD needed = 0;
    QueryServiceConfig2W(service, level, nullptr, 0, &needed);
    std::vector<BYTE> buffer(needed ? needed : 1);
    if (!QueryServiceConfig2W(service, level, buffer.data(), DWORD(buffer.size()), &needed))
        buffer.clear();
    return buffer;
}

bool readRegistration(Registration *out)
{
    SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    SC_HANDLE service =
        manager ? OpenServiceW(manager, WindowsServiceHost::kServiceName, SERVICE_QUERY_CONFIG) : nullptr;
    bool ok = service != nullptr;
    if (ok) {
        DWORD needed = 0;
        QueryServiceConfigW(service, nullptr, 0, &needed);
        std::vector<BYTE> buffer(needed);
        auto *config = reinterpret_cast<QUERY_SERVICE_CONFIGW *>(buffer.data());
        ok = QueryServiceConfigW(service, config, needed, &needed);
        if (ok) {
            out->serviceType = config->dwServiceType;
            out->startType = config->dwStartType;
            out->binaryPath = QString::fromWCharArray(config->lpBinaryPathName);
            out->account = QString::fromWCharArray(config->lpServiceStartName);
            out->displayName = QString::fromWCharArray(config->lpDisplayName);
        }
        std::vector<BYTE> description = queryConfig2(service, SERVICE_CONFIG_DESCRIPTION);
        if (!description.empty()) {
            const auto *info = reinterpret_cast<SERVICE_DESCRIPTIONW *>(description.data());
            out->description = info->lpDescription ? QString::fromWCharArray(info->lpDescription) : QString();
        }
        std::vector<BYTE> delayed = queryConfig2(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO);
        out->delayedKnown = !delayed.empty();
        if (!delayed.empty())
            out->delayed = reinterpret_cast<SERVICE_DELAYED_AUTO_START_INFO *>(delayed.data())->fDelayedAutostart;
        std::vector<BYTE> failure = queryConfig2(service, SERVICE_CONFIG_FAILURE_ACTIONS);
        out->failureActionsKnown = !failure.empty();
        if (!failure.empty()) {
            const auto *info = reinterpret_cast<SERVICE_FAILURE_ACTIONSW *>(failure.data());
            out->resetPeriod = info->dwResetPeriod;
            for (DWORD i = 0; i < info->cActions; ++i)
                out->actions.append({int(info->lpsaActions[i].Type), info->lpsaActions[i].Delay});
        }
        std::vector<BYTE> flag = queryConfig2(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG);
        out->failureFlagKnown = !flag.empty();
        if (!flag.empty())
            out->failureActionsOnNonCrash =
                reinterpret_cast<SERVICE_FAILURE_ACTIONS_FLAG *>(flag.data())->fFailureActionsOnNonCrashFailures;
        CloseServiceHandle(service);
    }
    if (manager)
        CloseServiceHandle(manager);
    return ok;
}

// Where both Windows and Wine keep the dependencies (Wine's QueryServiceConfigW leaves lpDependencies empty).
QString dependOnService()
{
    wchar_t value[256] = {};
    DWORD size = sizeof(value) - 2 * sizeof(wchar_t); // stays double-NUL terminated
    if (RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\MailShim", L"DependOnService",
                     RRF_RT_REG_MULTI_SZ, nullptr, value, &size) != ERROR_SUCCESS)
        return QString();
    QStringList names;
    for (const wchar_t *name = value; *name; name += wcslen(name) + 1)
        names << QString::fromWCharArray(name);
    return names.join(QLatin1Char(','));
}

QString eventMessageFile()
{
    wchar_t value[MAX_PATH * 2] = {};
    DWORD size = sizeof(value);
    if (RegGetValueW(HKEY_LOCAL_MACHINE, kEventLogKey, L"EventMessageFile",
                     RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, nullptr, value, &size) != ERROR_SUCCESS)
        return QString();
    return QString::fromWCharArray(value);
}

} // namespace

class TestWindowsService : public QObject
{
    Q_OBJECT

private:
    WindowsServiceManager m_manager;
    QTemporaryDir m_dir;
    QString m_notes;

    ServiceInstallOptions options() const
    {
        return {QCoreApplication::applicationFilePath(), QDir::toNativeSeparators(m_notes)};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_notes = m_dir.filePath(QStringLiteral("service notes.txt")); // a space, like Program Files
        QString error;
        QVERIFY2(m_manager.uninstall(&error), qPrintable(error)); // a leftover from an aborted run
        QCOMPARE(m_manager.kind(), QStringLiteral("Windows service"));
    }

    void cleanup() { QFile::remove(m_notes); }

    void cleanupTestCase()
    {
        QString error;
        QVERIFY2(m_manager.uninstall(&error), qPrintable(error));
    }

    void notInstalledIsSaidSo()
    {
        const ServiceState state = m_manager.state();
        QVERIFY(!state.installed);
        QVERIFY(!state.running);
        QCOMPARE(state.detail, QStringLiteral("not installed"));
        QString error;
        QVERIFY(!m_manager.start(&error));
        QVERIFY2(error.contains(QStringLiteral("1060")), qPrintable(error)); // ERROR_SERVICE_DOES_NOT_EXIST
    }

    void serviceModeRunByHandIsRefused()
    {
        QString error;
        char name[] = "tst_windowsservice";
        char *argv[] = {name, nullptr};
        bool called = false;
        const int code = WindowsServiceHost::run(
            1, argv,
            [&called](int, char **) {
                called = true;
                return 0;
            },
            &error);
        QCOMPARE(code, -1);
        QVERIFY(!called);
        QVERIFY2(error.contains(QStringLiteral("--console")), qPrintable(error));
    }

    void installRegistersWhatWindowsUsersExpect()
    {
        QString error;
        QVERIFY2(m_manager.install(options(), &error), qPrintable(error));
        const ServiceState state = m_manager.state();
        QVERIFY(state.installed);
        QVERIFY(!state.running);
        QCOMPARE(state.detail, QStringLiteral("STOPPED"));

        Registration r;
        QVERIFY(readRegistration(&r));
        QCOMPARE(r.serviceType, DWORD(SERVICE_WIN32_OWN_PROCESS));
        QCOMPARE(r.startType, DWORD(SERVICE_AUTO_START));
        const QString exe = QDir::toNativeSeparators(QCoreApplication::applicationFilePath());
        QCOMPARE(r.binaryPath,
                 QStringLiteral("\"%1\" --service --config \"%2\"").arg(exe, QDir::toNativeSeparators(m_notes)));
        QCOMPARE(dependOnService(), QStringLiteral("Tcpip"));
        QCOMPARE(r.account, QStringLiteral("LocalSystem"));
        QCOMPARE(r.displayName, QStringLiteral("MailShim POP3 forwarder"));
        QVERIFY2(r.description.contains(QStringLiteral("POP3")), qPrintable(r.description));
        if (!r.delayedKnown)
            QWARN("this service manager does not know delayed auto-start (Wine's does not): not checked");
        else
            QVERIFY(r.delayed);
        if (!r.failureActionsKnown) {
            QWARN("this service manager does not know restart actions (Wine's does not): not checked");
        } else {
            QCOMPARE(r.resetPeriod, DWORD(86400));
            const QList<QPair<int, DWORD>> restarts = {
                {SC_ACTION_RESTART, 5000}, {SC_ACTION_RESTART, 30000}, {SC_ACTION_RESTART, 60000}};
            QCOMPARE(r.actions, restarts);
        }
        if (!r.failureFlagKnown)
            QWARN("this service manager does not know restart on a failure exit (Wine's does not): not checked");
        else
            QVERIFY(r.failureActionsOnNonCrash);
        QCOMPARE(eventMessageFile(), exe);
    }

    void startRunsItAndStopEndsItCleanly()
    {
        QString error;
        QVERIFY2(m_manager.start(&error), qPrintable(error));
        ServiceState state = m_manager.state();
        QVERIFY(state.running);
        QVERIFY2(state.detail.startsWith(QStringLiteral("RUNNING (pid ")), qPrintable(state.detail));
        QVERIFY2(readAll(m_notes).contains(QStringLiteral(" --service --config ")), qPrintable(readAll(m_notes)));
        QVERIFY2(m_manager.start(&error), qPrintable(error)); // already running is fine

        QVERIFY2(m_manager.stop(&error), qPrintable(error));
        state = m_manager.state();
        QVERIFY(state.installed);
        QVERIFY(!state.running);
        // The stop went through the control handler to a queued quit, and qtMain returned normally.
        QVERIFY2(readAll(m_notes).endsWith(QStringLiteral("stopped\n")), qPrintable(readAll(m_notes)));
        QVERIFY2(m_manager.stop(&error), qPrintable(error)); // already stopped is fine
    }

    void failureAtStartIsReportedWithItsExitCode()
    {
        QFile request(m_notes);
        QVERIFY(request.open(QIODevice::WriteOnly));
        request.write("fail 3\n");
        request.close();
        QString error;
        QVERIFY(!m_manager.start(&error));
        QVERIFY2(error.contains(QStringLiteral("exit code 3")), qPrintable(error));
        QVERIFY(readAll(m_notes).contains(QStringLiteral("failing")));
        QVERIFY(m_manager.stop(&error)); // a restart action may have started it again meanwhile
    }

    void installingAgainUpdates()
    {
        const QString otherNotes = m_dir.filePath(QStringLiteral("other.txt"));
        QString error;
        QVERIFY2(m_manager.install({QCoreApplication::applicationFilePath(), otherNotes}, &error), qPrintable(error));
        Registration r;
        QVERIFY(readRegistration(&r));
        QVERIFY2(r.binaryPath.endsWith(QStringLiteral("\"%1\"").arg(QDir::toNativeSeparators(otherNotes))),
                 qPrintable(r.binaryPath));
        // What `--install` without --config keeps (issue 16, item 1): the file the registration names, read back
        // from the command line as Windows splits it.
        QCOMPARE(m_manager.registeredConfigPath(), QDir::fromNativeSeparators(otherNotes));
        QVERIFY2(m_manager.install(options(), &error), qPrintable(error));
        QCOMPARE(m_manager.registeredConfigPath(), QDir::fromNativeSeparators(options().configPath));
    }

    void serviceSidIsDerivedAsWindowsDoes()
    {
        // Well-known: TrustedInstaller's service SID, which every Windows shows in the ACLs of its system files.
        QCOMPARE(WindowsServiceManager::serviceSid(QStringLiteral("TrustedInstaller")),
                 QStringLiteral("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"));
        QCOMPARE(WindowsServiceManager::serviceSid(QStringLiteral("trustedinstaller")),
                 WindowsServiceManager::serviceSid(QStringLiteral("TrustedInstaller")));
        QVERIFY(WindowsServiceManager::serviceSid(QStringLiteral("MailShim")).startsWith(QLatin1String("S-1-5-80-")));
    }

    void installGivesTheServiceFolderItsDacl()
    {
        // install() ran in the tests above; the folder is ProgramData\MailShim as SHGetKnownFolderPath names it.
        const QString folder = ServicePaths::serviceFolder();
        QVERIFY2(QFileInfo(folder).isDir(), qPrintable(folder));
        QString error;
        const QString dacl = ProtectedFolder::readDacl(folder, &error);
        const QString sid = WindowsServiceManager::serviceSid(QStringLiteral("MailShim"));
        qInfo("%s: %s (the service's account NT SERVICE\\MailShim is %s)", qPrintable(folder), qPrintable(dacl),
              qPrintable(sid));
        QVERIFY2(!dacl.isEmpty(), qPrintable(error));
        if (dacl.startsWith(QLatin1String("D:P"))) {
            QCOMPARE(dacl, WindowsServiceManager::programDataSddl(sid));
            QVERIFY(!dacl.toUpper().contains(QLatin1String(";WD)")) && !dacl.contains(QLatin1String("S-1-1-0")));
        } else {
            // Wine keeps no descriptor on a folder: it maps the DACL to Unix permission bits (Users' read to the
            // "others" bits, which it reads back as Everyone) and makes one up from them. What it can show: nobody but
            // this user and SYSTEM may write. The exact DACL is checked on Windows only.
            static const QRegularExpression entry(QStringLiteral("\\(A;[^;]*;([^;]*);;;([^)]*)\\)"));
            for (auto it = entry.globalMatch(dacl); it.hasNext();) {
                const QRegularExpressionMatch ace = it.next();
                const QString who = ace.captured(2);
                if (who != QLatin1String("SY") && who != ControlPipe::currentUserSid())
                    QVERIFY2(ace.captured(1) == QLatin1String("0x1200a9"), qPrintable(dacl)); // read and execute only
            }
            qInfo("Wine models the folder's DACL as Unix permissions");
        }
        QVERIFY(WindowsServiceManager::programDataSddl(sid).startsWith(
            QStringLiteral("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)")));
    }

    void uninstallStopsAndRemoves()
    {
        QString error;
        QVERIFY2(m_manager.start(&error), qPrintable(error));
        QVERIFY2(m_manager.uninstall(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!m_manager.state().installed, 10000);
        QVERIFY(readAll(m_notes).endsWith(QStringLiteral("stopped\n")));
        QVERIFY(eventMessageFile().isEmpty());
        QVERIFY2(m_manager.uninstall(&error), qPrintable(error)); // nothing left to remove is fine
        QVERIFY(m_manager.registeredConfigPath().isEmpty());      // nothing registered: --install takes the default
    }
};

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--service") == 0)
            return serviceMain(argc, argv);
    }
    QCoreApplication app(argc, argv);
    TestWindowsService test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowsservice.moc"
