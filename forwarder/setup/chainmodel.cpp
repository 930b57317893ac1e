#include "setup/chainmodel.h"

#include "net/hostname.h"
#include "pop3/popfilename.h"

#include <QSet>
#include <algorithm>

namespace mailshim::ChainModel {

namespace {

constexpr quint16 kPop3Port = 110;

struct Target
{
    QString host;
    quint16 port = 0;
};

Target targetOf(const Chain &chain, int hop)
{
    if (hop + 1 < chain.hops.size())
        return {chain.hops.at(hop + 1).address, chain.hops.at(hop + 1).port};
    return {chain.server.host, serverPort(chain)};
}

// IPv6 literals go in brackets, as in MailShim's own routing (a bare "::1" would clash with ':').
QByteArray hostText(const QString &host)
{
    return HostName::bracketed(host).toUtf8();
}

// If the rest of the name starts like a port, leaving the port out would make the hop read part of it as one.
bool looksLikePort(const QByteArray &rest, char separator)
{
    return PopfileName::portDigits(rest, separator) > 0;
}

QByteArray prefix(const Chain &chain, int hop, const QByteArray &rest)
{
    if (!takesTarget(chain, hop))
        return QByteArray();
    const ChainHop &h = chain.hops.at(hop);
    const Target target = targetOf(chain, hop);
    QByteArray text = hostText(target.host) + h.separator;
    if (h.kind == ChainHopKind::Scanner)
        return text; // it cannot be told a port (see ScannerNeedsPort110)
    const bool mayOmit = h.kind == ChainHopKind::MailShim || !h.writeDefaultPort;
    if (!(mayOmit && target.port == kPop3Port && !looksLikePort(rest, h.separator)))
        text += QByteArray::number(target.port) + h.separator;
    return text;
}

QString hopLabel(const Chain &chain, int hop)
{
    const ChainHop &h = chain.hops.at(hop);
    return h.name.isEmpty() ? QStringLiteral("hop %1").arg(hop + 1) : h.name;
}

bool sameAddress(const QString &a, const QString &b)
{
    const QHostAddress x(a), y(b);
    if (x.isNull() || y.isNull())
        return a.compare(b, Qt::CaseInsensitive) == 0 ||
               (HostName::isLoopback(a.toLower()) && HostName::isLoopback(b.toLower()));
    return x == y || x.isEqual(QHostAddress::Any) || y.isEqual(QHostAddress::Any) || x.isEqual(QHostAddress::AnyIPv6) ||
           y.isEqual(QHostAddress::AnyIPv6) || (x.isLoopback() && y.isLoopback());
}

bool serverIsLocal(const Chain &chain)
{
    const std::optional<QString> host = HostName::normalize(chain.server.host.toUtf8());
    return host && HostName::isLoopback(*host);
}

bool implicitTls(Security security)
{
    return security == Security::Tls || security == Security::ApopTls;
}

} // namespace

quint16 serverPort(const Chain &chain)
{
    if (chain.server.port)
        return chain.server.port;
    if (!chain.hops.isEmpty() && chain.hops.last().kind == ChainHopKind::MailShim)
        return defaultPort(chain.server.security);
    return kPop3Port;
}

int mailShimIndex(const Chain &chain)
{
    for (int i = 0; i < chain.hops.size(); ++i) {
        if (chain.hops.at(i).kind == ChainHopKind::MailShim)
            return i;
    }
    return -1;
}

bool takesTarget(const Chain &chain, int hop)
{
    const ChainHopKind kind = chain.hops.at(hop).kind;
    if (kind == ChainHopKind::Forwarder)
        return false;
    if (kind == ChainHopKind::MailShim)
        return hop + 1 < chain.hops.size(); // the last one has the server as its fixed upstream
    return true;
}

QList<QByteArray> incomingUserNames(const Chain &chain)
{
    const int n = int(chain.hops.size());
    QList<QByteArray> names(n + 1);
    names[n] = chain.server.user.toUtf8();
    for (int i = n - 1; i >= 0; --i)
        names[i] = prefix(chain, i, names.at(i + 1)) + names.at(i + 1);
    return names;
}

QByteArray clientUserName(const Chain &chain)
{
    return incomingUserNames(chain).first();
}

QByteArray prefixFor(const Chain &chain, int hop)
{
    const QList<QByteArray> names = incomingUserNames(chain);
    return names.at(hop).chopped(names.at(hop + 1).size());
}

QList<ChainProblem> problems(const Chain &chain, const ChainContext &context)
{
    QList<ChainProblem> out;
    auto add = [&out](ChainProblem::Kind kind, ChainProblem::Severity severity, int hop, const QString &message) {
        ChainProblem p{kind, severity, hop, -1, 0, QString(), message};
        out.append(p);
        return &out.last();
    };
    using K = ChainProblem::Kind;
    using S = ChainProblem::Severity;
    const int n = int(chain.hops.size());
    if (n == 0) {
        add(K::Empty, S::Error, -1, QStringLiteral("The chain has no hops: add at least MailShim."));
        return out;
    }
    const std::optional<QString> server = HostName::normalize(chain.server.host.trimmed().toUtf8());
    if (!server || chain.server.user.trimmed().isEmpty())
        add(K::NoServer, S::Error, -1,
            !server ? QStringLiteral("\"%1\" is not a valid server name.").arg(chain.server.host)
                    : QStringLiteral("The user name at the server is missing."));
    const quint16 toServer = serverPort(chain);

    int mailShims = 0;
    for (int i = 0; i < n; ++i) {
        const ChainHop &hop = chain.hops.at(i);
        const QString name = hopLabel(chain, i);
        if (hop.kind == ChainHopKind::MailShim && ++mailShims == 2)
            add(K::MailShimTwice, S::Error, i,
                QStringLiteral("MailShim appears twice. One MailShim refuses to pass mail to its own listeners "
                               "(that is how it prevents mail loops); use one MailShim hop."));
        if (!hop.port) {
            add(K::PortMissing, S::Error, i, QStringLiteral("%1 has no port yet.").arg(name));
            continue;
        }
        for (int j = 0; j < i; ++j) {
            const ChainHop &other = chain.hops.at(j);
            if (other.port == hop.port && sameAddress(other.address, hop.address)) {
                ChainProblem *p = add(K::PortCollision, S::Error, i,
                                      QStringLiteral("%1 and %2 both listen on port %3; each hop needs its own port.")
                                          .arg(hopLabel(chain, j), name)
                                          .arg(hop.port));
                p->otherHop = j;
                p->port = hop.port;
            }
        }
        if (context.otherListeners.contains(hop.port)) {
            ChainProblem *p = add(K::PortOfOtherListener, S::Error, i,
                                  QStringLiteral("%1 would listen on port %2, which MailShim's listener \"%3\" uses.")
                                      .arg(name)
                                      .arg(hop.port)
                                      .arg(context.otherListeners.value(hop.port)));
            p->port = hop.port;
            p->listenerName = context.otherListeners.value(hop.port);
        } else if (hop.kind == ChainHopKind::MailShim && hop.port != context.ownListenerPort && context.canListen &&
                   !context.canListen(hop.address, hop.port)) {
            add(K::PortBusy, S::Error, i,
                QStringLiteral("Another program already listens on port %1, so MailShim cannot.").arg(hop.port))
                ->port = hop.port;
        }
        if (server && HostName::isLoopback(*server) && toServer == hop.port)
            add(K::ServerIsHop, S::Error, i,
                QStringLiteral("The server %1:%2 is %3 itself: the mail would go round in a loop.")
                    .arg(chain.server.host)
                    .arg(toServer)
                    .arg(name));
        if (!takesTarget(chain, i))
            continue;
        const Target target = targetOf(chain, i);
        if (hop.kind == ChainHopKind::MailShim && !routingSeparatorChoices().contains(QLatin1Char(hop.separator)))
            add(K::BadSeparator, S::Error, i,
                QStringLiteral("MailShim cannot use \"%1\" as a separator; choose one of %2.")
                    .arg(QString(QLatin1Char(hop.separator)), routingSeparatorChoices()));
        else if (hostText(target.host).contains(hop.separator) || hop.separator == '.' || hop.separator == '\0')
            add(K::BadSeparator, S::Error, i,
                QStringLiteral("%1's separator \"%2\" also appears in the next host %3, so the name cannot be split.")
                    .arg(name, QString(QLatin1Char(hop.separator)), target.host));
        if (hop.kind == ChainHopKind::Scanner && target.port != kPop3Port)
            add(K::ScannerNeedsPort110, S::Error, i,
                QStringLiteral("%1 cannot be told a port (it takes host%2user), so it always connects to port 110; "
                               "but what comes after it listens on port %3.")
                    .arg(name, QString(QLatin1Char(hop.separator)))
                    .arg(target.port));
    }

    const int m = mailShimIndex(chain);
    const QString last = hopLabel(chain, n - 1);
    if (chain.hops.last().kind != ChainHopKind::MailShim) {
        if (m >= 0) {
            for (int j = m + 1; j < n; ++j) {
                if (chain.hops.at(j).readsMail())
                    add(K::ReaderAfterMailShim, S::Warning, j,
                        QStringLiteral("%1 reads the mail but stands between MailShim and the server. MailShim's "
                                       "encryption must be the last hop, after every scanner; otherwise %2 talks "
                                       "to the server itself, without TLS.")
                            .arg(hopLabel(chain, j), last));
            }
        }
        if (implicitTls(chain.server.security))
            add(K::NoTlsFromProxy, S::Error, n - 1,
                QStringLiteral("The server expects TLS (port %1), but the last hop, %2, speaks only plain POP3. Put "
                               "MailShim last.")
                    .arg(toServer)
                    .arg(last));
        else
            add(K::UnprotectedServerLink, S::Warning, n - 1,
                QStringLiteral("%1 talks to the server without encryption: the password and the mail cross the "
                               "network in the clear. Put MailShim last.")
                    .arg(last));
    } else if (chain.server.security == Security::Plain) {
        add(K::UnprotectedServerLink, S::Warning, n - 1,
            QStringLiteral("MailShim talks to the server in plain POP3: the password and the mail cross the "
                           "network in the clear."));
    }
    return out;
}

bool hasErrors(const QList<ChainProblem> &problems)
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const ChainProblem &p) { return p.severity == ChainProblem::Severity::Error; });
}

namespace {
int rank(ChainHopKind kind)
{
    switch (kind) {
    case ChainHopKind::PopFile:
        return 0;
    case ChainHopKind::Forwarder:
        return 1;
    case ChainHopKind::Scanner:
        return 2;
    case ChainHopKind::MailShim:
        return 3;
    }
    return 1;
}
} // namespace

QList<ChainHop> recommendedOrder(const QList<ChainHop> &hops)
{
    QList<ChainHop> sorted = hops;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const ChainHop &a, const ChainHop &b) { return rank(a.kind) < rank(b.kind); });
    return sorted;
}

bool isRecommendedOrder(const QList<ChainHop> &hops)
{
    return recommendedOrder(hops) == hops;
}

QList<int> assignFreePorts(Chain *chain, const ChainContext &context, quint16 from)
{
    QList<int> changed;
    const bool localServer = serverIsLocal(*chain);
    QSet<quint16> used;
    for (int i = 0; i < chain->hops.size(); ++i) {
        ChainHop &hop = chain->hops[i];
        auto takenElsewhere = [&](quint16 port) {
            if (used.contains(port) || context.otherListeners.contains(port) ||
                (localServer && port == serverPort(*chain)))
                return true;
            for (int j = i + 1; j < chain->hops.size(); ++j) {
                if (chain->hops.at(j).port == port)
                    return true;
            }
            return false;
        };
        bool bad = !hop.port || used.contains(hop.port) || context.otherListeners.contains(hop.port) ||
                   (localServer && hop.port == serverPort(*chain));
        if (!bad && hop.kind == ChainHopKind::MailShim && hop.port != context.ownListenerPort && context.canListen)
            bad = !context.canListen(hop.address, hop.port);
        if (bad) {
            quint16 port = from;
            while (port < 65535 && (takenElsewhere(port) || (context.canListen && port != context.ownListenerPort &&
                                                             !context.canListen(hop.address, port))))
                ++port;
            hop.port = port;
            changed.append(i);
        }
        used.insert(hop.port);
    }
    return changed;
}

ListenerConfig mailShimListener(const Chain &chain, int hop, const ListenerConfig &base)
{
    const ChainHop &h = chain.hops.at(hop);
    ListenerConfig listener = base;
    const QHostAddress address(h.address);
    listener.address = address.isNull() ? QHostAddress(QHostAddress::LocalHost) : address;
    listener.port = h.port;
    listener.enabled = true;
    if (!takesTarget(chain, hop)) {
        UpstreamConfig upstream;
        if (base.upstream && base.upstream->host == chain.server.host)
            upstream = *base.upstream; // keep a pin and TLS choices made for this server before
        upstream.host = chain.server.host.trimmed();
        upstream.security = chain.server.security;
        const quint16 port = serverPort(chain);
        upstream.port = port == defaultPort(upstream.security) ? 0 : port;
        upstream.tls.caFile = usesTls(upstream.security) ? chain.server.caFile : QString();
        listener.upstream = upstream;
        listener.routing.enabled = false;
        listener.user = chain.server.user.trimmed();
        return listener;
    }
    const Target target = targetOf(chain, hop);
    UpstreamConfig next;
    next.host = target.host;
    next.security = Security::Plain; // the next hop is a local proxy that speaks plain POP3
    next.port = target.port == defaultPort(Security::Plain) ? 0 : target.port;
    listener.upstream.reset();
    listener.routing.enabled = true;
    listener.routing.separator = h.separator;
    listener.routing.allow = {next};
    // A stored password is bound to the server it is for; this listener only passes the login on.
    listener.user.clear();
    listener.storedPassword = false;
    return listener;
}

} // namespace mailshim::ChainModel
