#include "ui/common/securitytext.h"

namespace mailshim {

QString SecurityText::label(Security security, Protocol protocol)
{
    if (protocol == Protocol::Smtp) {
        if (security == Security::Tls)
            return tr("TLS (SMTPS)");
        if (security == Security::Stls)
            return tr("STARTTLS (submission)");
    }
    switch (security) {
    case Security::Tls:
        return tr("TLS (POP3S)");
    case Security::Stls:
        return tr("STARTTLS (STLS)");
    case Security::ApopTls:
        return tr("APOP inside TLS");
    case Security::Apop:
        return tr("APOP only");
    case Security::Plain:
        return tr("Plain, unprotected");
    }
    return {};
}

QString SecurityText::label(Security security, quint16 port, Protocol protocol)
{
    if (protocol == Protocol::Smtp) {
        if (security == Security::Tls)
            return tr("TLS (SMTPS, port %1)").arg(port);
        if (security == Security::Stls)
            return tr("STARTTLS (submission, port %1)").arg(port);
    }
    switch (security) {
    case Security::Tls:
        return tr("TLS (POP3S, port %1)").arg(port);
    case Security::Stls:
        return tr("STARTTLS (STLS, port %1)").arg(port);
    case Security::ApopTls:
        return tr("APOP inside TLS (port %1)").arg(port);
    case Security::Apop:
        return tr("APOP only (port %1)").arg(port);
    case Security::Plain:
        return tr("Plain, unprotected (port %1)").arg(port);
    }
    return {};
}

QString SecurityText::explanation(Security security, Protocol protocol)
{
    if (protocol == Protocol::Smtp) {
        if (security == Security::Tls)
            return tr("Your mail and your password travel to the outgoing server encrypted from the first byte, and "
                      "the server's certificate is checked. Recommended.");
        if (security == Security::Stls)
            return tr("MailShim connects on the submission port and switches to encryption before it logs in or "
                      "sends anything. If the server will not switch, MailShim stops rather than send unprotected.");
    }
    switch (security) {
    case Security::Tls:
        return tr("The whole connection to the server is encrypted from the first byte, and the server's "
                  "certificate is checked. Recommended.");
    case Security::Stls:
        return tr("MailShim connects on the normal POP3 port and switches to encryption before sending "
                  "anything secret. If the server will not switch, MailShim stops rather than continue "
                  "unprotected.");
    case Security::ApopTls:
        return tr("Encrypted like TLS, and the password is also sent only as an APOP digest.");
    case Security::Apop:
        return tr("The password is sent as an APOP digest instead of in clear text, but the connection is "
                  "not encrypted: anyone on the network can read your mail.");
    case Security::Plain:
        return tr("No protection at all: the password and the mail cross the network in clear text. Only "
                  "for servers on this computer or a trusted network.");
    }
    return {};
}

QString SecurityText::warning(Security security, Protocol)
{
    switch (security) {
    case Security::Apop:
        return tr("Without TLS your mail is readable on the network, and APOP's MD5 digest is weak by "
                  "today's standards. Use TLS or STARTTLS if the server offers them.");
    case Security::Plain:
        return tr("Your password and mail are sent unprotected.");
    case Security::Tls:
    case Security::Stls:
    case Security::ApopTls:
        break;
    }
    return {};
}

QList<Security> SecurityText::offered(Protocol protocol)
{
    if (protocol == Protocol::Smtp)
        return {Security::Tls, Security::Stls, Security::Plain};
    return {Security::Tls, Security::Stls, Security::ApopTls, Security::Apop, Security::Plain};
}

QString SecurityText::protocolLabel(Protocol protocol)
{
    return protocol == Protocol::Smtp ? tr("Sending mail (SMTP)") : tr("Receiving mail (POP3)");
}

} // namespace mailshim
