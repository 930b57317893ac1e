#pragma once

// PasswordSource: where the engine asks for a stored password, so a mail client can keep a dummy password
// and the real one lives only in the OS keychain (the GUI and the service back this with the keychain).
// Lookups are asynchronous because keychains are. Without a source, the client's own password is used.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

namespace mailshim {

// A stored password belongs to one account on one server.
struct CredentialKey
{
    QString host;
    quint16 port = 0;
    QString user;

    // "user@host:port", the keychain entry's name; never contains the password.
    QString toString() const;
    bool operator==(const CredentialKey &other) const
    {
        return host.compare(other.host, Qt::CaseInsensitive) == 0 && port == other.port && user == other.user;
    }
};

struct PasswordAnswer
{
    enum class Status {
        Found,
        NotFound,    // nothing stored for this account: the client's password is used
        Unavailable, // no keychain, locked, or an error: the client's password is used, and the UI says so
    };
    Status status = Status::NotFound;
    QByteArray password; // UTF-8, only with Found
    QString detail;      // why it is unavailable, for the log; never contains the password
};

class PasswordSource
{
public:
    virtual ~PasswordSource() = default;

    // Calls done exactly once, later or at once. If context is destroyed first, done is never called.
    virtual void lookup(const CredentialKey &key, QObject *context,
                        std::function<void(const PasswordAnswer &)> done) = 0;
};

} // namespace mailshim
