#pragma once

// Router: from the user name a client typed and the listener it reached, to the server to connect to and
// the user name to send there. POPFile-style names (host[:port]<sep>user) are honoured only when the
// listener enables routing, and only for servers on its allow-list; security always comes from that
// entry, never from the user name.

#include "core/config.h"
#include "net/message.h"

#include <QByteArray>
#include <QSet>
#include <QString>
#include <optional>

namespace mailshim {

struct Route
{
    UpstreamConfig upstream;
    QByteArray user;     // the user name for the server (opaque bytes)
    bool routed = false; // chosen by the user name, not fixed by the listener
};

struct RouteResult
{
    std::optional<Route> route;
    Message error; // why the name was refused; safe to show (sanitized)
};

// A user name split POPFile-style. host is raw bytes as typed; port is 0 when omitted.
struct RouteTarget
{
    QByteArray host;
    quint16 port = 0;
    QByteArray user;
};

namespace Router {

// Splits "host[:port]<sep>user" (IPv6 in brackets). nullopt when the name holds no separator or the
// parts are malformed (empty host or user, port not 1-65535).
std::optional<RouteTarget> parseTarget(const QByteArray &userName, char separator);

// ownPorts: the ports MailShim itself listens on (for loop refusal of routed loopback targets).
RouteResult resolve(const ListenerConfig &listener, const QByteArray &userName, const QSet<quint16> &ownPorts);

} // namespace Router
} // namespace mailshim
