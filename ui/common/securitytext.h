#pragma once

// SecurityText: the words the GUI uses for each security mode, in one place so the listener editor, the
// setup wizard and the table say the same thing (and translators see each sentence once).

#include "core/config.h"

#include <QCoreApplication>
#include <QString>

namespace mailshim {

class SecurityText
{
    Q_DECLARE_TR_FUNCTIONS(SecurityText)

public:
    // Short label for a choice of mode, where the port is chosen beside it: "TLS (POP3S)".
    static QString label(Security security);
    // The mode as used on a real port: "TLS (POP3S, port 35799)". Every text about a configured or probed server
    // names its port this way, never the mode's default.
    static QString label(Security security, quint16 port);
    // One or two sentences a non-expert understands.
    static QString explanation(Security security);
    // Empty when the mode protects the password and the mail; otherwise what is exposed.
    static QString warning(Security security);
    // The modes in the order the GUI offers them: strongest first, plain last.
    static QList<Security> offered();
};

} // namespace mailshim
