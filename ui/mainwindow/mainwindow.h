#pragma once

// MainWindow: the listener table (live status, on/off, "last connection" as in CommuniGate's RPOP list),
// Add / Edit / Remove / Test, and the log pane. Everything goes through the EngineBackend, so the same
// window shows the in-process engine or the background service. Closing it hides it into the tray; without a
// tray, closing it would quit and stop forwarding, so it asks first.

#include <QMainWindow>
#include <functional>

class QLabel;
class QPushButton;
class QTableView;
class QVBoxLayout;

namespace mailshim {

class CredentialStore;
class EngineBackend;
class ListenerTableModel;
class LogView;
class ProbeDialog;
class SignInLauncher;
struct ListenerConfig;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(EngineBackend *backend, CredentialStore *credentials, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    LogView *logView() const { return m_log; }
    void selectListener(const QString &name);
    // The "Background service" section, under the listener buttons.
    void setServicePanel(QWidget *panel);
    // Whether a system tray holds the program when the window closes (QSystemTrayIcon::isSystemTrayAvailable(),
    // injected so tests can have none). Without one, closing the window asks before forwarding stops.
    void setTrayAvailable(bool available) { m_trayAvailable = available; }
    // Whether quitting this program stops forwarding (false while it shows the background service, which goes
    // on without it). Unset: it does.
    void setQuitStopsForwarding(std::function<bool()> stops) { m_quitStopsForwarding = std::move(stops); }
    // Where the listener editor's "Sign in..." runs (the tray's, which tells the engine); unset: the editor's own.
    // Its sign-ins also clear the table's "sign in again".
    void setSignInLauncher(SignInLauncher *launcher);

protected:
    void closeEvent(QCloseEvent *event) override;

Q_SIGNALS:
    void setupWizardRequested();
    void chainWizardRequested();
    void aboutRequested();
    void quitRequested();

private:
    void addListener();
    void editListener();
    void removeListener();
    void testListener();
    void updateButtons();
    void updateTitle();
    // Opens the editor until the user cancels or the backend accepts; replaceName empty means add.
    void runEditor(const ListenerConfig &initial, const QString &replaceName);
    QString selectedName() const;

    EngineBackend *m_backend;
    CredentialStore *m_credentials;
    ListenerTableModel *m_model;
    QTableView *m_table;
    LogView *m_log;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPushButton *m_test;
    QLabel *m_location;
    QVBoxLayout *m_topLayout = nullptr;
    bool m_trayAvailable = true;
    std::function<bool()> m_quitStopsForwarding;
    SignInLauncher *m_signIn = nullptr;
};

} // namespace mailshim
