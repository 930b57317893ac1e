#pragma once

// ServiceManager: installs, removes, starts and stops the background service through the platform's own
// service manager (the Windows service control manager; a systemd user unit on Linux, or a plain daemon
// where there is no systemd). mailshim-service's verbs and the GUI's Service section both use it, so the
// platform parts sit behind this one small interface and the rest of the code never asks which OS it is.

#include <QString>
#include <memory>

namespace mailshim {

struct ServiceState
{
    bool installed = false;
    bool running = false;
    QString detail;       // the manager's own words: "active (running)", "START_PENDING", why it is unknown
    qint64 processId = 0; // the running service's process, where the manager says (Windows SCM); 0: not known
};

struct ServiceInstallOptions
{
    QString executable; // absolute path of mailshim-service(.exe)
    QString configPath; // the config file the service reads (ServicePaths::configPath())
};

class ServiceManager
{
public:
    virtual ~ServiceManager() = default;

    // In words for the GUI and --status: "Windows service", "systemd user unit", "background process".
    virtual QString kind() const = 0;
    // Registers the service to start on its own (at boot / at login) and restart after a failure.
    // Installing over an existing installation updates it.
    virtual bool install(const ServiceInstallOptions &options, QString *error) = 0;
    // Stops the service if it runs, then removes the registration. Settings and logs stay.
    virtual bool uninstall(QString *error) = 0;
    virtual bool start(QString *error) = 0;
    virtual bool stop(QString *error) = 0;
    virtual ServiceState state() const = 0;
    // The config file the installed service is registered with; empty when none is installed or the manager does not
    // say (Linux: the unit's file is the user's own config anyway). `--install` without `--config` keeps it, so an
    // update or a second install never switches the service to another file.
    virtual QString registeredConfigPath() const { return {}; }

    // The manager of this platform: WindowsServiceManager on Windows; SystemdServiceManager when a
    // systemd user manager answers, DaemonServiceManager otherwise (which finds the running service on
    // controlName; empty: ServicePaths::controlChannelName()).
    static std::unique_ptr<ServiceManager> create(const QString &controlName = QString());

protected:
    ServiceManager() = default;
    ServiceManager(const ServiceManager &) = delete;
    ServiceManager &operator=(const ServiceManager &) = delete;
};

} // namespace mailshim
