#include "setup/chainparser.h"

#include "net/hostname.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"

namespace mailshim::ChainParser {

namespace {

// A part reads as a host only if it could hardly be a user name: it has a dot, is "localhost", or is an IP.
bool looksLikeHost(const QByteArray &text)
{
    if (!HostName::normalize(text, false))
        return false;
    return text.contains('.') || text.compare("localhost", Qt::CaseInsensitive) == 0 || text.startsWith('[');
}

std::optional<quint16> portAt(const QByteArray &rest, char separator, qsizetype *length)
{
    const qsizetype end = rest.indexOf(separator);
    if (end < 1 || end > 5)
        return std::nullopt;
    for (qsizetype i = 0; i < end; ++i) {
        if (rest.at(i) < '0' || rest.at(i) > '9')
            return std::nullopt;
    }
    const int port = rest.left(end).toInt();
    if (port < 1 || port > 65535)
        return std::nullopt;
    *length = end + 1;
    return quint16(port);
}

} // namespace

ParsedChain parse(const QByteArray &userName, const QString &separators)
{
    ParsedChain parsed;
    if (userName.isEmpty()) {
        parsed.error = QStringLiteral("the user name is empty");
        return parsed;
    }
    if (WireText::hasForbiddenControlBytes(userName) || userName.contains(' ')) {
        parsed.error = QStringLiteral("a user name cannot hold spaces or control characters");
        return parsed;
    }
    QByteArray rest = userName;
    while (true) {
        qsizetype hostEnd = -1;
        if (rest.startsWith('[')) {
            const qsizetype close = rest.indexOf(']');
            if (close > 0 && close + 1 < rest.size() && separators.contains(QLatin1Char(rest.at(close + 1))))
                hostEnd = close + 1;
        } else {
            for (qsizetype i = 0; i < rest.size(); ++i) {
                if (separators.contains(QLatin1Char(rest.at(i)))) {
                    hostEnd = i;
                    break;
                }
            }
        }
        if (hostEnd <= 0 || !looksLikeHost(rest.left(hostEnd)))
            break; // no more "host<sep>": the rest is the server's user name
        ChainTarget target;
        target.separator = rest.at(hostEnd);
        QByteArray host = rest.left(hostEnd);
        if (host.startsWith('['))
            host = host.mid(1, host.size() - 2);
        target.host = QString::fromUtf8(host);
        rest = rest.mid(hostEnd + 1);
        qsizetype portLength = 0;
        if (const std::optional<quint16> port = portAt(rest, target.separator, &portLength)) {
            target.port = *port;
            rest = rest.mid(portLength);
        }
        parsed.targets.append(target);
        if (rest.isEmpty()) {
            parsed.error =
                QStringLiteral("the name ends after \"%1\": the user name at the server is missing").arg(target.host);
            return parsed;
        }
    }
    parsed.user = rest;
    if (parsed.targets.isEmpty())
        parsed.error = QStringLiteral("\"%1\" names no host: it is a plain user name, not a chain")
                           .arg(WireText::sanitizeForDisplay(userName, 80));
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
        hop.name = QStringLiteral("hop %1").arg(k + 1);
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
