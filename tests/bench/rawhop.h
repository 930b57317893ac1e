#pragma once

// RawHop: the least a local forwarder can be. A plain TCP relay, one thread per connection, copying bytes with
// read(2) and write(2) as they come (TCP_NODELAY on both sides); no parsing, no TLS, no event loop library. The
// benchmark runs it as a child process in front of Dovecot and lets the client do all of the protocol through it,
// so "MailShim / raw hop" shows what MailShim costs beyond the extra loopback hop that every forwarder adds.

#include <QtGlobal>

namespace RawHop {

// Listens on 127.0.0.1:listenPort and relays every connection to 127.0.0.1:targetPort until killed.
// Returns only on a set-up error (after printing it), with a non-zero exit code.
int run(quint16 listenPort, quint16 targetPort);

} // namespace RawHop
