#include "ui/tray/trayapplication.h"

#include "credentials/credentialstore.h"
#include "credentials/followingcredentialstore.h"
#include "oauth/accesstokencache.h"
#include "oauth/refreshtokenstore.h"
#include "service/control/localenginebackend.h"
#include "service/control/remoteenginebackend.h"
#include "service/rotatinglogfile.h"
#include "service/servicepaths.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/common/settingsstore.h"
#include "ui/common/signinlauncher.h"
#include "ui/common/signintext.h"
#include "ui/common/switchableenginebackend.h"
#include "ui/mainwindow/logview.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/servicepanel/servicecontrol.h"
#include "ui/servicepanel/servicepanel.h"
#include "ui/setupwizard/setupwizard.h"
#include "ui/tray/autostart.h"
#include "ui/tray/traycontroller.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QSystemTrayIcon>
#include <QTimer>

namespace mailshim {

TrayApplication::TrayApplication(const Options &options, QObject *parent) : QObject(parent), m_options(options)
{
    m_settings = std::make_unique<SettingsStore>(options.configPath.isEmpty() ? SettingsStore::defaultPath()
                                                                              : options.configPath);
    const SettingsLoadResult loaded = m_settings->load();
    m_firstStart = !loaded.existed;
    if (!loaded.ok()) {
        QStringList lines;
        for (const ConfigIssue &issue : loaded.errors)
            lines << issue.translated();
        m_startupProblem =
            tr("The settings file %1 could not be used:\n%2").arg(m_settings->path(), lines.join(QLatin1Char('\n')));
        if (!loaded.keptAsidePath.isEmpty())
            m_startupProblem += QStringLiteral("\n\n") + tr("It was kept as %1. MailShim starts without listeners; "
                                                            "fix that file and copy it back, or set up again.")
                                                             .arg(loaded.keptAsidePath);
    }
    m_keychain = CredentialStore::createForThisPlatform();
    // A password typed in the editor or a wizard goes to the store the engine reads: with the service as the engine,
    // to the service over its control channel; else into the user's keychain.
    m_credentials = std::make_unique<FollowingCredentialStore>([this]() -> CredentialStore * {
        if (auto *remote = qobject_cast<RemoteEngineBackend *>(m_backend->current()))
            return remote->credentials();
        return m_keychain.get();
    });
    // A sign-in stores its refresh token where the engine reads it (m_credentials follows the engine); the engine in
    // this program reads the keychain through m_engineTokens, and its token cache hears of each sign-in.
    m_engineTokens = std::make_unique<RefreshTokenStore>(*m_keychain);
    m_signIn = std::make_unique<SignInLauncher>(m_credentials.get());
    m_autostart = std::make_unique<Autostart>(QCoreApplication::applicationFilePath(),
                                              QStringList{QStringLiteral("--minimized")});
    m_initialConfig = loaded.config;
    if (m_options.controlName.isEmpty())
        m_options.controlName = ServicePaths::controlChannelName();
    if (m_options.serviceExecutable.isEmpty())
        m_options.serviceExecutable = ServiceControl::defaultExecutable();
    // A service that already runs owns the ports: show it instead of starting a second engine.
    auto remote = std::make_unique<RemoteEngineBackend>(m_options.controlName);
    QString attachError;
    if (remote->attach(1000, &attachError)) {
        m_backend = std::make_unique<SwitchableEngineBackend>(std::move(remote));
    } else {
        if (remote->wasTurnedAway())
            m_serviceProblem = tr("MailShim did not connect to the background service: %1").arg(attachError);
        m_backend = std::make_unique<SwitchableEngineBackend>(createLocalBackend());
    }
    // A log file like the service's, for the engine this program runs itself (the service keeps its own). A folder
    // that cannot be written costs the file, not the program: the window's log still shows everything.
    m_logFile = std::make_unique<RotatingLogFile>(m_options.logDirectory.isEmpty() ? ServicePaths::trayLogDirectory()
                                                                                   : m_options.logDirectory);
    QString logError;
    if (!m_logFile->open(&logError)) {
        qWarning("MailShim: no log file: %s", qPrintable(logError));
        m_logFile.reset();
    } else if (!showsService()) {
        for (const LogRecord &record : m_backend->recentLog()) // what the engine said while it started
            m_logFile->write(record.format());
    }
    connect(m_backend.get(), &EngineBackend::logRecord, this, [this](const LogRecord &record) {
        if (m_logFile && !showsService())
            m_logFile->write(record.format());
    });
    m_window = std::make_unique<MainWindow>(m_backend.get(), m_credentials.get());
    m_window->setSignInLauncher(m_signIn.get());
    m_tray = std::make_unique<TrayController>(m_backend.get(), m_autostart.get());
    connect(m_tray.get(), &TrayController::signInRequested, this, &TrayApplication::signInAgain);
    connect(m_signIn.get(), &SignInLauncher::signedIn, this, [this](const OAuthAccount &account) {
        for (const QString &name : listenersOf(account))
            m_tray->clearSignInNeeded(name);
    });

    m_serviceControl =
        std::make_unique<ServiceControl>(m_options.serviceExecutable, m_settings->path(), m_options.controlName);
    connect(m_serviceControl.get(), &ServiceControl::aboutToRun, this, [this](const QString &verb) {
        // The service will listen on the same ports: this program lets go of them first.
        if (verb == QLatin1String("start") && !showsService() && !m_backend->isPaused()) {
            m_backend->setPaused(true);
            m_pausedForStart = true;
        }
    });
    // Before the panel's own handler, which may show a message: the ports are handed back first.
    connect(m_serviceControl.get(), &ServiceControl::finished, this,
            [this](const QString &verb, bool ok) { onServiceVerbFinished(verb, ok); });
    m_servicePanel = new ServicePanel(m_serviceControl.get(), m_backend.get(), m_autostart.get());
    m_window->setServicePanel(m_servicePanel);
    m_window->setQuitStopsForwarding([this] { return !showsService(); });
    m_tray->setServiceMenu(m_servicePanel->menu());
    // A service started or stopped outside this program (systemd at login, a terminal) is followed too.
    m_followService.setInterval(kFollowServiceMs);
    connect(&m_followService, &QTimer::timeout, this, &TrayApplication::followService);
    m_followService.start();
    connect(m_backend.get(), &SwitchableEngineBackend::switched, this,
            [this] { m_window->logView()->reload(m_backend->recentLog()); });
    m_serviceControl->refresh();

    connect(m_window.get(), &MainWindow::setupWizardRequested, this, &TrayApplication::showSetupWizard);
    connect(m_window.get(), &MainWindow::aboutRequested, this, &TrayApplication::showAbout);
    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QApplication::quit);
    connect(m_tray.get(), &TrayController::openRequested, this, &TrayApplication::showMainWindow);
    connect(m_tray.get(), &TrayController::showLogRequested, this, [this] {
        showMainWindow();
        m_window->logView()->setFocus();
    });
    connect(m_tray.get(), &TrayController::setupWizardRequested, this, &TrayApplication::showSetupWizard);
    // Proxy chain wizard (issue #6)
    connect(m_window.get(), &MainWindow::chainWizardRequested, this, &TrayApplication::showChainWizard);
    connect(m_tray.get(), &TrayController::chainWizardRequested, this, &TrayApplication::showChainWizard);
    connect(m_tray.get(), &TrayController::aboutRequested, this, &TrayApplication::showAbout);
    connect(m_tray.get(), &TrayController::quitRequested, qApp, &QApplication::quit);
}

TrayApplication::~TrayApplication()
{
    delete m_signInFlow; // before the launcher's token store it writes to
    delete m_wizard;
    delete m_chainWizard;
}

std::unique_ptr<LocalEngineBackend> TrayApplication::createLocalBackend()
{
    SettingsStore *settings = m_settings.get();
    Config config = m_initialConfig;
    const SettingsLoadResult reloaded = m_settings->load(); // the service may have changed the file meanwhile
    if (reloaded.ok() && reloaded.existed)
        config = reloaded.config;
    // The access tokens of oauth2 listeners: refreshed from the keychain's refresh tokens; a sign-in in this program
    // tells the cache at once, and a refused refresh asks the user to sign in again (once).
    auto *cache = new AccessTokenCache(*m_engineTokens);
    connect(m_signIn.get(), &SignInLauncher::signedIn, cache, &AccessTokenCache::signedIn);
    connect(cache, &AccessTokenCache::signInNeeded, this, [this](const OAuthAccount &account, const QString &detail) {
        for (const QString &name : listenersOf(account)) {
            if (m_tray)
                m_tray->markSignInNeeded(name, detail);
        }
    });
    auto backend = std::make_unique<LocalEngineBackend>(
        config, [settings](const Config &c, QString *error) { return settings->save(c, error); }, m_keychain.get(),
        nullptr, std::nullopt, cache);
    cache->setParent(backend.get()); // after the engine, which asks it, is gone
    m_tokenCache = cache;
    return backend;
}

QStringList TrayApplication::listenersOf(const OAuthAccount &account) const
{
    QStringList names;
    if (!m_backend)
        return names;
    for (const ListenerConfig &listener : m_backend->config().listeners) {
        if (listener.login == UpstreamLogin::OAuth2 && listener.oauth == account.settings &&
            listener.user.compare(account.user, Qt::CaseInsensitive) == 0)
            names << listener.name;
    }
    return names;
}

void TrayApplication::signInAgain(const QString &listenerName)
{
    const QList<ListenerConfig> listeners = m_backend->config().listeners;
    const auto it = std::find_if(listeners.begin(), listeners.end(),
                                 [&](const ListenerConfig &l) { return l.name == listenerName; });
    if (it == listeners.end() || it->login != UpstreamLogin::OAuth2)
        return;
    if (m_signInFlow)
        m_signInFlow->cancel(); // the newest click wins: one browser sign-in at a time
    if (!m_signIn->available()) {
        m_tray->showMessage(tr("MailShim: sign in to %1").arg(listenerName), SignInText::unavailable());
        return;
    }
    const OAuthAccount account = it->oauthAccount();
    m_tray->showMessage(tr("MailShim: sign in to %1").arg(listenerName), SignInText::waiting());
    SignInRun *flow = m_signIn->create(account, this);
    m_signInFlow = flow;
    connect(flow, &SignInRun::finished, this, [this, flow, listenerName, account](const SignInResult &result) {
        flow->deleteLater();
        const bool ok = result.status == SignInResult::Status::SignedIn;
        // A cancelled one was replaced by a newer click: that one will speak.
        if (result.status != SignInResult::Status::Cancelled)
            m_tray->showMessage(ok ? tr("MailShim: signed in to %1").arg(listenerName)
                                   : tr("MailShim: sign-in to %1 failed").arg(listenerName),
                                SignInText::result(result, account.user));
    });
    flow->start();
}

bool TrayApplication::showsService() const
{
    return qobject_cast<RemoteEngineBackend *>(m_backend->current()) != nullptr;
}

void TrayApplication::attachToService(int attemptsLeft)
{
    m_attaching = true;
    auto remote = std::make_unique<RemoteEngineBackend>(m_options.controlName);
    QString error;
    if (remote->attach(300, &error)) {
        m_attaching = false;
        m_pausedForStart = false;
        m_backend->setCurrent(std::move(remote));
        m_serviceControl->refresh();
        return;
    }
    if (attemptsLeft > 0) {
        // The service needs a moment after "start" to open its control channel; the window stays usable.
        QTimer::singleShot(250, this, [this, attemptsLeft] { attachToService(attemptsLeft - 1); });
        return;
    }
    m_attaching = false;
    resumeAfterFailedStart();
}

void TrayApplication::resumeAfterFailedStart()
{
    // Only a pause made for the hand-over is undone, never the user's own "Pause all".
    if (m_pausedForStart && !showsService())
        m_backend->setPaused(false); // the service did not come: this program serves again
    m_pausedForStart = false;
}

void TrayApplication::onServiceVerbFinished(const QString &verb, bool ok)
{
    if (verb == QLatin1String("start") && !showsService()) {
        if (ok)
            attachToService(kAttachAttempts);
        else
            resumeAfterFailedStart();
    } else if ((verb == QLatin1String("stop") || verb == QLatin1String("uninstall")) && ok && showsService()) {
        // The service is gone: this program runs the listeners again, so mail keeps flowing while it runs.
        m_backend->setCurrent(createLocalBackend());
    }
}

void TrayApplication::followService()
{
    if (m_attaching || m_serviceControl->busy())
        return;
    auto *remote = qobject_cast<RemoteEngineBackend *>(m_backend->current());
    if (!remote) {
        // A service that came up (systemd at login, a terminal) owns the ports from now on. With none there the
        // attempt fails at once: nobody listens on the channel.
        attachToService(0);
        return;
    }
    if (remote->isAttached()) {
        m_serviceGoneTicks = 0;
        return;
    }
    // Gone for longer than systemd's restart takes: this program serves the listeners again.
    if (++m_serviceGoneTicks * kFollowServiceMs >= kServiceGoneMs) {
        m_serviceGoneTicks = 0;
        m_backend->setCurrent(createLocalBackend());
        m_serviceControl->refresh();
    }
}

void TrayApplication::start()
{
    const bool trayAvailable = m_options.trayAvailable.value_or(QSystemTrayIcon::isSystemTrayAvailable());
    // Closing the window keeps the program in the tray; without a tray, closing it quits, after the window asked
    // whether forwarding may stop.
    QApplication::setQuitOnLastWindowClosed(!trayAvailable);
    m_window->setTrayAvailable(trayAvailable);
    if (trayAvailable)
        m_tray->show();
    if (!m_options.minimized || !trayAvailable || m_firstStart)
        showMainWindow();
    if (!m_startupProblem.isEmpty())
        QMessageBox::warning(m_window.get(), tr("MailShim settings"), m_startupProblem);
    if (!m_serviceProblem.isEmpty())
        QMessageBox::warning(m_window.get(), tr("MailShim service"), m_serviceProblem);
    if (m_firstStart)
        QTimer::singleShot(0, this, &TrayApplication::showSetupWizard);
}

namespace {
void bringForward(QWidget *window)
{
    window->show();
    window->setWindowState(window->windowState() & ~Qt::WindowMinimized);
    window->raise();
    window->activateWindow();
}
} // namespace

void TrayApplication::showMainWindow()
{
    bringForward(m_window.get());
}

void TrayApplication::showSetupWizard()
{
    if (!m_wizard) {
        m_wizard = new SetupWizard(m_backend.get(), m_credentials.get(), m_window.get());
        m_wizard->setSignInLauncher(m_signIn.get());
        m_wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_wizard, &QWizard::accepted, this, [this] {
            if (m_wizard && !m_wizard->created.name.isEmpty())
                m_window->selectListener(m_wizard->created.name);
        });
    }
    bringForward(m_wizard);
}

void TrayApplication::showChainWizard()
{
    if (!m_chainWizard) {
        m_chainWizard = new ChainWizard(m_backend.get(), m_credentials.get(), m_window.get());
        m_chainWizard->setAttribute(Qt::WA_DeleteOnClose);
    }
    bringForward(m_chainWizard);
}

void TrayApplication::showAbout()
{
    QMessageBox::about(m_window.get(), tr("About MailShim"),
                       tr("<b>MailShim %1</b><p>Modern mail security for old mail clients: your mail program "
                          "speaks plain POP3 to this computer, and MailShim carries the session to the mail "
                          "server with TLS, STARTTLS or APOP.</p><p>Settings: %2</p><p>Log file: %3</p>")
                           .arg(QCoreApplication::applicationVersion(), m_settings->path().toHtmlEscaped(),
                                logFilePath().isEmpty() ? tr("none (its folder cannot be written)")
                                                        : QDir::toNativeSeparators(logFilePath()).toHtmlEscaped()));
}

QString TrayApplication::logFilePath() const
{
    return m_logFile ? m_logFile->currentPath() : QString();
}

} // namespace mailshim
