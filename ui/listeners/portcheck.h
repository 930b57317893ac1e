#pragma once

// PortCheck: can a local port be opened right now? The listener editor and the chain wizard try to bind
// rather than guess, because only the operating system knows which ports other programs hold.

#include <QHostAddress>
#include <QString>

namespace mailshim::PortCheck {

// Binds and releases at once; false with the system's reason when the port is taken or not allowed.
bool canListen(const QHostAddress &address, quint16 port, QString *why = nullptr);

} // namespace mailshim::PortCheck
