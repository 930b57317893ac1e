#pragma once

// SaslBearer: the two SASL mechanisms that present an OAuth 2.0 access token to a mail server, the same for POP3 and
// SMTP: XOAUTH2 (Google's and Microsoft's) and OAUTHBEARER (RFC 7628). Pure bytes, no sockets: the logins put the
// responses on the wire. The token is in the responses only; nothing here logs.

#include <QByteArray>
#include <QByteArrayView>
#include <QSet>
#include <QString>

namespace mailshim {
namespace SaslBearer {

enum class Mechanism {
    XOAuth2,     // user=<u>^Aauth=Bearer <t>^A^A
    OAuthBearer, // n,a=<u>,^Ahost=<h>^Aport=<p>^Aauth=Bearer <t>^A^A (RFC 7628 3.1)
};

QByteArray name(Mechanism mechanism); // "XOAUTH2", "OAUTHBEARER"
// OAUTHBEARER when the server offers it (upper-cased names), else XOAUTH2: the one Microsoft and Google take, and
// servers often do not list it.
Mechanism choose(const QSet<QByteArray> &offered);

// The client's first response, not yet base64: the user, the token and (OAUTHBEARER) the server's host and port.
QByteArray initialResponse(Mechanism mechanism, const QByteArray &user, const QByteArray &token, const QString &host,
                           quint16 port);
// The base64 line that answers a server's error challenge (a JSON document) so that it sends its final refusal:
// XOAUTH2 an empty line, OAUTHBEARER %x01 (RFC 7628 3.2.3), i.e. "AQ==".
QByteArray abortResponse(Mechanism mechanism);
// The "status" of a base64 JSON error challenge ("invalid_token", "401"), printable and short, for the log; empty
// when the challenge says nothing readable. A challenge never holds the token.
QString challengeStatus(QByteArrayView base64);

} // namespace SaslBearer
} // namespace mailshim
