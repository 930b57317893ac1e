#pragma once

// PopfileName: the grammar of POPFile-style user names, "host[<sep>port]<sep>user", in one place. The Router reads
// them (which server a client asks for), and the proxy chain wizard both writes them (ChainModel) and reads them
// back (ChainParser); all three must agree on where a host ends and when digits are a port.

#include <QByteArrayView>

namespace mailshim::PopfileName {

// Where the host part of name ends: the index of the separator that follows it, or -1 when there is none. An IPv6
// literal must be in brackets ("[::1]:110:alice"), since its colons would read as separators.
qsizetype hostEnd(QByteArrayView name, QByteArrayView separators);

// POPFile's rule: in what follows the host, a run of one to five digits directly followed by the separator is a
// port (the rest is the user name, which may hold separators for the next hop of a chain). The length of that
// run, or 0 when rest does not start with a port.
qsizetype portDigits(QByteArrayView rest, char separator);

} // namespace mailshim::PopfileName
