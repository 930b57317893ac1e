// POPFile-style user names, the routing door (docs/behaviour.md): pop3/Router's parseTarget and resolve against a
// listener built from the input (routing on or off, a separator, an allow-list, MailShim's own ports), and the chain
// wizard's setup/ChainParser reading the same name back into hops.
//
// The fence is checked, not only the absence of crashes: a routed session goes only to an allow-list entry, takes
// its security from that entry, goes to the port the name asked for, never to one of MailShim's own loopback ports,
// and a name the chain parser reads is written back by the chain model as a name that reads the same.

#include "fuzzsupport.h"
#include "net/hostname.h"
#include "pop3/router.h"
#include "setup/chainmodel.h"
#include "setup/chainparser.h"

#include <cstdio>

using namespace mailshim;

namespace {

const char *const kHosts[] = {"pop.example.com", "mail.example.org",      "127.0.0.1", "::1", "localhost",
                              "192.0.2.7",       "xn--bcher-kva.example", "a.b"};

UpstreamConfig takeUpstream(FuzzedDataProvider &in)
{
    UpstreamConfig upstream;
    if (in.ConsumeBool()) {
        upstream.host = QString::fromLatin1(kHosts[in.ConsumeIntegralInRange<size_t>(0, std::size(kHosts) - 1)]);
    } else {
        const std::optional<QString> host = HostName::normalize(fuzz::takeBytes(in, 40));
        upstream.host = host.value_or(QStringLiteral("pop.example.com"));
    }
    upstream.port = in.PickValueInArray<quint16>({0, 110, 995, 3999, 4000, 65535});
    upstream.security =
        in.PickValueInArray({Security::Plain, Security::Apop, Security::Tls, Security::Stls, Security::ApopTls});
    return upstream;
}

// Two readings name the same hops: a port left out is POPFile's default 110, which the model may write out where
// leaving it out would be ambiguous ("host%110%0%user" for "host%0%user", whose "0" is no port).
bool sameHops(const QList<ChainTarget> &a, const QList<ChainTarget> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype k = 0; k < a.size(); ++k) {
        if (a.at(k).host != b.at(k).host || a.at(k).separator != b.at(k).separator ||
            (a.at(k).port ? a.at(k).port : 110) != (b.at(k).port ? b.at(k).port : 110))
            return false;
    }
    return true;
}

bool isUtf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

void checkRoute(const ListenerConfig &listener, const QByteArray &name, const QSet<quint16> &ownPorts)
{
    const char separator = listener.routing.separator;
    const std::optional<RouteTarget> target = Router::parseTarget(name, separator);
    if (target) {
        FUZZ_CHECK(!target->host.isEmpty() && !target->user.isEmpty());
        FUZZ_CHECK(name.startsWith(target->host) && name.endsWith(target->user));
        FUZZ_CHECK(target->host.size() + target->user.size() < name.size());
    }

    const RouteResult result = Router::resolve(listener, name, ownPorts);
    FUZZ_CHECK(result.route.has_value() == result.error.isEmpty());
    if (!result.route)
        return;
    const Route &route = *result.route;
    if (!route.routed) {
        FUZZ_CHECK(listener.upstream.has_value());
        FUZZ_CHECK(route.upstream == *listener.upstream);
        FUZZ_CHECK(route.user == name);
        return;
    }
    // Routed by the name: only where the allow-list says, with the entry's security, never back into MailShim.
    FUZZ_CHECK(listener.routing.enabled);
    FUZZ_CHECK(listener.routing.allow.contains(route.upstream));
    FUZZ_CHECK(target.has_value());
    FUZZ_CHECK(route.user == target->user);
    FUZZ_CHECK(HostName::normalize(target->host, false) == route.upstream.host);
    if (target->port)
        FUZZ_CHECK(route.upstream.effectivePort() == target->port);
    FUZZ_CHECK(!(HostName::isLoopback(route.upstream.host) && ownPorts.contains(route.upstream.effectivePort())));
}

void checkChain(const QByteArray &name, const QString &separators)
{
    const ParsedChain parsed = ChainParser::parse(name, separators);
    if (!parsed.ok())
        return;
    FUZZ_CHECK(!parsed.targets.isEmpty());
    FUZZ_CHECK(!parsed.user.isEmpty() && name.endsWith(parsed.user));
    for (const ChainTarget &target : parsed.targets)
        FUZZ_CHECK(separators.contains(QLatin1Char(target.separator)));
    Chain chain = ChainParser::toChain(parsed);
    FUZZ_CHECK(chain.hops.size() == parsed.targets.size());
    (void)ChainModel::problems(chain);
    if (!isUtf8(name))
        return; // the wizard's hops hold text; a name that is not UTF-8 cannot be written back byte for byte
    // What the model writes for this chain reads back as the same chain.
    chain.hops[0].port = 9999; // the mail client's port is not in the name
    const QByteArray written = ChainModel::clientUserName(chain);
    const ParsedChain again = ChainParser::parse(written, separators);
    if (!again.ok() || again.user != parsed.user || !sameHops(again.targets, parsed.targets))
        std::fprintf(stderr, "name %s\nwritten back as %s\n", name.toPercentEncoding().constData(),
                     written.toPercentEncoding().constData());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.user == parsed.user);
    FUZZ_CHECK(sameHops(again.targets, parsed.targets));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    const QString choices = routingSeparatorChoices();
    ListenerConfig listener;
    listener.port = 3999;
    listener.routing.enabled = in.ConsumeBool();
    listener.routing.separator = choices.at(in.ConsumeIntegralInRange<int>(0, int(choices.size()) - 1)).toLatin1();
    if (in.ConsumeBool())
        listener.upstream = takeUpstream(in);
    const int entries = in.ConsumeIntegralInRange<int>(0, 4);
    for (int k = 0; k < entries; ++k)
        listener.routing.allow.append(takeUpstream(in));
    QSet<quint16> ownPorts{listener.port};
    ownPorts.insert(in.ConsumeIntegral<quint16>());
    const bool allSeparators = in.ConsumeBool();
    const QString separators =
        allSeparators ? choices : QString(QLatin1Char(listener.routing.separator)) + QLatin1Char('%');
    const QByteArray name = fuzz::takeRest(in);

    checkRoute(listener, name, ownPorts);
    checkChain(name, separators);
    return 0;
}
