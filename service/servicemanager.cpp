#include "service/servicemanager.h"

#include "service/servicepaths.h"

#ifdef Q_OS_WIN
#include "service/windowsservicemanager.h"
#else
#include "service/daemonservicemanager.h"
#include "service/systemdservicemanager.h"
#endif

namespace mailshim {

std::unique_ptr<ServiceManager> ServiceManager::create(const QString &controlName)
{
#ifdef Q_OS_WIN
    Q_UNUSED(controlName);
    return std::make_unique<WindowsServiceManager>();
#else
    if (SystemdServiceManager::available())
        return std::make_unique<SystemdServiceManager>();
    return std::make_unique<DaemonServiceManager>(controlName.isEmpty() ? ServicePaths::controlChannelName()
                                                                        : controlName);
#endif
}

} // namespace mailshim
