#include "service/systemlog.h"
#include "service/windowsservicehost.h"

#include <qt_windows.h>
#include <string>

namespace mailshim::SystemLog {

namespace {

// The one message of mailshim-service.exe's message table (installer/windows/eventmessages.mc): "%1", so
// Event Viewer shows the text as it is. WindowsServiceManager::install() registers the exe as the source's
// message file.
constexpr DWORD kMessageId = 1;

WORD eventType(Kind kind)
{
    switch (kind) {
    case Kind::Warning:
        return EVENTLOG_WARNING_TYPE;
    case Kind::Error:
        return EVENTLOG_ERROR_TYPE;
    case Kind::Info:
        break;
    }
    return EVENTLOG_INFORMATION_TYPE;
}

} // namespace

void write(Kind kind, const QString &text)
{
    // A few lines in a service's life: opening the source each time keeps no handle and no state around.
    HANDLE source = RegisterEventSourceW(nullptr, WindowsServiceHost::kServiceName);
    if (!source)
        return; // nowhere to say it: the log file and stderr still carry the same line
    const std::wstring line = text.toStdWString();
    LPCWSTR strings[] = {line.c_str()};
    ReportEventW(source, eventType(kind), 0, kMessageId, nullptr, 1, 0, strings, nullptr);
    DeregisterEventSource(source);
}

} // namespace mailshim::SystemLog
