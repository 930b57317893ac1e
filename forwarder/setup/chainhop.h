#pragma once

// ChainHop, ChainServer, Chain: a chain of local POP3 proxies as plain data. The mail client talks to the
// first hop, each hop to the next, the last one to the real server. Each hop that takes its next target from
// the user name (POPFile style) reads a prefix off the name and passes the rest on; ChainModel computes the
// names, ChainParser reads them back, ChainTester logs in through a running chain.

#include "core/config.h"

#include <QList>
#include <QString>
#include <optional>

namespace mailshim {

enum class ChainHopKind {
    MailShim,  // MailShim's own listener: routes like POPFile when another hop follows, else a fixed upstream
    Scanner,   // antivirus-style "host<sep>user": no port in the name, so it always connects to port 110
    PopFile,   // POPFile-style "host[<sep>port]<sep>user" with a separator the user can change
    Forwarder, // a fixed forwarder: its next hop is set in the forwarder itself; the name passes unchanged
};

QString chainHopKindName(ChainHopKind kind); // "mailshim", "scanner", "popfile", "forwarder"
std::optional<ChainHopKind> chainHopKindFromName(const QString &name);

struct ChainHop
{
    ChainHopKind kind = ChainHopKind::PopFile;
    QString name;                                  // what the user calls it: "POPFile", "Antivirus"
    QString address = QStringLiteral("127.0.0.1"); // where it listens, as the previous hop connects to it
    quint16 port = 0;                              // 0: not chosen yet
    char separator = ':';
    // POPFile style only: write the port even when it is 110, as POPFile's own documentation does. Off, the
    // port 110 is left out (POPFile assumes it) unless leaving it out would make the name ambiguous.
    bool writeDefaultPort = true;

    // Antivirus and spam filters read the mail, so they must see it before anything encrypts it.
    bool readsMail() const { return kind == ChainHopKind::Scanner || kind == ChainHopKind::PopFile; }
    bool operator==(const ChainHop &other) const;
};

struct ChainServer
{
    QString host;
    quint16 port = 0; // 0: the default port (of MailShim's security mode when MailShim is the last hop, else 110)
    Security security = Security::Tls; // how MailShim talks to it when MailShim is the last hop
    QString caFile;
    QString user; // the account at the server
};

struct Chain
{
    QList<ChainHop> hops; // in the order the mail client reaches them: hops[0] is the one it talks to
    ChainServer server;
};

} // namespace mailshim
