#include "credentials/windowserrortext.h"

#include <qt_windows.h>

namespace mailshim {

QString windowsErrorText(unsigned long code)
{
    wchar_t *buffer = nullptr;
    const DWORD flags = FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;
    const DWORD length = FormatMessageW(flags, nullptr, code, 0, reinterpret_cast<wchar_t *>(&buffer), 0, nullptr);
    const QString text = length ? QString::fromWCharArray(buffer, int(length)).trimmed() : QString();
    LocalFree(buffer);
    return text.isEmpty() ? QStringLiteral("error %1").arg(code) : QStringLiteral("%1 (error %2)").arg(text).arg(code);
}

} // namespace mailshim
