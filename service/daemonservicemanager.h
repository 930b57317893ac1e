#pragma once

// DaemonServiceManager (Unix without a systemd user manager): MailShim as a plain background process.
// install() adds an XDG autostart entry that starts `mailshim-service --service` at login; start() runs that
// command detached; stop() asks the running service to shut down over its control channel. The service is
// "running" when the MailShim answering on the control channel runs as --service with the installed config: one
// started by hand with --console (or with another config) is another MailShim, not the service, so `--status`
// says 5 for it. There is no restart after a crash without systemd.

#include "service/servicemanager.h"

#include <QStringList>

namespace mailshim {

class DaemonServiceManager final : public ServiceManager
{
public:
    explicit DaemonServiceManager(QString controlName);

    // ~/.config/autostart/mailshim-service.desktop ($XDG_CONFIG_HOME respected).
    static QString entryPath();
    // The Exec= value for command, quoted as the Desktop Entry Specification says, and its inverse.
    static QString execLine(const QStringList &command);
    static QStringList parseExecLine(const QString &line);

    QString kind() const override;
    bool install(const ServiceInstallOptions &options, QString *error) override;
    bool uninstall(QString *error) override;
    bool start(QString *error) override;
    bool stop(QString *error) override;
    ServiceState state() const override;

private:
    // The command line in the installed entry; empty if there is none.
    QStringList installedCommand() const;
    bool answers(int timeoutMs) const;
    // Whether the MailShim answering on the control channel is the installed service; sets *someoneAnswers.
    bool installedServiceAnswers(int timeoutMs, bool *someoneAnswers) const;

    QString m_controlName;
};

} // namespace mailshim
