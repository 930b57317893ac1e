#pragma once

// HostName: strict checks for the server names MailShim will connect to, shared by config validation and
// user-name routing. Accepts LDH labels (IDN converted to ASCII) or an IP literal; rejects everything else.

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>
#include <optional>

namespace mailshim::HostName {

// The connectable form of a host: lowercase ASCII (punycode for IDN), or an IP address without brackets.
// Accepts "[::1]" or "::1" for IPv6 when allowBareIpv6 is set. nullopt if invalid.
std::optional<QString> normalize(QByteArrayView host, bool allowBareIpv6 = true);

// True for "localhost", 127.0.0.0/8 and ::1 — a target that may be one of MailShim's own listeners.
bool isLoopback(const QString &normalizedHost);

// An IPv6 literal in brackets ("[::1]"), as a host must be written before ":port" or in a user name; any other
// host as it is. unbracketed() is the reverse (a host without brackets is returned as it is).
QString bracketed(const QString &host);
QByteArrayView unbracketed(QByteArrayView host);
// Parses "127.0.0.1:3999", "[::1]:3999" or "localhost:3999" (localhost means 127.0.0.1).
bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port);

} // namespace mailshim::HostName
