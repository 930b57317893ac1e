#pragma once

// ConcurrentSessions: N plain POP3 sessions held open at once through one listener, driven by the event loop:
// all log in (at most kRampWindow logins in flight, so the kernel's accept backlog never drops a SYN), then all
// send STAT, then all QUIT. Counts what failed and why.

#include <QList>
#include <QObject>
#include <QString>
#include <QTcpSocket>
#include <functional>

class ConcurrentSessions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConcurrentSessions)

public:
    ConcurrentSessions(quint16 port, QByteArray user, QByteArray password, int count, QObject *parent = nullptr);
    ~ConcurrentSessions() override;

    // Logs all sessions in; returns when every one is logged in or has failed (or after timeoutMs).
    void loginAll(int timeoutMs);
    // Every logged-in session sends STAT, then QUIT; returns when all have answered.
    void statAndQuitAll(int timeoutMs);

    int loggedIn() const { return m_loggedIn; }
    int statOk() const { return m_statOk; }
    int failures() const { return int(m_failures.size()); }
    QString firstFailure() const { return m_failures.value(0); }

    static constexpr int kRampWindow = 64;

private:
    enum class Step { Idle, Greeting, User, Pass, LoggedIn, Stat, Quit, Done, Failed };
    struct Session
    {
        QTcpSocket *socket = nullptr;
        Step step = Step::Idle;
        QByteArray buffer;
    };

    void openNext();
    void onReadyRead(int index);
    void fail(int index, const QString &why);
    void runUntil(const std::function<bool()> &done, int timeoutMs);

    quint16 m_port;
    QByteArray m_user;
    QByteArray m_password;
    QList<Session> m_sessions;
    int m_next = 0;
    int m_inFlight = 0;
    int m_loggedIn = 0;
    int m_statOk = 0;
    int m_answered = 0;
    QStringList m_failures;
};
