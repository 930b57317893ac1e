#include "ui/mainwindow/mainwindow.h"

#include "core/listenerreferences.h"
#include "service/control/enginebackend.h"
#include "ui/common/signinlauncher.h"
#include "ui/listeners/listenereditor.h"
#include "ui/listeners/probedialog.h"
#include "ui/mainwindow/listenertablemodel.h"
#include "ui/mainwindow/logview.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace mailshim {

MainWindow::MainWindow(EngineBackend *backend, CredentialStore *credentials, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_credentials(credentials),
      m_model(new ListenerTableModel(backend, this)), m_table(new QTableView), m_log(new LogView(backend)),
      m_edit(new QPushButton(tr("&Edit..."))), m_remove(new QPushButton(tr("&Remove"))),
      m_test(new QPushButton(tr("&Test"))), m_location(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_table->setObjectName(QStringLiteral("listenerTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ListenerTableModel::LastConnection, QHeaderView::Stretch);

    auto *add = new QPushButton(tr("&Add..."));
    add->setObjectName(QStringLiteral("addButton"));
    m_edit->setObjectName(QStringLiteral("editButton"));
    m_remove->setObjectName(QStringLiteral("removeButton"));
    m_test->setObjectName(QStringLiteral("testButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_test);
    buttons->addStretch();

    auto *top = new QWidget;
    m_topLayout = new QVBoxLayout(top);
    m_topLayout->addWidget(m_table);
    m_topLayout->addLayout(buttons);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    m_location->setObjectName(QStringLiteral("engineLocation"));
    statusBar()->addWidget(m_location);

    QMenu *file = menuBar()->addMenu(tr("&MailShim"));
    file->addAction(tr("&Setup wizard..."), this, &MainWindow::setupWizardRequested);
    file->addAction(tr("&Proxy chain..."), this, &MainWindow::chainWizardRequested)
        ->setObjectName(QStringLiteral("menuChainWizard"));
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &MainWindow::quitRequested);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MailShim"), this, &MainWindow::aboutRequested);

    connect(add, &QPushButton::clicked, this, &MainWindow::addListener);
    connect(m_edit, &QPushButton::clicked, this, &MainWindow::editListener);
    connect(m_remove, &QPushButton::clicked, this, &MainWindow::removeListener);
    connect(m_test, &QPushButton::clicked, this, &MainWindow::testListener);
    connect(m_table, &QTableView::doubleClicked, this, &MainWindow::editListener);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateButtons);
    connect(m_model, &ListenerTableModel::changeRefused, this, [this](const QString &message) {
        QMessageBox::warning(this, tr("MailShim"), tr("The change was not made: %1").arg(message));
    });
    connect(backend, &EngineBackend::configChanged, this, &MainWindow::updateTitle);
    connect(backend, &EngineBackend::pausedChanged, this, &MainWindow::updateTitle);
    updateButtons();
    updateTitle();
    resize(960, 620);
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("MailShim"));
    QString text = tr("Engine: %1").arg(m_backend->location());
    if (m_backend->isPaused())
        text += QStringLiteral(" — ") + tr("all listeners paused");
    m_location->setText(text);
}

QString MainWindow::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->listenerName(rows.first().row());
}

// With a tray the window just hides (the application does not quit on the last window). Without one, closing
// the last window quits and every listener stops: the user chooses between that, keeping it running minimized
// (the safe default, also for Enter), and not closing at all (Esc).
void MainWindow::closeEvent(QCloseEvent *event)
{
    const bool stopsForwarding = !m_quitStopsForwarding || m_quitStopsForwarding();
    if (m_trayAvailable || !stopsForwarding || m_backend->config().listeners.isEmpty()) {
        QMainWindow::closeEvent(event);
        return;
    }
    QMessageBox box(QMessageBox::Question, tr("Stop forwarding mail?"),
                    tr("There is no system tray to keep MailShim in. Closing this window quits MailShim, and your "
                       "mail program can no longer reach the mail server through it."),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("closeQuestion"));
    QPushButton *quit = box.addButton(tr("Stop and quit"), QMessageBox::DestructiveRole);
    quit->setObjectName(QStringLiteral("closeStopAndQuit"));
    QPushButton *minimize = box.addButton(tr("Keep running minimized"), QMessageBox::AcceptRole);
    minimize->setObjectName(QStringLiteral("closeKeepRunning"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("closeCancel"));
    box.setDefaultButton(minimize);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == quit) {
        QMainWindow::closeEvent(event);
        return;
    }
    event->ignore();
    if (box.clickedButton() == minimize)
        showMinimized();
}

void MainWindow::setServicePanel(QWidget *panel)
{
    m_topLayout->addWidget(panel);
}

void MainWindow::selectListener(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0)
        m_table->selectRow(row);
}

void MainWindow::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_test->setEnabled(selected);
}

void MainWindow::addListener()
{
    ListenerConfig fresh;
    // The next free port from 3999 up, so a second listener does not start with a clash.
    QList<quint16> used;
    for (const ListenerConfig &l : m_backend->config().listeners)
        used.append(l.port);
    while (used.contains(fresh.port))
        ++fresh.port;
    fresh.upstream = UpstreamConfig{};
    runEditor(fresh, QString());
}

void MainWindow::editListener()
{
    const QString name = selectedName();
    for (const ListenerConfig &l : m_backend->config().listeners) {
        if (l.name == name)
            runEditor(l, name);
    }
}

void MainWindow::runEditor(const ListenerConfig &initial, const QString &replaceName)
{
    QList<ListenerConfig> others;
    for (const ListenerConfig &l : m_backend->config().listeners) {
        if (l.name != replaceName || replaceName.isEmpty())
            others.append(l);
    }
    // The config as it would be with the edited listener in place of the old one (or added).
    const auto withEdit = [this, replaceName](const ListenerConfig &edited) {
        Config config = m_backend->config();
        bool replaced = false;
        for (ListenerConfig &l : config.listeners) {
            if (!replaceName.isEmpty() && l.name == replaceName) {
                l = edited;
                replaced = true;
            }
        }
        if (!replaced)
            config.listeners.append(edited);
        // A renamed listener takes its references along (an SMTP listener's POP before SMTP names it).
        if (!replaceName.isEmpty())
            renameListenerReferences(&config, replaceName, edited.name);
        return config;
    };
    ListenerEditor editor(initial, others, m_credentials, this);
    if (m_signIn)
        editor.setSignInLauncher(m_signIn);
    if (!replaceName.isEmpty())
        editor.setNeedsSignInAgain(m_model->needsSignIn(replaceName));
    editor.setChecker(
        [withEdit](const ListenerConfig &edited) { return EngineBackend::validate(withEdit(edited)).errors; });
    while (editor.exec() == QDialog::Accepted) {
        const ListenerConfig edited = editor.listener();
        const QList<ConfigIssue> issues = m_backend->setConfig(withEdit(edited));
        if (issues.isEmpty()) {
            selectListener(edited.name);
            return;
        }
        // The engine's validation found what the dialog did not: show it there and let the user fix it.
        QStringList lines;
        for (const ConfigIssue &issue : issues)
            lines << issue.translated();
        editor.showIssue(lines.join(QLatin1Char('\n')));
    }
}

void MainWindow::setSignInLauncher(SignInLauncher *launcher)
{
    if (m_signIn)
        disconnect(m_signIn, nullptr, m_model, nullptr);
    m_signIn = launcher;
    if (m_signIn)
        connect(m_signIn, &SignInLauncher::signedIn, m_model, &ListenerTableModel::noteSignedIn);
}

void MainWindow::removeListener()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    Config config = m_backend->config();
    // A sending listener that uses this one for POP before SMTP cannot send without it: it goes too, and the
    // question says so (keeping it would leave a listener the engine refuses).
    const QStringList dependents = listenersReferringTo(config, name);
    QString question = tr("Remove the listener \"%1\"? Mail clients set up for it will stop working.").arg(name);
    if (!dependents.isEmpty()) {
        question += QLatin1Char('\n') +
                    tr("Sending through \"%1\" needs it (POP before SMTP: the server accepts mail only after mail "
                       "was received), so that listener will be removed too. To keep it, choose another receiving "
                       "listener in its settings first.")
                        .arg(dependents.join(QStringLiteral("\", \"")));
    }
    if (QMessageBox::question(this, tr("Remove listener"), question) != QMessageBox::Yes)
        return;
    config.listeners.removeIf([&](const ListenerConfig &l) { return l.name == name || dependents.contains(l.name); });
    const QList<ConfigIssue> issues = m_backend->setConfig(config);
    if (!issues.isEmpty())
        QMessageBox::warning(this, tr("Remove listener"), issues.first().translated());
}

void MainWindow::testListener()
{
    const QString name = selectedName();
    for (const ListenerConfig &l : m_backend->config().listeners) {
        if (l.name != name)
            continue;
        if (!l.upstream) {
            QMessageBox::information(this, tr("Test"),
                                     tr("This listener routes by user name; test it with the proxy chain wizard."));
            return;
        }
        auto *dialog = new ProbeDialog(*l.upstream, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        dialog->start();
    }
}

} // namespace mailshim
