#pragma once

// SessionHarness: what the whole-session fuzz targets (fuzz_pop3session, fuzz_smtpsession) share: a client and a
// server that say whatever the input says, in the order it says, around one real session, without a network and
// deterministically.
// - The client side is an AF_UNIX socket pair inside this process: one end is handed to the session as its
//   QTcpSocket (Qt takes any stream socket descriptor), the other is written and read here with plain send/recv.
// - The server is a listening TCP socket on 127.0.0.1 inside this process, because a session connects upstream by
//   host and port as it does in production. It is accepted, written and read here with plain accept4/send/recv, and
//   closed with SO_LINGER 0 (a reset), so a long run leaves no TIME_WAIT behind.
// - runScript() plays the input's steps: client bytes, server bytes (raw or one of a few realistic lines), a close of
//   either side. After each step the event loop is run until two passes in a row find nothing to do: loopback and
//   AF_UNIX bytes are readable as soon as they are written, so every step's consequences happen within that step,
//   the same way on every run. Targets set deadlines far beyond a run's length so no timer ever fires.

#include "fuzzsupport.h"

#include <QByteArray>
#include <QList>

class QTcpSocket;

namespace mailshim::fuzz {

class SessionHarness
{
public:
    SessionHarness();  // the client's socket pair
    ~SessionHarness(); // closes whatever fake end is still open

    // The port of the process's one fake server (every input's session connects to it).
    static quint16 serverPort();
    // The session's end of the client connection (the caller hands it to the session, which owns it).
    QTcpSocket *takeSessionSocket();

    // The steps, at most maxSteps, each followed by pump().
    void runScript(FuzzedDataProvider &in, const QList<QByteArray> &clientLines, const QList<QByteArray> &serverLines,
                   int maxSteps);
    // Runs the event loop until it is quiet, collecting what reached either fake end.
    void pump();
    // Both fake ends go (a reset for the server).
    void closeBoth();

    int upstreamConnections = 0;
    QByteArray clientSent, clientReceived, serverSent, serverReceived;

private:
    void collect();

    int m_clientFd = -1;  // our end of the client's socket pair
    int m_sessionFd = -1; // the session's end, until takeSessionSocket()
    int m_serverFd = -1;  // our end of the session's upstream connection
};

qsizetype countCaseInsensitive(const QByteArray &haystack, const char *needle);

} // namespace mailshim::fuzz
