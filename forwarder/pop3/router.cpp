#include "pop3/router.h"

#include "net/hostname.h"
#include "net/wiretext.h"
#include "pop3/pop3codec.h"
#include "pop3/popfilename.h"

namespace mailshim::Router {

std::optional<RouteTarget> parseTarget(const QByteArray &userName, char separator)
{
    RouteTarget target;
    const qsizetype hostEnd = PopfileName::hostEnd(userName, QByteArrayView(&separator, 1));
    if (hostEnd < 0)
        return std::nullopt;
    target.host = userName.left(hostEnd);
    QByteArray rest = userName.mid(hostEnd + 1);
    if (const qsizetype digits = PopfileName::portDigits(rest, separator)) {
        const int port = rest.left(digits).toInt();
        if (port < 1 || port > 65535)
            return std::nullopt;
        target.port = quint16(port);
        rest = rest.mid(digits + 1);
    }
    target.user = rest;
    if (target.host.isEmpty() || target.user.isEmpty())
        return std::nullopt;
    return target;
}

RouteResult resolve(const ListenerConfig &listener, const QByteArray &userName, const QSet<quint16> &ownPorts)
{
    RouteResult result;
    const char sep = listener.routing.separator;
    if (!listener.routing.enabled || !userName.contains(sep)) {
        if (!listener.upstream) {
            result.error =
                Message(QT_TRANSLATE_NOOP("Engine", "this listener expects user names of the form host[:port]%1user"),
                        {QString(QLatin1Char(sep))});
            return result;
        }
        result.route = Route{*listener.upstream, userName, false};
        return result;
    }
    const std::optional<RouteTarget> target = parseTarget(userName, sep);
    if (!target) {
        result.error = Message(QT_TRANSLATE_NOOP("Engine", "user name is not of the form host[:port]%1user"),
                               {QString(QLatin1Char(sep))});
        return result;
    }
    // Brackets are required for IPv6 here: a bare "::1" would be ambiguous with the separator ':'.
    const std::optional<QString> host = HostName::normalize(target->host, false);
    if (!host) {
        result.error = Message(QT_TRANSLATE_NOOP("Engine", "\"%1\" is not a valid host name"),
                               {WireText::sanitizeForDisplay(target->host, 80)});
        return result;
    }
    const UpstreamConfig *match = nullptr;
    int hostMatches = 0;
    for (const UpstreamConfig &entry : listener.routing.allow) {
        if (entry.host != *host)
            continue;
        ++hostMatches;
        if (!match && (target->port == 0 || entry.effectivePort() == target->port))
            match = &entry;
    }
    if (!target->port && hostMatches > 1) {
        result.error = Message(
            QT_TRANSLATE_NOOP("Engine", "%1 is allowed on several ports; put the port in the user name"), {*host});
        return result;
    }
    const QString shown = target->port ? QStringLiteral("%1:%2").arg(*host).arg(target->port) : *host;
    if (!match) {
        result.error = Message(QT_TRANSLATE_NOOP("Engine", "%1 is not on this listener's allow-list"), {shown});
        return result;
    }
    if (HostName::isLoopback(*host) && ownPorts.contains(match->effectivePort())) {
        result.error = Message(
            QT_TRANSLATE_NOOP("Engine", "%1 is one of MailShim's own listeners: refused to prevent a mail loop"),
            {shown});
        return result;
    }
    result.route = Route{*match, target->user, true};
    return result;
}

} // namespace mailshim::Router
