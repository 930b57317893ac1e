#include "core/listenerreferences.h"

namespace mailshim {

QStringList listenersReferringTo(const Config &config, const QString &name)
{
    QStringList names;
    for (const ListenerConfig &l : config.listeners) {
        if (l.popBeforeSmtp && l.popBeforeSmtp->listener == name && l.name != name)
            names << l.name;
    }
    return names;
}

void renameListenerReferences(Config *config, const QString &from, const QString &to)
{
    if (from == to)
        return;
    for (ListenerConfig &l : config->listeners) {
        if (l.popBeforeSmtp && l.popBeforeSmtp->listener == from)
            l.popBeforeSmtp->listener = to;
    }
}

} // namespace mailshim
