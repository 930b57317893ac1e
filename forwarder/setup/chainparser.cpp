#include "setup/chainparser.h"

#include "net/hostname.h"
#include "net/message.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"
#include "pop3/popfilename.h"

namespace mailshim::ChainParser {

namespace {

// A part reads as a host only if it could hardly be a user name: it has a dot, is "localhost", or is an IP.
bool looksLikeHost(const QByteArray &text)
{
    if (!HostName::normalize(text, false))
        return false;
    return text.contains('.') || text.compare("localhost", Qt::CaseInsensitive) == 0 || text.startsWith('[');
}

} // namespace

ParsedChain parse(const QByteArray &userName, const QString &separators)
{
    ParsedChain parsed;
    if (userName.isEmpty()) {
        parsed.error = Message(QT_TRANSLATE_NOOP("Engine", "the user name is empty"), {}).translated();
        return parsed;
    }
    if (WireText::hasForbiddenControlBytes(userName) || userName.contains(' ')) {
        parsed.error = Message(QT_TRANSLATE_NOOP("Engine", "a user name cannot hold spaces or control characters"), {})
                           .translated();
        return parsed;
    }
    const QByteArray separatorBytes = separators.toLatin1();
    QByteArray rest = userName;
    while (true) {
        const qsizetype hostEnd = PopfileName::hostEnd(rest, separatorBytes);
        if (hostEnd <= 0 || !looksLikeHost(rest.left(hostEnd)))
            break; // no more "host<sep>": the rest is the server's user name
        ChainTarget target;
        target.separator = rest.at(hostEnd);
        const QByteArrayView host = HostName::unbracketed(QByteArrayView(rest).first(hostEnd));
        target.host = QString::fromUtf8(host.data(), host.size());
        rest = rest.mid(hostEnd + 1);
        if (const qsizetype digits = PopfileName::portDigits(rest, target.separator)) {
            const int port = rest.left(digits).toInt();
            if (port >= 1 && port <= 65535) { // else the digits are part of the user name
                target.port = quint16(port);
                rest = rest.mid(digits + 1);
            }
        }
        parsed.targets.append(target);
        if (rest.isEmpty()) {
            parsed.error = Message(QT_TRANSLATE_NOOP(
                                       "Engine", "the name ends after \"%1\": the user name at the server is missing"),
                                   {target.host})
                               .translated();
            return parsed;
        }
    }
    parsed.user = rest;
    if (parsed.targets.isEmpty())
        parsed.error =
            Message(QT_TRANSLATE_NOOP("Engine", "\"%1\" names no host: it is a plain user name, not a chain"),
                    {WireText::sanitizeForDisplay(userName, 80)})
                .translated();
    return parsed;
}

Chain toChain(const ParsedChain &parsed)
{
    Chain chain;
    const qsizetype n = parsed.targets.size();
    for (qsizetype k = 0; k < n; ++k) {
        const ChainTarget &target = parsed.targets.at(k);
        ChainHop hop;
        hop.separator = target.separator;
        if (!target.port && target.separator == ':') {
            hop.kind = ChainHopKind::Scanner;
        } else {
            hop.kind = ChainHopKind::PopFile;
            hop.writeDefaultPort = target.port != 0;
        }
        hop.name = Message(QT_TRANSLATE_NOOP("Engine", "hop %1"), {k + 1}).translated();
        if (k > 0) {
            const ChainTarget &previous = parsed.targets.at(k - 1);
            hop.address = previous.host;
            hop.port = previous.port ? previous.port : 110;
        }
        chain.hops.append(hop);
    }
    if (n > 0) {
        chain.server.host = parsed.targets.last().host;
        chain.server.port = parsed.targets.last().port ? parsed.targets.last().port : 110;
    }
    chain.server.security = Security::Plain; // the last hop here is another proxy: it speaks plain POP3
    chain.server.user = QString::fromUtf8(parsed.user);
    return chain;
}

} // namespace mailshim::ChainParser
