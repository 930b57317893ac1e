#pragma once

// ServerError: why reaching or logging in to a mail server failed, typed so that health marks, the client's
// reply and a UI can each decide from the kind without reading the text. The same for every protocol.

#include "net/message.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace mailshim {

struct ServerError
{
    enum class Kind {
        None,
        Unreachable,  // DNS, refused, connect timeout: after the retries, the host gets a failed mark
        Timeout,      // the server stopped answering during a later step
        Tls,          // handshake failure, certificate not trusted, pin mismatch
        Protocol,     // bad banner, bad APOP timestamp, no STARTTLS, data injected after it, early close
        Auth,         // the server refused the credentials
        Loop,         // the target is MailShim itself
        SignInNeeded, // OAuth 2.0: the provider refused the grant (revoked, expired); only a new sign-in helps
    };
    Kind kind = Kind::None;
    Message message;        // sanitized, safe for logs and for the client's error text
    QByteArray serverReply; // Auth: the server's refusal line, without CRLF
    QByteArray command; // the command refused or unanswered ("USER", "PASS", "STLS"), never its argument; empty before
                        // the first command (connect, TLS, greeting)
    QByteArray certificateSha256; // Tls: the server key's hash, so a UI can offer trust-on-first-use
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::ServerError)
