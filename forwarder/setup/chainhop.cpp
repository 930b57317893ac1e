#include "setup/chainhop.h"

namespace mailshim {

namespace {
struct KindName
{
    ChainHopKind kind;
    const char *name;
};
constexpr KindName kKindNames[] = {{ChainHopKind::MailShim, "mailshim"},
                                   {ChainHopKind::Scanner, "scanner"},
                                   {ChainHopKind::PopFile, "popfile"},
                                   {ChainHopKind::Forwarder, "forwarder"}};
} // namespace

QString chainHopKindName(ChainHopKind kind)
{
    for (const KindName &entry : kKindNames) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

std::optional<ChainHopKind> chainHopKindFromName(const QString &name)
{
    for (const KindName &entry : kKindNames) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

bool ChainHop::operator==(const ChainHop &other) const
{
    return kind == other.kind && name == other.name && address == other.address && port == other.port &&
           separator == other.separator && writeDefaultPort == other.writeDefaultPort;
}

} // namespace mailshim
