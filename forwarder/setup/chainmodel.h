#pragma once

// ChainModel: the arithmetic of a proxy chain. What user name each hop receives (so the mail client's user
// name tells every hop where the next one is), which ports collide, which orders cannot work or lose the
// protection MailShim exists for, the recommended order, free ports, and MailShim's own listener for its place
// in the chain. Pure functions over Chain; the one outside fact, "can this port be opened", comes in as a
// callback so tests and the wizard decide how to check it.

#include "setup/chainhop.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <functional>

namespace mailshim {

struct ChainProblem
{
    enum class Kind {
        Empty,                 // no hops at all
        NoServer,              // server host or user missing or invalid
        PortMissing,           // hop has no port yet
        PortCollision,         // hop listens where another hop does (otherHop)
        PortOfOtherListener,   // hop listens on a port another MailShim listener has (listenerName)
        PortBusy,              // MailShim's port is held by another program
        ServerIsHop,           // the server is one of the hops (a loop)
        ScannerNeedsPort110,   // antivirus-style hop cannot be told a port, but its next hop is not on 110
        ReaderAfterMailShim,   // a hop that reads mail stands between MailShim and the server
        NoTlsFromProxy,        // the last hop is not MailShim, but the server speaks only implicit TLS
        UnprotectedServerLink, // nothing protects the link to the server
        MailShimTwice,         // one MailShim cannot route to its own listeners (loop refusal)
        BadSeparator,          // a separator MailShim cannot use, or one that appears in the next host
    };
    enum class Severity { Warning, Error };

    Kind kind;
    Severity severity = Severity::Error;
    int hop = -1;      // the hop it is about (index into Chain::hops), -1 for the whole chain
    int otherHop = -1; // the hop it clashes with
    quint16 port = 0;
    QString listenerName; // PortOfOtherListener
    QString message;      // the problem in plain English, naming the hops (the GUI words it in the UI language)
};

// What the model needs to know about the rest of MailShim and the system.
struct ChainContext
{
    QHash<quint16, QString> otherListeners; // ports of MailShim listeners not in this chain -> their names
    quint16 ownListenerPort = 0;            // the port MailShim's listener for this chain holds today (it may stay)
    std::function<bool(const QString &address, quint16 port)> canListen; // null: do not check
};

namespace ChainModel {

// The port the last hop connects to at the server.
quint16 serverPort(const Chain &chain);
// The index of the (first) MailShim hop, or -1.
int mailShimIndex(const Chain &chain);
// Whether this hop reads its next target from the user name (MailShim only when another hop follows it).
bool takesTarget(const Chain &chain, int hop);
// The prefix hop i reads off its incoming user name, e.g. "127.0.0.1%110%" (empty when it takes no target).
QByteArray prefixFor(const Chain &chain, int hop);
// The user name each hop receives: [0] is what the mail client sends, [hops.size()] the server's user name.
QList<QByteArray> incomingUserNames(const Chain &chain);
QByteArray clientUserName(const Chain &chain);

QList<ChainProblem> problems(const Chain &chain, const ChainContext &context = {});
bool hasErrors(const QList<ChainProblem> &problems);

// Stable order by role: spam filters first (they classify mail the antivirus has cleaned), fixed forwarders,
// then antivirus, and MailShim last, next to the server, so its encryption is the only thing after the readers.
QList<ChainHop> recommendedOrder(const QList<ChainHop> &hops);
bool isRecommendedOrder(const QList<ChainHop> &hops);

// Gives every hop without a port, or whose port collides with an earlier hop, another MailShim listener or
// the server, the first port from `from` up that nothing else in the chain uses and that canListen accepts.
// Hops with a good port keep it. Returns the indexes of the hops whose port changed.
QList<int> assignFreePorts(Chain *chain, const ChainContext &context, quint16 from = 3999);

// MailShim's listener for hop (which must be a MailShim hop), starting from base (a listener being updated,
// or a fresh one): its address and port, and either a fixed upstream to the server (last hop) or routing with
// the hop's separator and exactly the next hop on its allow-list.
ListenerConfig mailShimListener(const Chain &chain, int hop, const ListenerConfig &base);

} // namespace ChainModel
} // namespace mailshim
