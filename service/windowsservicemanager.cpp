#include "service/windowsservicemanager.h"

#include "credentials/protectedfolder.h"
#include "credentials/windowserrortext.h"
#include "service/servicepaths.h"
#include "service/windowsservicehost.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QThread>
#include <iterator>
#include <qt_windows.h>
#include <string>

namespace mailshim {

namespace {

constexpr wchar_t kDisplayName[] = L"MailShim POP3 forwarder";
constexpr wchar_t kDescription[] = L"Lets mail clients speak plain POP3 to 127.0.0.1 while MailShim carries the "
                                   L"session to the mail server with APOP, POP3S or STLS.";
constexpr wchar_t kEventLogKey[] = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\MailShim";
// Starting waits for the engine to bind its ports; stopping for the sessions to close.
constexpr int kStartTimeoutMs = 30000;
constexpr int kStopTimeoutMs = 30000;

bool fail(QString *error, const QString &what, DWORD code)
{
    if (error)
        *error = what + QStringLiteral(": ") + windowsErrorText(code);
    return false;
}

// Closes a service control manager handle when it goes out of scope.
class ScHandle
{
public:
    explicit ScHandle(SC_HANDLE handle) : m_handle(handle) {}
    ~ScHandle()
    {
        if (m_handle)
            CloseServiceHandle(m_handle);
    }
    ScHandle(const ScHandle &) = delete;
    ScHandle &operator=(const ScHandle &) = delete;
    SC_HANDLE get() const { return m_handle; }
    explicit operator bool() const { return m_handle != nullptr; }

private:
    SC_HANDLE m_handle;
};

// Quoted as CommandLineToArgvW undoes it, so paths with spaces (Program Files) arrive as one argument.
QString quoted(const QString &argument)
{
    QString result = QStringLiteral("\"");
    int backslashes = 0;
    for (const QChar c : argument) {
        if (c == QLatin1Char('\\')) {
            ++backslashes;
            continue;
        }
        result += QString(c == QLatin1Char('"') ? backslashes * 2 + 1 : backslashes, QLatin1Char('\\'));
        backslashes = 0;
        result += c;
    }
    result += QString(backslashes * 2, QLatin1Char('\\')) + QLatin1Char('"');
    return result;
}

QString stateName(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED:
        return QStringLiteral("STOPPED");
    case SERVICE_START_PENDING:
        return QStringLiteral("START_PENDING");
    case SERVICE_STOP_PENDING:
        return QStringLiteral("STOP_PENDING");
    case SERVICE_RUNNING:
        return QStringLiteral("RUNNING");
    case SERVICE_CONTINUE_PENDING:
        return QStringLiteral("CONTINUE_PENDING");
    case SERVICE_PAUSE_PENDING:
        return QStringLiteral("PAUSE_PENDING");
    case SERVICE_PAUSED:
        return QStringLiteral("PAUSED");
    }
    return QStringLiteral("state %1").arg(state);
}

bool queryStatus(SC_HANDLE service, SERVICE_STATUS_PROCESS *status)
{
    DWORD needed = 0;
    return QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<LPBYTE>(status), sizeof(*status),
                                &needed);
}

// Polls until the service leaves pendingState; true if it reached wantedState in time. Polls at a tenth of
// the service's own wait hint, between 100 ms and 1 s, as Microsoft's samples do.
bool waitWhile(SC_HANDLE service, DWORD pendingState, DWORD wantedState, int timeoutMs, SERVICE_STATUS_PROCESS *status)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (queryStatus(service, status)) {
        if (status->dwCurrentState == wantedState)
            return true;
        if (status->dwCurrentState != pendingState || deadline.hasExpired())
            return false;
        QThread::msleep(qBound<DWORD>(100, status->dwWaitHint / 10, 1000));
    }
    return false;
}

// Event Viewer finds the text of MailShim's events in mailshim-service.exe's message table.
bool registerEventSource(const QString &executable, QString *error)
{
    HKEY key = nullptr;
    LSTATUS result = RegCreateKeyExW(HKEY_LOCAL_MACHINE, kEventLogKey, 0, nullptr, REG_OPTION_NON_VOLATILE,
                                     KEY_SET_VALUE, nullptr, &key, nullptr);
    if (result != ERROR_SUCCESS)
        return fail(error, QStringLiteral("could not register the event log source"), DWORD(result));
    const std::wstring file = QDir::toNativeSeparators(executable).toStdWString();
    const DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    result = RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ, reinterpret_cast<const BYTE *>(file.c_str()),
                            DWORD((file.size() + 1) * sizeof(wchar_t)));
    if (result == ERROR_SUCCESS)
        result =
            RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, reinterpret_cast<const BYTE *>(&types), sizeof(types));
    RegCloseKey(key);
    if (result != ERROR_SUCCESS)
        return fail(error, QStringLiteral("could not register the event log source"), DWORD(result));
    return true;
}

// Description, delayed start and the restart-on-failure actions: what CreateService cannot say.
bool configureExtras(SC_HANDLE service, QString *error)
{
    std::wstring description = kDescription;
    SERVICE_DESCRIPTIONW descriptionInfo = {description.data()};
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_DESCRIPTION, &descriptionInfo))
        return fail(error, QStringLiteral("could not set the service description"), GetLastError());

    // Delayed: the network (and DNS) is usually up by then; the engine still retries binding and connecting.
    // Wine's service manager does not know this setting (ERROR_INVALID_LEVEL): the service then starts as
    // plain automatic, which the engine's retries cover. Windows has known it since Vista, so there this
    // tolerance never applies; tst_windowsservice says which settings the SCM it ran on kept.
    SERVICE_DELAYED_AUTO_START_INFO delayed = {TRUE};
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed) &&
        GetLastError() != ERROR_INVALID_LEVEL)
        return fail(error, QStringLiteral("could not set delayed start"), GetLastError());

    SC_ACTION actions[] = {{SC_ACTION_RESTART, 5000}, {SC_ACTION_RESTART, 30000}, {SC_ACTION_RESTART, 60000}};
    SERVICE_FAILURE_ACTIONSW failure = {};
    failure.dwResetPeriod = 24 * 60 * 60; // a day without failures starts the count again
    failure.cActions = DWORD(std::size(actions));
    failure.lpsaActions = actions;
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure) &&
        GetLastError() != ERROR_INVALID_LEVEL) // Wine: no restart actions at all; see delayed start above
        return fail(error, QStringLiteral("could not set the restart actions"), GetLastError());
    // Also restart when the service stops itself with an error code, not only when the process dies.
    SERVICE_FAILURE_ACTIONS_FLAG flag = {TRUE};
    if (!ChangeServiceConfig2W(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag) &&
        GetLastError() != ERROR_INVALID_LEVEL)
        return fail(error, QStringLiteral("could not set restart on a failure exit"), GetLastError());
    return true;
}

} // namespace

QString WindowsServiceManager::kind() const
{
    // English on the console; the tray's service panel words it (ServiceControl), hence the translation mark.
    return QString::fromLatin1(QT_TRANSLATE_NOOP("Engine", "Windows service"));
}

bool WindowsServiceManager::install(const ServiceInstallOptions &options, QString *error)
{
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE));
    if (!manager)
        return fail(error, QStringLiteral("could not open the service control manager (run as administrator)"),
                    GetLastError());
    const std::wstring commandLine =
        (quoted(QDir::toNativeSeparators(options.executable)) + QStringLiteral(" --service --config ") +
         quoted(QDir::toNativeSeparators(options.configPath)))
            .toStdWString();
    // A double-NUL-terminated list: start after the TCP/IP driver.
    constexpr wchar_t dependencies[] = L"Tcpip\0";

    SC_HANDLE created = CreateServiceW(manager.get(), WindowsServiceHost::kServiceName, kDisplayName,
                                       SERVICE_CHANGE_CONFIG | SERVICE_QUERY_STATUS, SERVICE_WIN32_OWN_PROCESS,
                                       SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, commandLine.c_str(), nullptr, nullptr,
                                       dependencies, nullptr /* LocalSystem */, nullptr);
    if (!created && GetLastError() == ERROR_SERVICE_EXISTS) {
        // Installing again updates the registration (a new path after an upgrade, a new config file).
        created = OpenServiceW(manager.get(), WindowsServiceHost::kServiceName, SERVICE_CHANGE_CONFIG);
        if (created && !ChangeServiceConfigW(created, SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
                                             SERVICE_ERROR_NORMAL, commandLine.c_str(), nullptr, nullptr, dependencies,
                                             L"LocalSystem", nullptr, kDisplayName)) {
            const DWORD code = GetLastError();
            CloseServiceHandle(created);
            return fail(error, QStringLiteral("could not update the MailShim service"), code);
        }
    }
    if (!created)
        return fail(error, QStringLiteral("could not create the MailShim service"), GetLastError());
    const ScHandle service(created);
    if (!configureExtras(service.get(), error) || !registerEventSource(options.executable, error))
        return false;
    // The service's folder (config, logs, stored passwords) with its own protected DACL, whoever made it first.
    QString why;
    if (!ProtectedFolder::ensure(ServicePaths::serviceFolder(),
                                 programDataSddl(serviceSid(QString::fromWCharArray(WindowsServiceHost::kServiceName))),
                                 &why)) {
        *error = why;
        return false;
    }
    return true;
}

bool WindowsServiceManager::uninstall(QString *error)
{
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager)
        return fail(error, QStringLiteral("could not open the service control manager (run as administrator)"),
                    GetLastError());
    const ScHandle service(
        OpenServiceW(manager.get(), WindowsServiceHost::kServiceName, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE));
    if (!service) {
        if (GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST) {
            RegDeleteKeyW(HKEY_LOCAL_MACHINE, kEventLogKey);
            return true; // nothing to remove is what the caller wanted
        }
        return fail(error, QStringLiteral("could not open the MailShim service"), GetLastError());
    }
    if (!stop(error))
        return false;
    // Marked for deletion; the SCM removes it once the last handle (also ours) is closed.
    if (!DeleteService(service.get()) && GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE)
        return fail(error, QStringLiteral("could not delete the MailShim service"), GetLastError());
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, kEventLogKey);
    return true;
}

bool WindowsServiceManager::start(QString *error)
{
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager)
        return fail(error, QStringLiteral("could not open the service control manager"), GetLastError());
    const ScHandle service(
        OpenServiceW(manager.get(), WindowsServiceHost::kServiceName, SERVICE_START | SERVICE_QUERY_STATUS));
    if (!service)
        return fail(error, QStringLiteral("could not open the MailShim service"), GetLastError());
    if (!StartServiceW(service.get(), 0, nullptr) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
        return fail(error, QStringLiteral("could not start the MailShim service"), GetLastError());
    SERVICE_STATUS_PROCESS status = {};
    if (waitWhile(service.get(), SERVICE_START_PENDING, SERVICE_RUNNING, kStartTimeoutMs, &status))
        return true;
    if (error) {
        *error = QStringLiteral("the MailShim service did not start: it is %1").arg(stateName(status.dwCurrentState));
        if (status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR)
            *error += QStringLiteral(", exit code %1; see its log files").arg(status.dwServiceSpecificExitCode);
        else if (status.dwWin32ExitCode != NO_ERROR)
            *error += QStringLiteral(", ") + windowsErrorText(status.dwWin32ExitCode);
    }
    return false;
}

bool WindowsServiceManager::stop(QString *error)
{
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager)
        return fail(error, QStringLiteral("could not open the service control manager"), GetLastError());
    const ScHandle service(
        OpenServiceW(manager.get(), WindowsServiceHost::kServiceName, SERVICE_STOP | SERVICE_QUERY_STATUS));
    if (!service)
        return fail(error, QStringLiteral("could not open the MailShim service"), GetLastError());
    SERVICE_STATUS_PROCESS status = {};
    if (!queryStatus(service.get(), &status))
        return fail(error, QStringLiteral("could not ask the MailShim service's state"), GetLastError());
    if (status.dwCurrentState == SERVICE_STOPPED)
        return true;
    if (status.dwCurrentState != SERVICE_STOP_PENDING) {
        SERVICE_STATUS ignored = {};
        if (!ControlService(service.get(), SERVICE_CONTROL_STOP, &ignored) &&
            GetLastError() != ERROR_SERVICE_NOT_ACTIVE)
            return fail(error, QStringLiteral("could not stop the MailShim service"), GetLastError());
    }
    if (waitWhile(service.get(), SERVICE_STOP_PENDING, SERVICE_STOPPED, kStopTimeoutMs, &status) ||
        status.dwCurrentState == SERVICE_STOPPED)
        return true;
    if (error)
        *error = QStringLiteral("the MailShim service did not stop in %1 s: it is %2")
                     .arg(kStopTimeoutMs / 1000)
                     .arg(stateName(status.dwCurrentState));
    return false;
}

ServiceState WindowsServiceManager::state() const
{
    ServiceState result;
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!manager) {
        result.detail = QStringLiteral("unknown: ") + windowsErrorText(GetLastError());
        return result;
    }
    const ScHandle service(OpenServiceW(manager.get(), WindowsServiceHost::kServiceName, SERVICE_QUERY_STATUS));
    if (!service) {
        const DWORD code = GetLastError();
        result.detail = code == ERROR_SERVICE_DOES_NOT_EXIST ? QStringLiteral("not installed")
                                                             : QStringLiteral("unknown: ") + windowsErrorText(code);
        return result;
    }
    result.installed = true;
    SERVICE_STATUS_PROCESS status = {};
    if (!queryStatus(service.get(), &status)) {
        result.detail = QStringLiteral("unknown: ") + windowsErrorText(GetLastError());
        return result;
    }
    result.running = status.dwCurrentState == SERVICE_RUNNING;
    result.detail = stateName(status.dwCurrentState);
    if (status.dwProcessId)
        result.detail += QStringLiteral(" (pid %1)").arg(status.dwProcessId);
    result.processId = status.dwProcessId;
    return result;
}

QString WindowsServiceManager::serviceSid(const QString &serviceName)
{
    const QString upper = serviceName.toUpper();
    QByteArray utf16le;
    for (const QChar c : upper) {
        utf16le.append(char(c.unicode() & 0xff));
        utf16le.append(char(c.unicode() >> 8));
    }
    const QByteArray digest = QCryptographicHash::hash(utf16le, QCryptographicHash::Sha1);
    QString sid = QStringLiteral("S-1-5-80");
    for (int i = 0; i < 5; ++i) {
        const auto *bytes = reinterpret_cast<const uchar *>(digest.constData() + 4 * i);
        sid += QStringLiteral("-%1").arg(quint32(bytes[0]) | quint32(bytes[1]) << 8 | quint32(bytes[2]) << 16 |
                                         quint32(bytes[3]) << 24);
    }
    return sid;
}

QString WindowsServiceManager::programDataSddl(const QString &serviceSid)
{
    // 0x1301bf: modify (read, write, execute, delete) without changing permissions or owner; 0x1200a9: read and
    // execute. OICI: files and folders made inside inherit them.
    return QStringLiteral("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;%1)(A;OICI;0x1200a9;;;BU)")
        .arg(serviceSid);
}

QString WindowsServiceManager::registeredConfigPath() const
{
    const ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    const ScHandle service(manager ? OpenServiceW(manager.get(), WindowsServiceHost::kServiceName, SERVICE_QUERY_CONFIG)
                                   : nullptr);
    if (!service)
        return {};
    DWORD needed = 0;
    QueryServiceConfigW(service.get(), nullptr, 0, &needed);
    QByteArray buffer(qsizetype(needed), '\0');
    auto *config = reinterpret_cast<QUERY_SERVICE_CONFIGW *>(buffer.data());
    if (needed == 0 || !QueryServiceConfigW(service.get(), config, needed, &needed) || !config->lpBinaryPathName)
        return {};
    int count = 0;
    LPWSTR *arguments = CommandLineToArgvW(config->lpBinaryPathName, &count);
    QString path;
    for (int i = 0; arguments && i + 1 < count; ++i) {
        if (QString::fromWCharArray(arguments[i]) == QLatin1String("--config")) {
            path = QDir::fromNativeSeparators(QString::fromWCharArray(arguments[i + 1]));
            break;
        }
    }
    LocalFree(arguments);
    return path;
}

} // namespace mailshim
