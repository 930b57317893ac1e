#pragma once

// ServicePanel: the main window's "Background service" section and the tray's Service menu. Shows whether
// the service is installed and running and which engine the window shows, offers Install / Start / Stop /
// Uninstall (each enabled only when it makes sense, all disabled while one runs), the log level of the
// engine being shown (changed at run time, saved with the config), and "Start tray at login".

#include "ui/servicepanel/servicecontrol.h"

#include <QGroupBox>
#include <QPointer>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QPushButton;

namespace mailshim {

class Autostart;
class EngineBackend;

class ServicePanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServicePanel)

public:
    ServicePanel(ServiceControl *control, EngineBackend *backend, Autostart *autostart, QWidget *parent = nullptr);
    ~ServicePanel() override;

    // The same actions for the tray menu; owned by the panel.
    QMenu *menu() const { return m_menu; }

private:
    void updateState();
    void updateLogLevel();
    void setLogLevel(int index);
    void onFinished(const QString &verb, bool ok, const QString &message);

    ServiceControl *m_control;
    EngineBackend *m_backend;
    Autostart *m_autostart;
    QLabel *m_state;
    QPushButton *m_install;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_uninstall;
    QComboBox *m_logLevel;
    QCheckBox *m_trayAtLogin;
    QMenu *m_menu;
    QAction *m_menuState;
    QAction *m_menuInstall;
    QAction *m_menuStart;
    QAction *m_menuStop;
    QAction *m_menuUninstall;
};

} // namespace mailshim
