#pragma once

// SecurityText: the words the GUI uses for each security mode, in one place so the listener editor, the
// setup wizard and the table say the same thing (and translators see each sentence once). A mode reads differently
// for receiving (POP3) and for sending (SMTP): STARTTLS is STLS on port 110 for one, submission on 587 for the other.

#include "core/config.h"

#include <QCoreApplication>
#include <QString>

namespace mailshim {

class SecurityText
{
    Q_DECLARE_TR_FUNCTIONS(SecurityText)

public:
    // Short label for a choice of mode, where the port is chosen beside it: "TLS (POP3S)".
    static QString label(Security security, Protocol protocol = Protocol::Pop3);
    // The mode as used on a real port: "TLS (POP3S, port 35799)". Every text about a configured or probed server
    // names its port this way, never the mode's default.
    static QString label(Security security, quint16 port, Protocol protocol = Protocol::Pop3);
    // One or two sentences a non-expert understands.
    static QString explanation(Security security, Protocol protocol = Protocol::Pop3);
    // Empty when the mode protects the password and the mail; otherwise what is exposed.
    static QString warning(Security security, Protocol protocol = Protocol::Pop3);
    // The modes in the order the GUI offers them: strongest first, plain last (SMTP: tls, starttls, plain).
    static QList<Security> offered(Protocol protocol = Protocol::Pop3);
    // What a listener of this protocol is for: "Receiving mail (POP3)", "Sending mail (SMTP)".
    static QString protocolLabel(Protocol protocol);
};

} // namespace mailshim
