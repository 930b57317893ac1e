#include "credentials/wincredcredentialstore.h"

#include "credentials/queuedanswer.h"
#include "credentials/windowserrortext.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <qt_windows.h>
#include <wincred.h>

namespace mailshim {

namespace {

Q_LOGGING_CATEGORY(lcWinCred, "mailshim.keychain")

// CRED_MAX_CREDENTIAL_BLOB_SIZE is 5 * 512 bytes since Windows 7; MinGW's wincred.h still says 512.
constexpr qsizetype kMaxPasswordBytes = 5 * 512;

QString credentialManagerError(DWORD code)
{
    return QStringLiteral("the Windows Credential Manager refused: ") + windowsErrorText(code);
}

std::wstring wide(const QString &text)
{
    return text.toStdWString();
}

bool sameUser(const CREDENTIALW *credential, const CredentialKey &key)
{
    return credential->UserName && QString::fromWCharArray(credential->UserName) == key.user;
}

} // namespace

QString WinCredCredentialStore::targetName(const CredentialKey &key)
{
    return QStringLiteral("MailShim/") + key.toString();
}

void WinCredCredentialStore::lookup(const CredentialKey &key, QObject *context,
                                    std::function<void(const PasswordAnswer &)> done)
{
    PasswordAnswer result;
    PCREDENTIALW credential = nullptr;
    if (CredReadW(wide(targetName(key)).c_str(), CRED_TYPE_GENERIC, 0, &credential)) {
        // Target names are case-insensitive; user names at a mail server need not be. An entry stored for
        // "Alice" is not alice's password: she gets the client's own one.
        if (sameUser(credential, key)) {
            result.status = PasswordAnswer::Status::Found;
            result.password = QByteArray(reinterpret_cast<const char *>(credential->CredentialBlob),
                                         qsizetype(credential->CredentialBlobSize));
        }
        SecureZeroMemory(credential->CredentialBlob, credential->CredentialBlobSize);
        CredFree(credential);
    } else if (const DWORD code = GetLastError(); code == ERROR_NOT_FOUND) {
        result.status = PasswordAnswer::Status::NotFound;
    } else {
        result.status = PasswordAnswer::Status::Unavailable;
        result.detail = credentialManagerError(code);
        qCInfo(lcWinCred).noquote() << "lookup of" << key.toString() << "failed:" << result.detail;
    }
    queuedAnswer(context, std::move(done), result);
}

void WinCredCredentialStore::store(const CredentialKey &key, const QByteArray &password, QObject *context,
                                   DoneCallback done)
{
    if (password.isEmpty()) {
        queuedAnswer(context, std::move(done), false, QStringLiteral("an empty password is not stored"));
        return;
    }
    if (password.contains('\0') || QString::fromUtf8(password).toUtf8() != password) {
        queuedAnswer(context, std::move(done), false, QStringLiteral("the password is not valid UTF-8 text"));
        return;
    }
    if (password.size() > kMaxPasswordBytes) {
        queuedAnswer(context, std::move(done), false,
                     QStringLiteral("the password is longer than the Windows Credential Manager keeps (%1 bytes)")
                         .arg(kMaxPasswordBytes));
        return;
    }
    std::wstring target = wide(targetName(key));
    std::wstring user = wide(key.user);
    std::wstring comment = wide(QStringLiteral("MailShim: the mail server password of this account"));
    QByteArray blob = password;
    CREDENTIALW credential = {};
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = target.data();
    credential.Comment = comment.data();
    credential.UserName = user.data();
    credential.CredentialBlobSize = DWORD(blob.size());
    credential.CredentialBlob = reinterpret_cast<LPBYTE>(blob.data());
    // Kept for this user on this machine across log-ons; a mail password has no business roaming.
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    const bool ok = CredWriteW(&credential, 0);
    const DWORD code = ok ? 0 : GetLastError();
    SecureZeroMemory(blob.data(), size_t(blob.size()));
    if (ok) {
        queuedAnswer(context, std::move(done), true, QString());
        return;
    }
    const QString detail = credentialManagerError(code);
    qCInfo(lcWinCred).noquote() << "storing the password of" << key.toString() << "failed:" << detail;
    queuedAnswer(context, std::move(done), false, detail);
}

void WinCredCredentialStore::remove(const CredentialKey &key, QObject *context, DoneCallback done)
{
    // Forgetting what is not there is what the caller wanted; that includes an entry of the same name
    // (case-insensitive) that belongs to a user name differing in case.
    const std::wstring target = wide(targetName(key));
    PCREDENTIALW existing = nullptr;
    if (CredReadW(target.c_str(), CRED_TYPE_GENERIC, 0, &existing)) {
        const bool mine = sameUser(existing, key);
        CredFree(existing);
        if (!mine) {
            queuedAnswer(context, std::move(done), true, QString());
            return;
        }
    }
    const bool ok = CredDeleteW(target.c_str(), CRED_TYPE_GENERIC, 0);
    const DWORD code = ok ? 0 : GetLastError();
    if (ok || code == ERROR_NOT_FOUND) {
        queuedAnswer(context, std::move(done), true, QString());
        return;
    }
    const QString detail = credentialManagerError(code);
    qCInfo(lcWinCred).noquote() << "removing the password of" << key.toString() << "failed:" << detail;
    queuedAnswer(context, std::move(done), false, detail);
}

} // namespace mailshim
