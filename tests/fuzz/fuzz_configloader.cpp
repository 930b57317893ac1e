// The config file: core/ConfigLoader::fromJson over arbitrary bytes (the file on disk, and what setConfig brings over
// the control channel). A config it accepts must survive a save and a load unchanged: what the window saves is what
// the service reads.

#include "core/configloader.h"
#include "fuzzsupport.h"

using namespace mailshim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const ConfigLoadResult loaded = ConfigLoader::fromJson(json);
    for (const ConfigIssue &issue : loaded.errors)
        FUZZ_CHECK(!issue.toString().isEmpty());
    if (!loaded.ok())
        return 0;

    const QByteArray saved = ConfigLoader::toJson(loaded.config);
    const ConfigLoadResult again = ConfigLoader::fromJson(saved);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.config.listeners == loaded.config.listeners);
    FUZZ_CHECK(again.config.logLevel == loaded.config.logLevel);
    FUZZ_CHECK(again.config.timeouts == loaded.config.timeouts);
    FUZZ_CHECK(again.config.retry == loaded.config.retry);
    FUZZ_CHECK(again.config.limits == loaded.config.limits);
    FUZZ_CHECK(ConfigLoader::toJson(again.config) == saved);
    return 0;
}
