#pragma once

// ChainParser: reads a chained user name the user already has ("127.0.0.1%110%pop.isp.net:110:user") back
// into the targets it names, so the wizard can show the chain it describes and start from it.
//
// Without knowing the hops, a name is read greedily from the left: a host name (with a dot, "localhost", or
// an IP address), then one of MailShim's separator characters, then optionally digits and the same separator
// as the port. The first part that is not such a host is the user name at the server, so "alice+news" or
// "alice@isp.net" stay whole. A user name that itself starts like "host.name%..." cannot be told apart; pass
// the separators actually in use to narrow it down.

#include "setup/chainhop.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace mailshim {

// One "host[<sep>port]<sep>" part: where one hop must connect next.
struct ChainTarget
{
    QString host;     // as written, without brackets
    quint16 port = 0; // 0: not written (the hop's default, 110 for POPFile-style hops)
    char separator = ':';

    bool operator==(const ChainTarget &other) const
    {
        return host == other.host && port == other.port && separator == other.separator;
    }
};

struct ParsedChain
{
    QList<ChainTarget> targets; // targets[0] is read by the hop the mail client talks to
    QByteArray user;            // what is left: the user name at the server
    QString error;              // non-empty when the name cannot be a chain; says why

    bool ok() const { return error.isEmpty(); }
};

namespace ChainParser {

ParsedChain parse(const QByteArray &userName, const QString &separators = routingSeparatorChoices());

// The chain the parse describes: one hop per target (POPFile-style with the target's separator, or
// antivirus-style when it wrote no port and used ':'); hop k > 0 listens where targets[k - 1] points; the first
// hop's port is not in the name (it is the port the mail client uses), so it is 0. The last target is the server.
Chain toChain(const ParsedChain &parsed);

} // namespace ChainParser
} // namespace mailshim
