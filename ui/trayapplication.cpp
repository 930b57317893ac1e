#include "trayapplication.h"

#include "autostart.h"
#ifdef Q_OS_WIN
#include "wincredcredentialstore.h"
#else
#include "keychaincredentialstore.h"
#endif
#include "localenginebackend.h"
#include "logview.h"
#include "mainwindow.h"
#include "settingsstore.h"
#include "setupwizard.h"
#include "traycontroller.h"

#include <QApplication>
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
            lines << issue.toString();
        m_startupProblem =
            tr("The settings file %1 could not be used:\n%2").arg(m_settings->path(), lines.join(QLatin1Char('\n')));
        if (!loaded.keptAsidePath.isEmpty())
            m_startupProblem += QStringLiteral("\n\n") + tr("It was kept as %1. MailShim starts without listeners; "
                                                            "fix that file and copy it back, or set up again.")
                                                             .arg(loaded.keptAsidePath);
    }
#ifdef Q_OS_WIN
    m_credentials = std::make_unique<WinCredCredentialStore>(); // Debian's archive serves no QtKeychain for Windows
#else
    m_credentials = std::make_unique<KeychainCredentialStore>();
#endif
    m_autostart = std::make_unique<Autostart>(QCoreApplication::applicationFilePath(),
                                              QStringList{QStringLiteral("--minimized")});
    SettingsStore *settings = m_settings.get();
    m_backend = std::make_unique<LocalEngineBackend>(
        loaded.config, [settings](const Config &config, QString *error) { return settings->save(config, error); },
        m_credentials.get());
    m_window = std::make_unique<MainWindow>(m_backend.get(), m_credentials.get());
    m_tray = std::make_unique<TrayController>(m_backend.get(), m_autostart.get());

    connect(m_window.get(), &MainWindow::setupWizardRequested, this, &TrayApplication::showSetupWizard);
    connect(m_window.get(), &MainWindow::aboutRequested, this, &TrayApplication::showAbout);
    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QApplication::quit);
    connect(m_tray.get(), &TrayController::openRequested, this, &TrayApplication::showMainWindow);
    connect(m_tray.get(), &TrayController::showLogRequested, this, [this] {
        showMainWindow();
        m_window->logView()->setFocus();
    });
    connect(m_tray.get(), &TrayController::setupWizardRequested, this, &TrayApplication::showSetupWizard);
    connect(m_tray.get(), &TrayController::aboutRequested, this, &TrayApplication::showAbout);
    connect(m_tray.get(), &TrayController::quitRequested, qApp, &QApplication::quit);
}

TrayApplication::~TrayApplication()
{
    delete m_wizard;
}

void TrayApplication::start()
{
    const bool trayAvailable = QSystemTrayIcon::isSystemTrayAvailable();
    // Closing the window keeps the program in the tray; without a tray, closing it quits.
    QApplication::setQuitOnLastWindowClosed(!trayAvailable);
    if (trayAvailable)
        m_tray->show();
    if (!m_options.minimized || !trayAvailable || m_firstStart)
        showMainWindow();
    if (!m_startupProblem.isEmpty())
        QMessageBox::warning(m_window.get(), tr("MailShim settings"), m_startupProblem);
    if (m_firstStart)
        QTimer::singleShot(0, this, &TrayApplication::showSetupWizard);
}

void TrayApplication::showMainWindow()
{
    m_window->show();
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->raise();
    m_window->activateWindow();
}

void TrayApplication::showSetupWizard()
{
    if (!m_wizard) {
        m_wizard = new SetupWizard(m_backend.get(), m_credentials.get(), m_window.get());
        m_wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_wizard, &QWizard::accepted, this, [this] {
            if (m_wizard && !m_wizard->created.name.isEmpty())
                m_window->selectListener(m_wizard->created.name);
        });
    }
    m_wizard->show();
    m_wizard->raise();
    m_wizard->activateWindow();
}

void TrayApplication::showAbout()
{
    QMessageBox::about(m_window.get(), tr("About MailShim"),
                       tr("<b>MailShim %1</b><p>Modern mail security for old mail clients: your mail program "
                          "speaks plain POP3 to this computer, and MailShim carries the session to the mail "
                          "server with TLS, STARTTLS or APOP.</p><p>Settings: %2</p>")
                           .arg(QCoreApplication::applicationVersion(), m_settings->path().toHtmlEscaped()));
}

} // namespace mailshim
