#pragma once

// windowsErrorText (Windows only): a Win32 error code in the system's own words, with the number for the
// technical reader: "The specified service does not exist as an installed service. (error 1060)". Shared by
// the service manager, the service host and the Credential Manager store.

#include <QString>

namespace mailshim {

QString windowsErrorText(unsigned long code); // a DWORD, without pulling <windows.h> into every includer

} // namespace mailshim
