#pragma once

// WindowsServiceManager (Windows only): the "MailShim" service in the service control manager. install()
// registers mailshim-service.exe --service --config <ProgramData config> as an automatic (delayed start)
// service under LocalSystem that depends on Tcpip, with a description and failure actions that restart it
// (5 s, 30 s, 60 s), and registers the event log source. Needs an elevated caller for everything but state().

#include "service/servicemanager.h"

namespace mailshim {

class WindowsServiceManager final : public ServiceManager
{
public:
    WindowsServiceManager() = default;

    QString kind() const override;
    bool install(const ServiceInstallOptions &options, QString *error) override;
    bool uninstall(QString *error) override;
    bool start(QString *error) override;
    bool stop(QString *error) override;
    ServiceState state() const override;
};

} // namespace mailshim
