#include "credentials/dpapifilecredentialstore.h"

#include "credentials/protectedfolder.h"
#include "credentials/queuedanswer.h"
#include "credentials/windowserrortext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaObject>
#include <qt_windows.h>
// clang-format off: dpapi.h needs the types of windows.h first
#include <dpapi.h>
#include <sddl.h>
// clang-format on

namespace mailshim {

namespace {

Q_LOGGING_CATEGORY(lcDpapi, "mailshim.keychain")

constexpr qsizetype kMaxPasswordBytes = 64 * 1024;
constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;
constexpr int kFormat = 1;
constexpr char kSystemSid[] = "S-1-5-18";

QString fullControlFor(const QString &ownSid)
{
    // SYSTEM's own alias, so that the descriptor reads back the same way; no second entry when the service is SYSTEM.
    QString aces = QStringLiteral("(A;;FA;;;SY)");
    if (!ownSid.isEmpty() && ownSid != QLatin1String(kSystemSid))
        aces += QStringLiteral("(A;;FA;;;%1)").arg(ownSid);
    return aces;
}

// A security descriptor made from SDDL, freed with LocalFree.
struct Descriptor
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    explicit Descriptor(const QString &sddl)
    {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(reinterpret_cast<LPCWSTR>(sddl.utf16()), SDDL_REVISION_1,
                                                             &sd, nullptr);
    }
    ~Descriptor() { LocalFree(sd); }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
};

std::wstring native(const QString &path)
{
    return QDir::toNativeSeparators(path).toStdWString();
}

QString fileError(const QString &what, const QString &path, DWORD code)
{
    return QStringLiteral("%1 %2: %3").arg(what, QDir::toNativeSeparators(path), windowsErrorText(code));
}

} // namespace

DpapiFileCredentialStore::DpapiFileCredentialStore(QString path, QString ownSid)
    : m_path(std::move(path)), m_ownSid(std::move(ownSid))
{
}

QString DpapiFileCredentialStore::folderSddl(const QString &ownSid)
{
    // Administrators: list (0x1), delete children (0x40), delete (0x10000), synchronize (0x100000); not read.
    return QStringLiteral("D:P") + fullControlFor(ownSid) + QStringLiteral("(A;;0x110041;;;BA)");
}

QString DpapiFileCredentialStore::fileSddl(const QString &ownSid)
{
    return QStringLiteral("D:P") + fullControlFor(ownSid) + QStringLiteral("(A;;0x110000;;;BA)");
}

QByteArray DpapiFileCredentialStore::entropy(const CredentialKey &key)
{
    return QByteArrayLiteral("MailShim/") + key.toString().toUtf8();
}

bool DpapiFileCredentialStore::read(QJsonObject *entries, QString *error) const
{
    QFile file(m_path);
    if (!file.exists()) {
        *entries = {};
        return true;
    }
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileBytes) {
        *error = QStringLiteral("cannot read the password file %1: %2")
                     .arg(QDir::toNativeSeparators(m_path),
                          file.isOpen() ? QStringLiteral("too large") : file.errorString());
        return false;
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("format")).toInt() != kFormat ||
        !root.value(QStringLiteral("entries")).isObject()) {
        *error = QStringLiteral("the password file %1 is not MailShim's (format %2): remove it to start again")
                     .arg(QDir::toNativeSeparators(m_path))
                     .arg(kFormat);
        return false;
    }
    *entries = root.value(QStringLiteral("entries")).toObject();
    return true;
}

bool DpapiFileCredentialStore::write(const QJsonObject &entries, QString *error) const
{
    if (!ProtectedFolder::ensure(QFileInfo(m_path).absolutePath(), folderSddl(m_ownSid), error))
        return false;
    const QByteArray data =
        QJsonDocument(QJsonObject{{QStringLiteral("format"), kFormat}, {QStringLiteral("entries"), entries}})
            .toJson(QJsonDocument::Indented);
    Descriptor descriptor(fileSddl(m_ownSid));
    const QString temporary = m_path + QStringLiteral(".new");
    const std::wstring temporaryPath = native(temporary);
    DeleteFileW(temporaryPath.c_str());
    SECURITY_ATTRIBUTES attributes = {sizeof(attributes), descriptor.sd, FALSE};
    // CREATE_NEW: the descriptor applies only to a file this call creates, never to one someone else put there.
    HANDLE file = CreateFileW(temporaryPath.c_str(), GENERIC_WRITE, 0, &attributes, CREATE_NEW,
                              FILE_ATTRIBUTE_NORMAL | FILE_FLAG_WRITE_THROUGH, nullptr);
    if (!descriptor.sd || file == INVALID_HANDLE_VALUE) {
        *error = fileError(QStringLiteral("cannot create"), temporary, GetLastError());
        if (file != INVALID_HANDLE_VALUE)
            CloseHandle(file);
        return false;
    }
    DWORD written = 0;
    const bool ok = WriteFile(file, data.constData(), DWORD(data.size()), &written, nullptr) &&
                    written == DWORD(data.size()) && FlushFileBuffers(file);
    const DWORD code = ok ? 0 : GetLastError();
    CloseHandle(file);
    if (!ok) {
        DeleteFileW(temporaryPath.c_str());
        *error = fileError(QStringLiteral("cannot write"), temporary, code);
        return false;
    }
    if (!MoveFileExW(temporaryPath.c_str(), native(m_path).c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        const DWORD moveCode = GetLastError();
        DeleteFileW(temporaryPath.c_str());
        *error = fileError(QStringLiteral("cannot replace"), m_path, moveCode);
        return false;
    }
    return true;
}

void DpapiFileCredentialStore::lookup(const CredentialKey &key, QObject *context,
                                      std::function<void(const PasswordAnswer &)> done)
{
    PasswordAnswer result;
    QJsonObject entries;
    QString error;
    if (!read(&entries, &error)) {
        result.status = PasswordAnswer::Status::Unavailable;
        result.detail = error;
    } else if (const QJsonValue entry = entries.value(key.toString()); !entry.isString()) {
        result.status = PasswordAnswer::Status::NotFound;
    } else {
        QByteArray blob = QByteArray::fromBase64(entry.toString().toLatin1());
        QByteArray salt = entropy(key);
        DATA_BLOB in = {DWORD(blob.size()), reinterpret_cast<BYTE *>(blob.data())};
        DATA_BLOB extra = {DWORD(salt.size()), reinterpret_cast<BYTE *>(salt.data())};
        DATA_BLOB out = {};
        if (CryptUnprotectData(&in, nullptr, &extra, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out)) {
            result.status = PasswordAnswer::Status::Found;
            result.password = QByteArray(reinterpret_cast<const char *>(out.pbData), qsizetype(out.cbData));
            SecureZeroMemory(out.pbData, out.cbData);
            LocalFree(out.pbData);
        } else {
            result.status = PasswordAnswer::Status::Unavailable;
            result.detail = QStringLiteral("the stored password of %1 cannot be decrypted by this account: %2")
                                .arg(key.toString(), windowsErrorText(GetLastError()));
        }
    }
    if (result.status == PasswordAnswer::Status::Unavailable)
        qCInfo(lcDpapi).noquote() << "lookup of" << key.toString() << "failed:" << result.detail;
    queuedAnswer(context, std::move(done), result);
}

void DpapiFileCredentialStore::store(const CredentialKey &key, const QByteArray &password, QObject *context,
                                     DoneCallback done)
{
    if (password.isEmpty() || password.contains('\0') || QString::fromUtf8(password).toUtf8() != password) {
        queuedAnswer(context, std::move(done), false,
                     QStringLiteral("the password must be non-empty UTF-8 text without NUL bytes"));
        return;
    }
    if (password.size() > kMaxPasswordBytes) {
        queuedAnswer(context, std::move(done), false,
                     QStringLiteral("the password is longer than %1 bytes").arg(kMaxPasswordBytes));
        return;
    }
    QJsonObject entries;
    QString error;
    if (!read(&entries, &error)) {
        qCInfo(lcDpapi).noquote() << "storing the password of" << key.toString() << "failed:" << error;
        queuedAnswer(context, std::move(done), false, error);
        return;
    }
    QByteArray plain = password;
    QByteArray salt = entropy(key);
    DATA_BLOB in = {DWORD(plain.size()), reinterpret_cast<BYTE *>(plain.data())};
    DATA_BLOB extra = {DWORD(salt.size()), reinterpret_cast<BYTE *>(salt.data())};
    DATA_BLOB out = {};
    const bool encrypted = CryptProtectData(&in, L"MailShim mail server password", &extra, nullptr, nullptr,
                                            CRYPTPROTECT_UI_FORBIDDEN, &out);
    const DWORD code = encrypted ? 0 : GetLastError();
    SecureZeroMemory(plain.data(), size_t(plain.size()));
    if (!encrypted) {
        error = QStringLiteral("Windows did not encrypt the password (CryptProtectData): ") + windowsErrorText(code);
    } else {
        entries.insert(key.toString(),
                       QString::fromLatin1(
                           QByteArray(reinterpret_cast<const char *>(out.pbData), qsizetype(out.cbData)).toBase64()));
        LocalFree(out.pbData);
    }
    if (!error.isEmpty() || !write(entries, &error)) {
        qCInfo(lcDpapi).noquote() << "storing the password of" << key.toString() << "failed:" << error;
        queuedAnswer(context, std::move(done), false, error);
        return;
    }
    queuedAnswer(context, std::move(done), true, QString());
}

void DpapiFileCredentialStore::remove(const CredentialKey &key, QObject *context, DoneCallback done)
{
    QJsonObject entries;
    QString error;
    if (read(&entries, &error) && entries.contains(key.toString())) {
        entries.remove(key.toString());
        write(entries, &error);
    }
    if (!error.isEmpty())
        qCInfo(lcDpapi).noquote() << "removing the password of" << key.toString() << "failed:" << error;
    queuedAnswer(context, std::move(done), error.isEmpty(), error);
}

} // namespace mailshim
