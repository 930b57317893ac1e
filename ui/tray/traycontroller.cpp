#include "ui/tray/traycontroller.h"

#include "service/control/enginebackend.h"
#include "ui/tray/autostart.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <algorithm>

namespace mailshim {

TrayController::TrayController(EngineBackend *backend, Autostart *autostart, QObject *parent)
    : QObject(parent), m_backend(backend), m_autostart(autostart), m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_tray.setContextMenu(m_menu);
    connect(&m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openRequested();
    });
    connect(&m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (!m_clickSignsIn.isEmpty())
            Q_EMIT signInRequested(m_clickSignsIn);
    });
    // Queued: a menu entry's own toggle changes the config, and the rebuild deletes that entry.
    connect(backend, &EngineBackend::configChanged, this, &TrayController::rebuildMenu, Qt::QueuedConnection);
    connect(backend, &EngineBackend::pausedChanged, this, &TrayController::refresh);
    connect(backend, &EngineBackend::statusChanged, this, &TrayController::onStatusChanged);
    rebuildMenu();
}

TrayController::~TrayController()
{
    delete m_menu; // a context menu is not owned by the tray icon
}

void TrayController::show()
{
    m_tray.show();
}

QIcon TrayController::iconFor(State state)
{
    QString name;
    switch (state) {
    case State::Idle:
        name = QStringLiteral("tray-idle");
        break;
    case State::Active:
        name = QStringLiteral("tray-active");
        break;
    case State::Error:
        name = QStringLiteral("tray-error");
        break;
    case State::Paused:
        name = QStringLiteral("tray-paused");
        break;
    }
    QIcon icon;
    for (int size : {16, 20, 24, 32, 40, 48, 64})
        icon.addFile(QStringLiteral(":/icons/%1-%2.png").arg(name).arg(size), QSize(size, size));
    return icon;
}

void TrayController::setServiceMenu(QMenu *menu)
{
    m_serviceMenu = menu;
    rebuildMenu();
}

void TrayController::rebuildMenu()
{
    m_menu->clear();
    m_listenerActions.clear();
    QAction *open = m_menu->addAction(tr("Open MailShim"), this, &TrayController::openRequested);
    open->setObjectName(QStringLiteral("trayOpen"));
    m_menu->setDefaultAction(open);
    const QList<ListenerConfig> listeners = m_backend->config().listeners;
    // A listener removed meanwhile needs no sign-in any more.
    m_signInNeeded.removeIf([&listeners](const QString &name) {
        return std::none_of(listeners.begin(), listeners.end(),
                            [&name](const ListenerConfig &l) { return l.name == name; });
    });
    for (const QString &name : qAsConst(m_signInNeeded)) {
        QAction *signIn = m_menu->addAction(tr("Sign in again to %1...").arg(name), this,
                                            [this, name] { Q_EMIT signInRequested(name); });
        signIn->setObjectName(QStringLiteral("traySignIn:") + name);
    }
    m_menu->addSeparator();
    if (listeners.isEmpty()) {
        QAction *none = m_menu->addAction(tr("No listeners yet: run the setup wizard"), this,
                                          &TrayController::setupWizardRequested);
        none->setObjectName(QStringLiteral("trayNoListeners"));
    }
    for (const ListenerConfig &listener : listeners) {
        const QString server = listener.upstream ? listener.upstream->host : tr("routed");
        const QString text = listener.protocol == Protocol::Smtp
                                 ? tr("%1 (sending: port %2 to %3)").arg(listener.name).arg(listener.port).arg(server)
                                 : tr("%1 (port %2 to %3)").arg(listener.name).arg(listener.port).arg(server);
        QAction *action = m_menu->addAction(text);
        action->setObjectName(QStringLiteral("trayListener:") + listener.name);
        action->setCheckable(true);
        action->setChecked(listener.enabled);
        const QString name = listener.name;
        connect(action, &QAction::toggled, this, [this, name](bool on) {
            const QList<ConfigIssue> issues = m_backend->setListenerEnabled(name, on);
            if (!issues.isEmpty()) {
                notify(tr("MailShim: %1 not changed").arg(name), issues.first().translated());
                QMetaObject::invokeMethod(this, &TrayController::rebuildMenu, Qt::QueuedConnection);
            }
        });
        m_listenerActions.append(action);
    }
    m_menu->addSeparator();
    m_pause = m_menu->addAction(tr("Pause all"));
    m_pause->setObjectName(QStringLiteral("trayPause"));
    m_pause->setCheckable(true);
    m_pause->setChecked(m_backend->isPaused());
    connect(m_pause, &QAction::toggled, m_backend, &EngineBackend::setPaused);
    QAction *log = m_menu->addAction(tr("Show log"), this, &TrayController::showLogRequested);
    log->setObjectName(QStringLiteral("trayShowLog"));
    QAction *wizard = m_menu->addAction(tr("Setup wizard..."), this, &TrayController::setupWizardRequested);
    wizard->setObjectName(QStringLiteral("traySetupWizard"));
    QAction *chain = m_menu->addAction(tr("Proxy chain..."), this, &TrayController::chainWizardRequested);
    chain->setObjectName(QStringLiteral("trayChainWizard"));
    if (m_serviceMenu)
        m_menu->addMenu(m_serviceMenu);
    if (m_autostart) {
        m_startAtLogin = m_menu->addAction(tr("Start at login"));
        m_startAtLogin->setObjectName(QStringLiteral("trayStartAtLogin"));
        m_startAtLogin->setCheckable(true);
        m_startAtLogin->setChecked(m_autostart->isEnabled());
        connect(m_startAtLogin, &QAction::toggled, this, [this](bool on) {
            QString error;
            if (!m_autostart->setEnabled(on, &error)) {
                notify(tr("MailShim: start at login not changed"), error);
                const QSignalBlocker block(m_startAtLogin);
                m_startAtLogin->setChecked(m_autostart->isEnabled());
            }
        });
    }
    m_menu->addSeparator();
    QAction *about = m_menu->addAction(tr("About MailShim"), this, &TrayController::aboutRequested);
    about->setObjectName(QStringLiteral("trayAbout"));
    QAction *quit = m_menu->addAction(tr("Quit"), this, &TrayController::quitRequested);
    quit->setObjectName(QStringLiteral("trayQuit"));
    refresh();
}

void TrayController::onStatusChanged(const QString &listenerName, const ListenerStatus &status)
{
    if (!status.lastOk && status.lastFailure == ServerError::Kind::SignInNeeded) {
        // The status still shows the last session's refusal after a new sign-in, until the next session ends.
        const QDateTime signedIn = m_signedInAt.value(listenerName);
        if (!signedIn.isValid() || status.lastConnection > signedIn) {
            m_lastError = tr("%1: %2").arg(listenerName, status.lastResult.translated());
            markSignInNeeded(listenerName, status.lastResult.translated());
        }
    } else if (!status.lastOk && !status.lastResult.isEmpty()) {
        m_lastError = tr("%1: %2").arg(listenerName, status.lastResult.translated());
        // One notification per kind of trouble: retries of the same failure are not news.
        const QString title = errorTitle(status.lastFailure);
        if (m_notifiedError.value(listenerName) != title) {
            m_notifiedError.insert(listenerName, title);
            notify(title, m_lastError);
        }
    } else if (status.lastOk && status.lastConnection.isValid()) {
        m_notifiedError.remove(listenerName); // the next failure is news again
        if (m_signInNeeded.contains(listenerName))
            clearSignInNeeded(listenerName);
    }
    refresh();
}

void TrayController::markSignInNeeded(const QString &listenerName, const QString &detail)
{
    if (m_signInNeeded.contains(listenerName))
        return; // every refused session says it again: news once
    m_signInNeeded.append(listenerName);
    m_notifiedError.insert(listenerName, QStringLiteral("sign in again"));
    rebuildMenu();
    QString message = tr("The provider no longer accepts the sign-in of \"%1\" (for example after a password "
                         "change). Click here, or \"Sign in again to %1...\" in this menu, to sign in in the "
                         "browser.")
                          .arg(listenerName);
    if (!detail.isEmpty())
        message += QLatin1Char('\n') + detail;
    notify(tr("MailShim: sign in again"), message);
    m_clickSignsIn = listenerName;
}

void TrayController::clearSignInNeeded(const QString &listenerName)
{
    m_signedInAt.insert(listenerName, QDateTime::currentDateTime());
    if (!m_signInNeeded.removeAll(listenerName))
        return;
    m_notifiedError.remove(listenerName);
    if (m_clickSignsIn == listenerName)
        m_clickSignsIn.clear();
    rebuildMenu();
}

QStringList TrayController::signInNeeded() const
{
    return m_signInNeeded;
}

void TrayController::showMessage(const QString &title, const QString &message)
{
    notify(title, message);
}

// The three errors a user must act on get their own titles; the rest is a generic failure.
QString TrayController::errorTitle(ServerError::Kind failure)
{
    switch (failure) {
    case ServerError::Kind::Tls:
        return tr("MailShim: server certificate changed or invalid");
    case ServerError::Kind::Unreachable:
        return tr("MailShim: mail server unreachable");
    case ServerError::Kind::Auth:
        return tr("MailShim: account login failed");
    case ServerError::Kind::None:
    case ServerError::Kind::Timeout:
    case ServerError::Kind::Protocol:
    case ServerError::Kind::Loop:
    case ServerError::Kind::SignInNeeded: // markSignInNeeded() words it
        break;
    }
    return tr("MailShim: mail session failed");
}

void TrayController::notify(const QString &title, const QString &message)
{
    m_clickSignsIn.clear(); // a click on this one opens nothing but the message
    if (m_tray.isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray.showMessage(title, message, QSystemTrayIcon::Warning, 10000);
    Q_EMIT notified(title, message);
}

QString TrayController::toolTip() const
{
    int enabled = 0;
    int up = 0;
    int sessions = 0;
    for (const ListenerConfig &listener : m_backend->config().listeners) {
        const ListenerStatus status = m_backend->status(listener.name);
        sessions += status.activeSessions;
        if (!listener.enabled)
            continue;
        ++enabled;
        if (status.state == ListenerStatus::State::Listening && !m_backend->isPaused())
            ++up;
    }
    QString text = tr("MailShim: %1 of %2 listeners up, %3 sessions active").arg(up).arg(enabled).arg(sessions);
    if (m_backend->isPaused())
        text += QLatin1Char('\n') + tr("Paused");
    if (!m_lastError.isEmpty())
        text += QLatin1Char('\n') + tr("Last error: %1").arg(m_lastError);
    return text;
}

void TrayController::refresh()
{
    bool error = false;
    bool active = false;
    for (const ListenerConfig &listener : m_backend->config().listeners) {
        const ListenerStatus status = m_backend->status(listener.name);
        active = active || status.activeSessions > 0;
        if (listener.enabled && !m_backend->isPaused())
            error = error || status.state != ListenerStatus::State::Listening ||
                    (status.lastConnection.isValid() && !status.lastOk);
    }
    m_state = m_backend->isPaused() ? State::Paused : error ? State::Error : active ? State::Active : State::Idle;
    m_tray.setIcon(iconFor(m_state));
    m_tray.setToolTip(toolTip());
    if (m_pause) {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(m_backend->isPaused());
    }
}

} // namespace mailshim
