#pragma once

// DpapiFileCredentialStore (Windows only): the stored passwords of the MailShim Windows service, in a file of its
// own account. The service does not run as the user, so the user's Credential Manager is not its store: the tray
// program hands it each typed password over the control channel ("setPassword"), and it keeps them here.
//
// - Each password is encrypted with DPAPI (CryptProtectData) in the *user* scope of the account the service runs as,
//   not CRYPTPROTECT_LOCAL_MACHINE: Microsoft documents that machine-scope data can be decrypted by "any user on the
//   computer", so the file's permissions would be the only fence; in the user scope only the service's account can
//   decrypt, even from a copy of the file (a backup, a folder whose permissions someone widened). The account's key
//   is in its profile, which the service control manager loads for a service. CRYPTPROTECT_UI_FORBIDDEN: a service
//   has nobody to prompt. The entry's name ("MailShim/user@host:port") is the optional entropy, so a blob copied
//   under another account's name does not decrypt.
// - The file (JSON: {"format":1,"entries":{"user@host:port":"<base64 blob>"}}) and its folder get a protected DACL
//   (nothing inherited): full control for SYSTEM and the service's account; Administrators may list and delete
//   (to uninstall) but not read. It is written to a new file created with that descriptor and renamed over the old.
// Never a plain-text fallback; the password is never logged.

#include "credentials/credentialstore.h"

#include <QJsonObject>

namespace mailshim {

class DpapiFileCredentialStore final : public CredentialStore
{
public:
    // path: the file (its folder is created on the first store); ownSid: the SID of the account this process runs as
    // (ControlPipe::currentUserSid()), which gets full control besides SYSTEM.
    DpapiFileCredentialStore(QString path, QString ownSid);
    ~DpapiFileCredentialStore() override = default;
    Q_DISABLE_COPY_MOVE(DpapiFileCredentialStore)

    // The descriptors the folder and the file are given, as SDDL.
    static QString folderSddl(const QString &ownSid);
    static QString fileSddl(const QString &ownSid);
    // The optional entropy of key's blob.
    static QByteArray entropy(const CredentialKey &key);

    // Answers arrive queued on context, or at once without one (as WinCredCredentialStore's).
    void lookup(const CredentialKey &key, QObject *context, std::function<void(const PasswordAnswer &)> done) override;
    // password: non-empty UTF-8 text without NUL bytes, at most 64 KiB; else done(false, ...).
    void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) override;
    void remove(const CredentialKey &key, QObject *context, DoneCallback done) override;

private:
    bool read(QJsonObject *entries, QString *error) const;
    bool write(const QJsonObject &entries, QString *error) const;

    QString m_path;
    QString m_ownSid;
};

} // namespace mailshim
