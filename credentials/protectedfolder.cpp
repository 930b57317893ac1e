#include "credentials/protectedfolder.h"

#include "credentials/windowserrortext.h"

#include <QDir>
#include <QFileInfo>
#include <qt_windows.h>
// clang-format off: the security headers need windows.h first
#include <aclapi.h>
#include <sddl.h>
// clang-format on

namespace mailshim::ProtectedFolder {

bool ensure(const QString &path, const QString &sddl, QString *error)
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(reinterpret_cast<LPCWSTR>(sddl.utf16()), SDDL_REVISION_1,
                                                              &descriptor, nullptr)) {
        *error =
            QStringLiteral("cannot build the security descriptor %1: %2").arg(sddl, windowsErrorText(GetLastError()));
        return false;
    }
    const std::wstring native = QDir::toNativeSeparators(path).toStdWString();
    QDir().mkpath(QFileInfo(path).path());
    SECURITY_ATTRIBUTES attributes = {sizeof(attributes), descriptor, FALSE};
    bool ok = CreateDirectoryW(native.c_str(), &attributes);
    if (!ok && GetLastError() != ERROR_ALREADY_EXISTS) {
        *error = QStringLiteral("cannot create the folder %1: %2")
                     .arg(QDir::toNativeSeparators(path), windowsErrorText(GetLastError()));
    } else if (!ok) {
        BOOL present = FALSE;
        BOOL defaulted = FALSE;
        PACL dacl = nullptr;
        GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
        const DWORD code = SetNamedSecurityInfoW(const_cast<LPWSTR>(native.c_str()), SE_FILE_OBJECT,
                                                 DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                                 nullptr, nullptr, dacl, nullptr);
        ok = code == ERROR_SUCCESS;
        if (!ok)
            *error = QStringLiteral("cannot restrict the folder %1: %2")
                         .arg(QDir::toNativeSeparators(path), windowsErrorText(code));
    }
    LocalFree(descriptor);
    return ok;
}

QString readDacl(const QString &path, QString *error)
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const std::wstring native = QDir::toNativeSeparators(path).toStdWString();
    const DWORD code = GetNamedSecurityInfoW(native.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr,
                                             nullptr, nullptr, nullptr, &descriptor);
    if (code != ERROR_SUCCESS) {
        *error = windowsErrorText(code);
        return {};
    }
    LPWSTR text = nullptr;
    QString sddl;
    if (ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION,
                                                             &text, nullptr)) {
        sddl = QString::fromWCharArray(text);
        LocalFree(text);
    } else {
        *error = windowsErrorText(GetLastError());
    }
    LocalFree(descriptor);
    return sddl;
}

} // namespace mailshim::ProtectedFolder
