#pragma once

// TrayApplication: puts the tray program together. Loads the settings (a broken file is reported and
// kept aside), creates the keychain store and the in-process engine, the tray icon and the main window,
// and opens the setup wizard on the first start. app/mailshim's main() only creates one of these.

#include "core/config.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <optional>

namespace mailshim {

class AccessTokenCache;
class Autostart;
class ChainWizard;
class CredentialStore;
class LocalEngineBackend;
class ServiceControl;
class ServicePanel;
class RotatingLogFile;
class SwitchableEngineBackend;
class MainWindow;
class RefreshTokenStore;
class SettingsStore;
class SignInLauncher;
class SignInRun;
class SetupWizard;
class TrayController;

class TrayApplication final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayApplication)

public:
    struct Options
    {
        QString configPath;        // empty: SettingsStore::defaultPath()
        bool minimized = false;    // started at login: tray only, no window
        QString controlName;       // the service's control channel; empty: ServicePaths::controlChannelName()
        QString serviceExecutable; // empty: mailshim-service beside this program
        // Whether there is a system tray; unset: QSystemTrayIcon::isSystemTrayAvailable() (tests inject it).
        std::optional<bool> trayAvailable;
        QString
            logDirectory; // the tray's own log file while it runs the engine; empty: ServicePaths::trayLogDirectory()
    };

    explicit TrayApplication(const Options &options, QObject *parent = nullptr);
    ~TrayApplication() override;

    void start();
    void showMainWindow();
    void showSetupWizard();
    void showChainWizard();
    // The tray's own log file (records of the engine it runs itself, in the service's format); empty if none opened.
    QString logFilePath() const;
    void showAbout();
    // The browser sign-in for a listener whose account must sign in again (the tray's menu entry, its notification).
    void signInAgain(const QString &listenerName);
    SignInLauncher *signInLauncher() const { return m_signIn.get(); }

    MainWindow *mainWindow() const { return m_window.get(); }
    TrayController *tray() const { return m_tray.get(); }
    SwitchableEngineBackend *backend() const { return m_backend.get(); }
    ServiceControl *serviceControl() const { return m_serviceControl.get(); }
    static constexpr int kFollowServiceMs = 5000; // how often a service started or stopped elsewhere is noticed
    static constexpr int kServiceGoneMs = 15000;  // longer than systemd's 5 s restart: then this program serves
    static constexpr int kAttachAttempts = 20;    // 250 ms apart, after "start"

private:
    Options m_options;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<CredentialStore> m_keychain;       // the user's own: the engine in this program reads it
    std::unique_ptr<CredentialStore> m_credentials;    // what the widgets hold: the store of the engine now
    std::unique_ptr<RefreshTokenStore> m_engineTokens; // the refresh tokens the engine in this program reads
    std::unique_ptr<SignInLauncher> m_signIn;          // every sign-in of the widgets, over m_credentials
    QPointer<AccessTokenCache> m_tokenCache;           // the access tokens of the engine in this program, if it runs
    QPointer<SignInRun> m_signInFlow;                  // the tray's own "sign in again", while the browser is open
    std::unique_ptr<Autostart> m_autostart;
    std::unique_ptr<LocalEngineBackend> createLocalBackend();
    // The listeners whose login is oauth2 with this account (one sign-in serves all of them).
    QStringList listenersOf(const OAuthAccount &account) const;
    void onServiceVerbFinished(const QString &verb, bool ok);
    bool showsService() const;
    // Attaches to the service, trying again every 250 ms (from the event loop) up to attemptsLeft times.
    void attachToService(int attemptsLeft);
    void followService();
    void resumeAfterFailedStart();

    std::unique_ptr<SwitchableEngineBackend> m_backend;
    std::unique_ptr<ServiceControl> m_serviceControl;
    ServicePanel *m_servicePanel = nullptr; // owned by the window
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayController> m_tray;
    QPointer<SetupWizard> m_wizard;
    QPointer<ChainWizard> m_chainWizard;
    QString m_startupProblem;
    QString m_serviceProblem; // the service turned this program away (refused, or not the real service)
    bool m_firstStart = false;
    Config m_initialConfig;
    QTimer m_followService;
    int m_serviceGoneTicks = 0;
    bool m_attaching = false;
    bool m_pausedForStart = false; // the local engine let go of its ports for a service being started
    std::unique_ptr<RotatingLogFile> m_logFile;
};

} // namespace mailshim
