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
    // The --config argument of the registered command line (QueryServiceConfigW, split as Windows splits it).
    QString registeredConfigPath() const override;

    // The SID of the service's own virtual account, NT SERVICE\<name>: S-1-5-80- and the SHA-1 of the upper-cased
    // name in UTF-16LE as five 32-bit numbers (how Windows derives it, so it is known before the service exists).
    static QString serviceSid(const QString &serviceName);
    // The DACL `--install` gives %ProgramData%\MailShim (ServicePaths::serviceFolder), protected and inherited by
    // what is made inside: SYSTEM and Administrators full, the service's account (serviceSid) modify, Users read.
    static QString programDataSddl(const QString &serviceSid);
};

} // namespace mailshim
