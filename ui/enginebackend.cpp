#include "enginebackend.h"

namespace mailshim {

QList<ConfigIssue> EngineBackend::setListenerEnabled(const QString &listenerName, bool enabled)
{
    Config changed = config();
    for (ListenerConfig &listener : changed.listeners) {
        if (listener.name != listenerName)
            continue;
        if (listener.enabled == enabled)
            return {};
        listener.enabled = enabled;
        return setConfig(changed);
    }
    return {ConfigIssue{QString(), QStringLiteral("there is no listener named \"%1\"").arg(listenerName)}};
}

} // namespace mailshim
