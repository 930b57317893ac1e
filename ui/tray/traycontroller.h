#pragma once

// TrayController: the tray icon and its menu. The icon shows idle / active / error / paused, the tooltip
// says how many listeners are up, how many sessions run and the last error, and failures raise a
// notification once per new error. Menu: Open MailShim, "Sign in again to <listener>..." for each listener whose
// account must sign in again (OAuth 2.0), one on/off entry per listener, Pause all, Show log, Start at login, About,
// Quit. A listener that needs a new sign-in is notified once (not on every refused session); clicking that
// notification or its menu entry asks for the browser sign-in (signInRequested).

#include "core/listener.h"

#include <QDateTime>
#include <QHash>
#include <QMenu>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QSystemTrayIcon>

class QAction;
class QMenu;

namespace mailshim {

class Autostart;
class EngineBackend;

class TrayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)

public:
    enum class State { Idle, Active, Error, Paused };

    // autostart may be null (no start-at-login entry in the menu).
    TrayController(EngineBackend *backend, Autostart *autostart, QObject *parent = nullptr);
    // The "Background service" submenu (ServicePanel::menu()); not owned.
    void setServiceMenu(QMenu *menu);
    ~TrayController() override;

    void show();
    State state() const { return m_state; }
    QString toolTip() const;
    QMenu *menu() const { return m_menu; }
    QSystemTrayIcon *icon() { return &m_tray; }
    static QIcon iconFor(State state);

    // The listener's account must sign in again (the engine said so: a session's SignInNeeded, or the access token
    // cache of the engine in this program): notified once, and a menu entry until clearSignInNeeded().
    void markSignInNeeded(const QString &listenerName, const QString &detail);
    // A sign-in ended well, or a session logged in again.
    void clearSignInNeeded(const QString &listenerName);
    QStringList signInNeeded() const;
    // A notification of the tray's own (a sign-in's result).
    void showMessage(const QString &title, const QString &message);

Q_SIGNALS:
    void openRequested();
    void showLogRequested();
    void setupWizardRequested();
    void chainWizardRequested();
    void aboutRequested();
    void quitRequested();
    // The user asked to sign in again for this listener (its menu entry, or a click on its notification).
    void signInRequested(const QString &listenerName);
    // A notification was shown (also when the platform has no tray), for tests and the log.
    void notified(const QString &title, const QString &message);

private:
    void rebuildMenu();
    void refresh();
    void onStatusChanged(const QString &listenerName, const ListenerStatus &status);
    void notify(const QString &title, const QString &message);
    static QString errorTitle(ServerError::Kind failure);

    EngineBackend *m_backend;
    Autostart *m_autostart;
    QSystemTrayIcon m_tray;
    QMenu *m_menu;
    QPointer<QMenu> m_serviceMenu;
    QAction *m_listenersAnchor = nullptr;
    QList<QAction *> m_listenerActions;
    QAction *m_pause = nullptr;
    QAction *m_startAtLogin = nullptr;
    State m_state = State::Idle;
    QString m_lastError;
    QHash<QString, QString> m_notifiedError; // per listener: the kind of failure already notified
    QStringList m_signInNeeded;              // listeners whose account must sign in again, in the order noticed
    QString m_clickSignsIn;                  // the last notification asked this listener to sign in again
    QHash<QString, QDateTime> m_signedInAt;  // a session that ended before this was refused before the sign-in
};

} // namespace mailshim
