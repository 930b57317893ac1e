#include "service/windowsservicehost.h"

#include "credentials/windowserrortext.h"
#include "service/systemlog.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <mutex>
#include <qt_windows.h>

namespace mailshim::WindowsServiceHost {

namespace {

// How long the SCM should wait for our next report before it thinks we hang.
constexpr DWORD kStartWaitHintMs = 30000;
constexpr DWORD kStopWaitHintMs = 15000;

// The SCM calls ServiceMain and the control handler through plain function pointers without a context
// argument for ServiceMain: the state of this one service lives here, guarded by one mutex.
struct HostState
{
    std::mutex mutex;
    SERVICE_STATUS_HANDLE handle = nullptr;
    SERVICE_STATUS status = {};
    DWORD checkPoint = 0;
    bool running = false;       // reportRunning() was called and qtMain has not returned yet
    bool stopRequested = false; // a stop came before the application could take it
    int argc = 0;
    char **argv = nullptr;
    std::function<int(int, char **)> qtMain;
    int exitCode = 0;
};

HostState &host()
{
    static HostState state;
    return state;
}

// Call with the mutex held. Pending states count their check point up so the SCM sees progress.
void setStatusLocked(DWORD state, DWORD waitHintMs, int exitCode = 0)
{
    HostState &h = host();
    if (!h.handle)
        return;
    h.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    h.status.dwCurrentState = state;
    h.status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    h.status.dwWin32ExitCode = exitCode == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    h.status.dwServiceSpecificExitCode = DWORD(exitCode);
    h.status.dwWaitHint = waitHintMs;
    const bool pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
    h.status.dwCheckPoint = pending ? ++h.checkPoint : 0;
    SetServiceStatus(h.handle, &h.status);
}

// Runs on the dispatcher thread (the process's main thread); the Qt application lives on the service thread, so
// quit() is queued to it.
DWORD WINAPI controlHandler(DWORD control, DWORD, LPVOID, LPVOID)
{
    HostState &h = host();
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN: {
        const std::lock_guard<std::mutex> lock(h.mutex);
        setStatusLocked(SERVICE_STOP_PENDING, kStopWaitHintMs);
        if (h.running && QCoreApplication::instance())
            QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
        else
            h.stopRequested = true;
        return NO_ERROR;
    }
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

void WINAPI serviceMain(DWORD, LPWSTR *)
{
    HostState &h = host();
    {
        const std::lock_guard<std::mutex> lock(h.mutex);
        h.handle = RegisterServiceCtrlHandlerExW(kServiceName, controlHandler, nullptr);
        if (!h.handle) {
            h.exitCode = -1;
            return;
        }
        setStatusLocked(SERVICE_START_PENDING, kStartWaitHintMs);
    }
    const int exitCode = h.qtMain(h.argc, h.argv);
    const std::lock_guard<std::mutex> lock(h.mutex);
    h.running = false;
    h.exitCode = exitCode;
    if (exitCode != 0)
        SystemLog::write(
            SystemLog::Kind::Error,
            QStringLiteral("MailShim service stopped with exit code %1; see its log files.").arg(exitCode));
    // After STOPPED the SCM may end the process at any time: this is the last thing the service thread does.
    setStatusLocked(SERVICE_STOPPED, 0, exitCode);
}

} // namespace

int run(int argc, char **argv, const std::function<int(int, char **)> &qtMain, QString *error)
{
    HostState &h = host();
    h.argc = argc;
    h.argv = argv;
    h.qtMain = qtMain;
    SERVICE_TABLE_ENTRYW table[] = {{const_cast<LPWSTR>(kServiceName), serviceMain}, {nullptr, nullptr}};
    if (!StartServiceCtrlDispatcherW(table)) {
        const DWORD code = GetLastError();
        if (error)
            *error = code == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT
                         ? QStringLiteral("--service is for the Windows service control manager; to run MailShim "
                                          "in this window use --console")
                         : QStringLiteral("the service control manager refused: ") + windowsErrorText(code);
        return -1;
    }
    return h.exitCode;
}

void reportRunning()
{
    HostState &h = host();
    const std::lock_guard<std::mutex> lock(h.mutex);
    h.running = true;
    if (h.stopRequested) {
        // The stop came while the engine was starting: honour it now that there is an event loop to quit.
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
        return;
    }
    setStatusLocked(SERVICE_RUNNING, 0);
}

} // namespace mailshim::WindowsServiceHost
