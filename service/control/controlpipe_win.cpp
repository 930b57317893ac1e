#include "service/control/controlpipe_win.h"

#include "credentials/windowserrortext.h"
#include "service/servicepaths.h"
#include "service/windowsservicemanager.h"

#include <QDeadlineTimer>
#include <QWinEventNotifier>
#include <aclapi.h>
#include <iterator>
#include <memory>
#include <qt_windows.h>
#include <sddl.h>
#include <string>
#include <vector>

namespace mailshim::ControlPipe {

namespace {

constexpr DWORD kBufferSize = 64 * 1024;

QString lastError(const QString &what)
{
    return what + QStringLiteral(": ") + windowsErrorText(GetLastError());
}

struct LocalFreer
{
    void operator()(void *p) const { LocalFree(p); }
};

struct HandleCloser
{
    void operator()(HANDLE h) const
    {
        if (h && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    }
};
using Handle = std::unique_ptr<std::remove_pointer_t<HANDLE>, HandleCloser>;

QString sidText(PSID sid)
{
    LPWSTR text = nullptr;
    if (!sid || !ConvertSidToStringSidW(sid, &text))
        return {};
    const QString result = QString::fromWCharArray(text);
    LocalFree(text);
    return result;
}

// A SID string in its canonical form (upper case, as ConvertSidToStringSid writes it); empty if it is not one.
QString canonicalSid(const QString &text)
{
    PSID sid = nullptr;
    if (!ConvertStringSidToSidW(reinterpret_cast<const wchar_t *>(text.utf16()), &sid))
        return {};
    const QString result = sidText(sid);
    LocalFree(sid);
    return result;
}

std::vector<BYTE> tokenInformation(HANDLE token, TOKEN_INFORMATION_CLASS what)
{
    DWORD size = 0;
    GetTokenInformation(token, what, nullptr, 0, &size);
    if (size == 0)
        return {};
    std::vector<BYTE> buffer(size);
    if (!GetTokenInformation(token, what, buffer.data(), size, &size))
        return {};
    return buffer;
}

bool readToken(HANDLE token, ClientToken *result)
{
    const std::vector<BYTE> user = tokenInformation(token, TokenUser);
    if (user.empty()) {
        result->error = lastError(QStringLiteral("GetTokenInformation(TokenUser)"));
        return false;
    }
    result->userSid = sidText(reinterpret_cast<const TOKEN_USER *>(user.data())->User.Sid);
    const std::vector<BYTE> groups = tokenInformation(token, TokenGroups);
    if (!groups.empty()) {
        const auto *list = reinterpret_cast<const TOKEN_GROUPS *>(groups.data());
        for (DWORD i = 0; i < list->GroupCount; ++i) {
            const DWORD attributes = list->Groups[i].Attributes;
            if ((attributes & SE_GROUP_ENABLED) && !(attributes & SE_GROUP_USE_FOR_DENY_ONLY))
                result->groupSids.append(sidText(list->Groups[i].Sid));
        }
    }
    result->known = !result->userSid.isEmpty();
    return result->known;
}

} // namespace

QString fullPipeName(const QString &name)
{
    const QString prefix = QStringLiteral("\\\\.\\pipe\\");
    return name.startsWith(prefix, Qt::CaseInsensitive) ? name : prefix + name;
}

QString currentUserSid()
{
    HANDLE raw = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw))
        return {};
    const Handle token(raw);
    ClientToken mine;
    readToken(token.get(), &mine);
    return mine.userSid;
}

QList<UserId> defaultAuthorizedUsers()
{
    QList<UserId> users;
    const QString own = currentUserSid();
    if (!own.isEmpty())
        users.append(own);
    for (const char *sid : {kSystemSid, kAdministratorsSid}) {
        if (!users.contains(QLatin1String(sid)))
            users.append(QLatin1String(sid));
    }
    return users;
}

QString securityDescriptorSddl(const QString &ownSid, const QList<UserId> &authorized)
{
    // SDDL's own aliases for the two well-known principals, so the descriptor reads back the same way.
    const auto alias = [](const QString &sid) {
        if (sid == QLatin1String(kSystemSid))
            return QStringLiteral("SY");
        if (sid == QLatin1String(kAdministratorsSid))
            return QStringLiteral("BA");
        return sid;
    };
    QStringList full = {QStringLiteral("SY"), QStringLiteral("BA")};
    const QString own = canonicalSid(ownSid);
    if (!own.isEmpty() && !full.contains(alias(own)))
        full.append(own);
    QString sddl = QStringLiteral("D:P");
    for (const QString &sid : full)
        sddl += QStringLiteral("(A;;FA;;;%1)").arg(sid);
    QStringList clients;
    for (const QString &user : authorized) {
        const QString sid = alias(canonicalSid(user));
        if (sid.isEmpty() || full.contains(sid) || clients.contains(sid))
            continue; // not a SID, or already has full control
        clients.append(sid);
        sddl += QStringLiteral("(A;;0x%1;;;%2)").arg(kClientAccess, 0, 16).arg(sid);
    }
    return sddl;
}

QString readSecurityDescriptor(qintptr pipe, QString *error)
{
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD code = GetSecurityInfo(reinterpret_cast<HANDLE>(pipe), SE_KERNEL_OBJECT, DACL_SECURITY_INFORMATION,
                                       nullptr, nullptr, &dacl, nullptr, &descriptor);
    if (code != ERROR_SUCCESS) {
        *error = QStringLiteral("GetSecurityInfo: ") + windowsErrorText(code);
        return {};
    }
    const std::unique_ptr<void, LocalFreer> owned(descriptor);
    LPWSTR text = nullptr;
    if (!ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION,
                                                              &text, nullptr)) {
        *error = lastError(QStringLiteral("ConvertSecurityDescriptorToStringSecurityDescriptor"));
        return {};
    }
    const QString sddl = QString::fromWCharArray(text);
    LocalFree(text);
    return sddl;
}

ClientToken clientToken(qintptr pipe)
{
    ClientToken result;
    const auto handle = reinterpret_cast<HANDLE>(pipe);
    ULONG pid = 0;
    if (GetNamedPipeClientProcessId(handle, &pid) && pid != 0) // Wine: TRUE with 0
        result.processId = pid;
    // The client's own token, as it was when it opened the pipe (identification level is enough to read it). The
    // thread acts as the client only between these two calls; if it cannot stop doing so it must not go on.
    if (!ImpersonateNamedPipeClient(handle)) {
        result.error = lastError(QStringLiteral("ImpersonateNamedPipeClient"));
        return result;
    }
    HANDLE raw = nullptr;
    const BOOL opened = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &raw);
    const DWORD openError = GetLastError();
    if (!RevertToSelf())
        std::abort();
    if (!opened) {
        result.error = QStringLiteral("OpenThreadToken: ") + windowsErrorText(openError);
        return result;
    }
    const Handle token(raw);
    readToken(token.get(), &result);
    return result;
}

qint64 serverProcessId(qintptr pipe)
{
    ULONG pid = 0;
    // Wine answers TRUE with process 0 (it does not know): 0, the idle process, never serves a pipe.
    if (!GetNamedPipeServerProcessId(reinterpret_cast<HANDLE>(pipe), &pid) || pid == 0)
        return -1;
    return pid;
}

qintptr openClient(const QString &name, int timeoutMs, QString *error, bool *denied)
{
    if (denied)
        *denied = false;
    const QString full = fullPipeName(name);
    const auto *wide = reinterpret_cast<const wchar_t *>(full.utf16());
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        // GENERIC_READ | FILE_WRITE_DATA: what the DACL grants a served user (QLocalSocket would ask for GENERIC_WRITE,
        // which includes creating pipe instances). SECURITY_IDENTIFICATION: the server may read this token, but a
        // server that is not the service cannot act as this user with it.
        const HANDLE pipe =
            CreateFileW(wide, GENERIC_READ | FILE_WRITE_DATA, 0, nullptr, OPEN_EXISTING,
                        FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, nullptr);
        if (pipe != INVALID_HANDLE_VALUE)
            return reinterpret_cast<qintptr>(pipe);
        const DWORD code = GetLastError();
        if (code != ERROR_PIPE_BUSY || deadline.hasExpired()) {
            *error = windowsErrorText(code);
            if (denied)
                *denied = code == ERROR_ACCESS_DENIED;
            return -1;
        }
        WaitNamedPipeW(wide, DWORD(qBound(qint64(1), deadline.remainingTime(), qint64(5000))));
    }
}

void closePipe(qintptr pipe)
{
    CloseHandle(reinterpret_cast<HANDLE>(pipe));
}

bool checkServer(const QString &name, qint64 serverPid, QString *why)
{
    const QString full = fullPipeName(name);
    if (full.compare(fullPipeName(ServicePaths::controlChannelName()), Qt::CaseInsensitive) != 0)
        return true;
    if (serverPid < 0)
        return true; // the system does not say who serves the pipe: nothing to compare
    const ServiceState state = WindowsServiceManager().state();
    if (state.detail.startsWith(QLatin1String("unknown")))
        return true; // the SCM cannot be asked here
    if (!state.running || state.processId == 0) {
        *why = QStringLiteral("process %1 answers on %2, but the MailShim service is not running (%3): not talking to "
                              "it")
                   .arg(serverPid)
                   .arg(full, state.detail);
        return false;
    }
    if (state.processId != serverPid) {
        *why = QStringLiteral("process %1 answers on %2, not the MailShim service (process %3): not talking to it")
                   .arg(serverPid)
                   .arg(full)
                   .arg(state.processId);
        return false;
    }
    return true;
}

namespace {
constexpr wchar_t kParametersKey[] = L"SYSTEM\\CurrentControlSet\\Services\\MailShim\\Parameters";
constexpr wchar_t kControlUsersValue[] = L"ControlUsers";
} // namespace

QList<UserId> servedUsers()
{
    QList<UserId> users;
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kParametersKey, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return users;
    DWORD type = 0;
    DWORD size = 0;
    if (RegQueryValueExW(key, kControlUsersValue, nullptr, &type, nullptr, &size) == ERROR_SUCCESS &&
        type == REG_MULTI_SZ && size > 0) {
        std::vector<wchar_t> buffer(size / sizeof(wchar_t) + 2, L'\0');
        if (RegQueryValueExW(key, kControlUsersValue, nullptr, &type, reinterpret_cast<BYTE *>(buffer.data()), &size) ==
            ERROR_SUCCESS) {
            for (const wchar_t *p = buffer.data(); *p; p += wcslen(p) + 1) {
                const QString sid = canonicalSid(QString::fromWCharArray(p));
                if (!sid.isEmpty() && !users.contains(sid))
                    users.append(sid);
            }
        }
    }
    RegCloseKey(key);
    return users;
}

bool addServedUser(const QString &account, QString *sid, QString *error)
{
    *sid = canonicalSid(account);
    if (sid->isEmpty()) {
        BYTE sidBuffer[SECURITY_MAX_SID_SIZE];
        DWORD sidSize = sizeof sidBuffer;
        wchar_t domain[256];
        DWORD domainSize = DWORD(std::size(domain));
        SID_NAME_USE use;
        if (!LookupAccountNameW(nullptr, reinterpret_cast<const wchar_t *>(account.utf16()), sidBuffer, &sidSize,
                                domain, &domainSize, &use)) {
            *error = lastError(QStringLiteral("no account %1").arg(account));
            return false;
        }
        *sid = sidText(sidBuffer);
    }
    QList<UserId> users = servedUsers();
    if (!users.contains(*sid))
        users.append(*sid);
    std::wstring value;
    for (const QString &user : users)
        value += user.toStdWString() + L'\0';
    value += L'\0';
    HKEY key = nullptr;
    LSTATUS code = RegCreateKeyExW(HKEY_LOCAL_MACHINE, kParametersKey, 0, nullptr, 0, KEY_SET_VALUE | KEY_QUERY_VALUE,
                                   nullptr, &key, nullptr);
    if (code == ERROR_SUCCESS) {
        code = RegSetValueExW(key, kControlUsersValue, 0, REG_MULTI_SZ, reinterpret_cast<const BYTE *>(value.data()),
                              DWORD(value.size() * sizeof(wchar_t)));
        RegCloseKey(key);
    }
    if (code != ERROR_SUCCESS) {
        *error = QStringLiteral("could not write the service's list of users (run as administrator): ") +
                 windowsErrorText(DWORD(code));
        return false;
    }
    return true;
}

// --- Listener ---------------------------------------------------------------------------------------------------

struct Listener::Private
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    HANDLE event = nullptr;
    HANDLE pending = INVALID_HANDLE_VALUE; // the instance waiting for a client
    bool pendingConnected = false;         // a client came between CreateNamedPipe and ConnectNamedPipe
    OVERLAPPED overlapped = {};
    QWinEventNotifier *notifier = nullptr;
};

Listener::Listener(QObject *parent) : QObject(parent), d(new Private) {}

Listener::~Listener()
{
    close();
    delete d;
}

bool Listener::isListening() const
{
    return d->notifier != nullptr;
}

void Listener::close()
{
    delete d->notifier;
    d->notifier = nullptr;
    if (d->pending != INVALID_HANDLE_VALUE) {
        // The system writes into the OVERLAPPED until the cancelled wait has ended: wait for that before it goes.
        DWORD ignored = 0;
        if (!d->pendingConnected && CancelIoEx(d->pending, &d->overlapped))
            GetOverlappedResult(d->pending, &d->overlapped, &ignored, TRUE);
        CloseHandle(d->pending);
        d->pending = INVALID_HANDLE_VALUE;
    }
    if (d->event) {
        CloseHandle(d->event);
        d->event = nullptr;
    }
    if (d->descriptor) {
        LocalFree(d->descriptor);
        d->descriptor = nullptr;
    }
}

bool Listener::listen(const QString &name, const QString &sddl, QString *error)
{
    close();
    m_fullName = fullPipeName(name);
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(reinterpret_cast<const wchar_t *>(sddl.utf16()),
                                                              SDDL_REVISION_1, &d->descriptor, nullptr)) {
        *error = lastError(QStringLiteral("the control pipe's security descriptor %1").arg(sddl));
        return false;
    }
    d->event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (!d->event) {
        *error = lastError(QStringLiteral("CreateEvent"));
        close();
        return false;
    }
    // FILE_FLAG_FIRST_PIPE_INSTANCE makes the creation fail atomically on Windows when the name exists. Wine does not
    // enforce that flag, so ask first as well: WaitNamedPipe answers "not found" only when no instance of that name
    // exists, and unlike opening it, it hands nothing to whoever holds the name.
    const auto *wide = reinterpret_cast<const wchar_t *>(m_fullName.utf16());
    if (WaitNamedPipeW(wide, 1) || GetLastError() != ERROR_FILE_NOT_FOUND) {
        *error = QStringLiteral("the pipe %1 already exists: another MailShim service, or a program that took its "
                                "name first; refusing to serve the control channel there")
                     .arg(m_fullName);
        close();
        return false;
    }
    if (!addInstance(true, error)) {
        close();
        return false;
    }
    d->notifier = new QWinEventNotifier(d->event, this);
    connect(d->notifier, &QWinEventNotifier::activated, this, &Listener::onEvent);
    if (d->pendingConnected)
        SetEvent(d->event);
    return true;
}

bool Listener::addInstance(bool first, QString *error)
{
    SECURITY_ATTRIBUTES attributes = {};
    attributes.nLength = sizeof attributes;
    attributes.lpSecurityDescriptor = d->descriptor;
    attributes.bInheritHandle = FALSE;
    const DWORD openMode = PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
    const DWORD pipeMode = PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS;
    d->pending = CreateNamedPipeW(reinterpret_cast<const wchar_t *>(m_fullName.utf16()), openMode, pipeMode,
                                  PIPE_UNLIMITED_INSTANCES, kBufferSize, kBufferSize, 3000, &attributes);
    if (d->pending == INVALID_HANDLE_VALUE) {
        const DWORD code = GetLastError();
        if (first && (code == ERROR_ACCESS_DENIED || code == ERROR_PIPE_BUSY))
            *error = QStringLiteral("the pipe %1 already exists: another MailShim service, or a program that took "
                                    "its name first (%2); refusing to serve the control channel there")
                         .arg(m_fullName, windowsErrorText(code));
        else
            *error = QStringLiteral("cannot create the pipe %1: %2").arg(m_fullName, windowsErrorText(code));
        return false;
    }
    d->pendingConnected = false;
    d->overlapped = {};
    d->overlapped.hEvent = d->event;
    // ConnectNamedPipe resets the event itself.
    if (!ConnectNamedPipe(d->pending, &d->overlapped)) {
        switch (GetLastError()) {
        case ERROR_IO_PENDING:
            break;
        case ERROR_PIPE_CONNECTED:
            d->pendingConnected = true;
            break;
        default:
            *error = lastError(QStringLiteral("ConnectNamedPipe on %1").arg(m_fullName));
            CloseHandle(d->pending);
            d->pending = INVALID_HANDLE_VALUE;
            return false;
        }
    } else {
        d->pendingConnected = true;
    }
    return true;
}

void Listener::onEvent()
{
    while (d->notifier && d->pending != INVALID_HANDLE_VALUE) {
        ResetEvent(d->event);
        DWORD ignored = 0;
        if (!d->pendingConnected && !GetOverlappedResult(d->pending, &d->overlapped, &ignored, FALSE)) {
            const DWORD code = GetLastError();
            if (code == ERROR_IO_INCOMPLETE)
                return; // nobody yet
            // The client went away before it was accepted (ERROR_NO_DATA, ERROR_BROKEN_PIPE): wait on a fresh
            // instance.
            CloseHandle(d->pending);
            d->pending = INVALID_HANDLE_VALUE;
        }
        const HANDLE accepted = d->pending;
        d->pending = INVALID_HANDLE_VALUE;
        QString error;
        const bool next = addInstance(false, &error);
        if (accepted != INVALID_HANDLE_VALUE)
            Q_EMIT connected(reinterpret_cast<qintptr>(accepted));
        if (!next) {
            d->notifier->setEnabled(false);
            Q_EMIT failed(error);
            return;
        }
        if (!d->pendingConnected)
            return; // the next instance waits; the event fires when a client comes
    }
}

} // namespace mailshim::ControlPipe
