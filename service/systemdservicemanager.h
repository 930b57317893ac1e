#pragma once

// SystemdServiceManager (Linux): MailShim as the systemd user unit mailshim.service. install() writes the
// unit from installer/linux/mailshim.service.in (built in as a resource) into the user's unit folder and
// enables it; start/stop/state go through `systemctl --user`. No root needed.

#include "service/servicemanager.h"

#include <QStringList>

namespace mailshim {

class SystemdServiceManager final : public ServiceManager
{
public:
    static constexpr const char *kUnitName = "mailshim.service";

    // True when a systemd user manager answers `systemctl --user`.
    static bool available();
    // ~/.config/systemd/user/mailshim.service ($XDG_CONFIG_HOME respected).
    static QString unitPath();
    // The installed systemd's version ("systemctl --version"), 0 if unknown.
    static int version();
    // The unit file's text for these paths and that systemd version; empty with *error if systemd could
    // not run the executable from its path.
    static QString unitText(const ServiceInstallOptions &options, int systemdVersion, QString *error);

    QString kind() const override;
    bool install(const ServiceInstallOptions &options, QString *error) override;
    bool uninstall(QString *error) override;
    bool start(QString *error) override;
    bool stop(QString *error) override;
    ServiceState state() const override;

private:
    // Runs systemctl --user <arguments>; false with its stderr in *error when it fails.
    static bool systemctl(const QStringList &arguments, QString *error, QString *output = nullptr);
};

} // namespace mailshim
