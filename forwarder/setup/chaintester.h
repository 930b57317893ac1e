#pragma once

// ChainTester: a real login through a running chain, and if it fails, where. It logs in with the engine's own POP3
// client (Pop3Login). First it checks that every hop
// answers with a POP3 greeting (no login, so a missing hop costs no password attempt); then it logs in at the
// first hop with the name ChainModel computes and asks STAT. If that is refused, it logs in at each hop with
// the name that hop should receive, starting next to the server and working outwards: the first hop that
// refuses the name it should accept is where the chain breaks, and its reply is reported. A wrong password is
// thus tried at most twice. The password is only ever sent in PASS; it is never logged or reported.

#include "net/linereader.h"
#include "net/servererror.h"
#include "setup/chainhop.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace mailshim {

class Pop3Login;
class UpstreamSocket;

struct ChainTestResult
{
    enum class Outcome {
        Ok,
        Unreachable, // nothing accepted the connection
        NoGreeting,  // connected, but no "+OK" greeting (wrong program on that port, or it hung)
        Refused,     // the hop answered -ERR to the name it should accept, or to the password
        Cancelled,
    };
    Outcome outcome = Outcome::Cancelled;
    int hop = -1; // the hop where it broke; -1 when it worked
    QString hopName;
    QString address;
    quint16 port = 0;
    QByteArray command; // "USER", "PASS" or "STAT": what the hop refused (never the argument)
    QString reply;      // the hop's reply line or the socket error, sanitized for display
    QString stat;       // when it worked: the STAT answer ("+OK 5 12345")

    bool ok() const { return outcome == Outcome::Ok; }
    QString describe() const; // in plain English, naming the hop
};

class ChainTester final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainTester)

public:
    explicit ChainTester(QObject *parent = nullptr);
    ~ChainTester() override;

    // The hops must be running. password is sent as is in PASS (the keychain's, or what the user typed).
    void start(const Chain &chain, const QByteArray &password, int stepTimeoutSeconds = 20);
    // Stops at once; finished() is emitted with Outcome::Cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // login false: only checking the greeting.
    void progress(int hop, bool login);
    void finished(const mailshim::ChainTestResult &result);

private:
    struct Attempt
    {
        bool ok = false;
        ChainTestResult::Outcome failure = ChainTestResult::Outcome::Refused;
        QByteArray command;
        QString reply;
        QString stat;
    };
    using Done = std::function<void(const Attempt &)>;

    void run(int hop, bool login, Done done);
    void onLoginReady(bool login);
    void onLoginFailed(const mailshim::ServerError &error);
    void onStatReply();
    void onTimeout();
    void endAttempt();
    void dropConnection();
    void greet(int hop);
    void loginFirst();
    void locate(int hop, const Attempt &firstFailure);
    void report(int hop, const Attempt &attempt);

    Chain m_chain;
    QList<QByteArray> m_names;
    QByteArray m_password;
    int m_timeoutMs = 20000;
    bool m_running = false;
    quint64 m_generation = 0;          // an attempt's callbacks are dropped once cancel() or a new start() happened
    QPointer<Pop3Login> m_login;       // the attempt's login, until it is ready or failed
    QPointer<UpstreamSocket> m_socket; // after the login: STAT, then QUIT
    LineReader m_reader{512};
    QTimer m_timer;
    Done m_done;
    Attempt m_attempt;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::ChainTestResult)
