#include "service/control/enginebackend.h"

namespace mailshim {

ConfigLoadResult EngineBackend::validate(const Config &config)
{
    // The struct goes through the same validation as a file, so the GUI cannot save what the service
    // would refuse to load.
    return ConfigLoader::fromJson(ConfigLoader::toJson(config));
}

QList<LogRecord> EngineBackend::toList(const QContiguousCache<LogRecord> &tail)
{
    QList<LogRecord> records;
    records.reserve(tail.count());
    for (qsizetype i = tail.firstIndex(); i <= tail.lastIndex(); ++i)
        records.append(tail.at(i));
    return records;
}

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
