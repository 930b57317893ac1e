#pragma once

// TrayApplication: puts the tray program together. Loads the settings (a broken file is reported and
// kept aside), creates the keychain store and the in-process engine, the tray icon and the main window,
// and opens the setup wizard on the first start. app/mailshim's main() only creates one of these.

#include <QObject>
#include <QPointer>
#include <memory>

namespace mailshim {

class Autostart;
class CredentialStore;
class LocalEngineBackend;
class MainWindow;
class SettingsStore;
class SetupWizard;
class TrayController;

class TrayApplication final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayApplication)

public:
    struct Options
    {
        QString configPath;     // empty: SettingsStore::defaultPath()
        bool minimized = false; // started at login: tray only, no window
    };

    explicit TrayApplication(const Options &options, QObject *parent = nullptr);
    ~TrayApplication() override;

    void start();
    void showMainWindow();
    void showSetupWizard();
    void showAbout();

    MainWindow *mainWindow() const { return m_window.get(); }
    TrayController *tray() const { return m_tray.get(); }
    LocalEngineBackend *backend() const { return m_backend.get(); }

private:
    Options m_options;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<Autostart> m_autostart;
    std::unique_ptr<LocalEngineBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayController> m_tray;
    QPointer<SetupWizard> m_wizard;
    QString m_startupProblem;
    bool m_firstStart = false;
};

} // namespace mailshim
