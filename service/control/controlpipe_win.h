#pragma once

// ControlPipe (Windows only): the control channel's named pipe, made by hand instead of by QLocalServer, whose
// pipe has no FILE_FLAG_FIRST_PIPE_INSTANCE, accepts remote clients and, with UserAccessOption, grants only the
// account the service runs as (SYSTEM: no tray could ever connect). See docs/windows.md#the-control-pipe.
//
// - Listener: CreateNamedPipeW with an explicit security descriptor (securityDescriptorSddl), the first instance
//   with FILE_FLAG_FIRST_PIPE_INSTANCE (a name that already exists, a squatter's or another service's, fails
//   instead of becoming a second instance) and every instance with PIPE_REJECT_REMOTE_CLIENTS. One instance at
//   a time waits in an overlapped ConnectNamedPipe, watched by a QWinEventNotifier; a connected instance is handed
//   out (connected()) for QLocalSocket::setSocketDescriptor and the next instance starts waiting.
// - clientToken: who the client is, from its token (ImpersonateNamedPipeClient), not from what it says.
// - openClient: the client's end, opened with no more rights than the DACL grants a served user, at
//   identification level only (a server can read the client's token, never act as the client).
// - checkServer: the client's check that the service's well-known pipe is served by the service the SCM started.

#include "service/control/peeridentity.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace mailshim::ControlPipe {

inline constexpr char kSystemSid[] = "S-1-5-18";
inline constexpr char kAdministratorsSid[] = "S-1-5-32-544";
// What a served user may do with the pipe: FILE_GENERIC_READ | FILE_WRITE_DATA. Not FILE_APPEND_DATA, which on a
// pipe is FILE_CREATE_PIPE_INSTANCE: a served user could otherwise add an instance of their own to the service's
// pipe and receive the next client (another user's tray).
inline constexpr unsigned long kClientAccess = 0x0012008B;

// "\\.\pipe\<name>" (a name that already starts so is kept).
QString fullPipeName(const QString &name);
// This process's user as a SID string ("S-1-5-18" for a service running as LocalSystem).
QString currentUserSid();
// The default list of users the control channel serves: this process's user, SYSTEM and the Administrators
// group (an elevated administrator).
QList<UserId> defaultAuthorizedUsers();
// The pipe's security descriptor, DACL only and protected (nothing inherited): full control for SYSTEM,
// Administrators and ownSid (the account the service runs as, which creates every further instance); read and write
// of data (kClientAccess) for each other SID in authorized. No Everyone, no Authenticated Users.
QString securityDescriptorSddl(const QString &ownSid, const QList<UserId> &authorized);
// The DACL of an open pipe handle (either end), read back with GetSecurityInfo, as SDDL; empty with *error.
QString readSecurityDescriptor(qintptr pipe, QString *error);

struct ClientToken
{
    bool known = false;
    QString userSid;
    QStringList groupSids; // enabled groups only
    qint64 processId = -1;
    QString error; // why the token could not be read
};
// The connected client's identity on a server end of the pipe.
ClientToken clientToken(qintptr pipe);

// The process serving the pipe at a client end; -1 if the system does not say (0, as Wine can answer).
qint64 serverProcessId(qintptr pipe);
// Opens the client end of the pipe (overlapped, for QLocalSocket::setSocketDescriptor), waiting while every
// instance is busy; -1 with *error if there is none, and *denied true if the pipe's DACL turned this user away.
qintptr openClient(const QString &name, int timeoutMs, QString *error, bool *denied = nullptr);
void closePipe(qintptr pipe);
// Whether the process serving the pipe may be talked to: on the service's own pipe name, only the process the
// service control manager started as the MailShim service (where the SCM can say; a pipe without a running service
// behind it is a squatter's). Other names (a --console instance, tests) are not checked here.
bool checkServer(const QString &name, qint64 serverPid, QString *why);

// The users the installed service serves besides the default ones (defaultAuthorizedUsers): SIDs in the
// REG_MULTI_SZ value ControlUsers of HKLM\SYSTEM\CurrentControlSet\Services\MailShim\Parameters, a key only
// administrators may write. `--install` adds the account that installs, `--allow-user <account>` another one; the
// service reads the list when it starts.
QList<UserId> servedUsers();
// Adds an account (a name "PC\alice", "alice", or a SID) to servedUsers(); its SID in *sid. Needs an administrator.
bool addServedUser(const QString &account, QString *sid, QString *error);

class Listener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    explicit Listener(QObject *parent = nullptr);
    ~Listener() override;

    // Creates the first instance of the pipe name with this SDDL; false with *error if the name exists already
    // (anyone's: a squatter's, another service's) or cannot be created. Windows refuses an existing name atomically
    // (FILE_FLAG_FIRST_PIPE_INSTANCE); Wine ignores that flag, so a WaitNamedPipe check comes first.
    bool listen(const QString &name, const QString &sddl, QString *error);
    void close();
    bool isListening() const;
    QString fullName() const { return m_fullName; }

Q_SIGNALS:
    // A client connected: the server end's handle (overlapped), now owned by the receiver.
    void connected(qintptr pipe);
    // The next instance could not be created: the channel stopped accepting clients.
    void failed(const QString &error);

private:
    bool addInstance(bool first, QString *error);
    void onEvent();

    struct Private;
    Private *d;
    QString m_fullName;
};

} // namespace mailshim::ControlPipe
