#pragma once

// ClientSession: what a Listener sees of one accepted client connection, whatever the protocol (POP3 now, SMTP
// next): it starts, can be aborted, and reports its log lines and how it ended. Each protocol's session
// (Pop3Session) is one, made by that protocol's SessionFactory.

#include "core/config.h"
#include "net/servererror.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

namespace mailshim {

class ClientSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSession)

public:
    explicit ClientSession(quint64 id, QObject *parent = nullptr) : QObject(parent), m_id(id) {}

    virtual void start() = 0;
    // Drops the session at once (listener removed, engine stopped); nothing half-done is committed at the server.
    virtual void abort() = 0;
    quint64 id() const { return m_id; }

Q_SIGNALS:
    void loggedIn();
    // ok: the session reached the server and logged in; summary: for the "last connection" column;
    // failure: what kind of server-side trouble ended it (None when it was not the server's side).
    void finished(bool ok, const mailshim::Message &summary, mailshim::ServerError::Kind failure);
    void log(mailshim::LogLevel level, const QString &category, const mailshim::Message &text);

protected:
    // The end of every session: the client's connection closes once what is buffered for it has left, and the
    // session deletes itself when it has closed, or after 10 s for a client that does not read (its socket is then
    // aborted). The caller has disconnected the client's signals from the session already.
    void closeClientThenDelete(QTcpSocket *client);

private:
    quint64 m_id;
    QPointer<QTcpSocket> m_closing;
    QTimer *m_closeDeadline = nullptr;
};

} // namespace mailshim
