#include "ui/servicepanel/servicepanel.h"

#include "service/control/enginebackend.h"
#include "ui/tray/autostart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace mailshim {

namespace {
const LogLevel kLevels[] = {LogLevel::Major, LogLevel::Problems, LogLevel::LowLevel, LogLevel::All};
}

ServicePanel::ServicePanel(ServiceControl *control, EngineBackend *backend, Autostart *autostart, QWidget *parent)
    : QGroupBox(tr("Background service"), parent), m_control(control), m_backend(backend), m_autostart(autostart),
      m_state(new QLabel), m_install(new QPushButton(tr("&Install"))), m_start(new QPushButton(tr("St&art"))),
      m_stop(new QPushButton(tr("St&op"))), m_uninstall(new QPushButton(tr("&Uninstall"))), m_logLevel(new QComboBox),
      m_trayAtLogin(new QCheckBox(tr("Start the tray program at login"))), m_menu(new QMenu(tr("Background service")))
{
    setObjectName(QStringLiteral("servicePanel"));
    m_state->setObjectName(QStringLiteral("serviceState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_install->setObjectName(QStringLiteral("serviceInstall"));
    m_start->setObjectName(QStringLiteral("serviceStart"));
    m_stop->setObjectName(QStringLiteral("serviceStop"));
    m_uninstall->setObjectName(QStringLiteral("serviceUninstall"));
    m_logLevel->setObjectName(QStringLiteral("logLevel"));
    m_trayAtLogin->setObjectName(QStringLiteral("trayAtLogin"));
    m_install->setToolTip(tr("Run MailShim in the background from boot or login, without this window, and restart "
                             "it after a failure"));
    m_logLevel->addItems({tr("Major events"), tr("Problems"), tr("Low-level"), tr("Everything")});
    m_logLevel->setToolTip(tr("How much the engine shown here logs; takes effect at once and is saved"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_install);
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_uninstall);
    buttons->addSpacing(24);
    buttons->addWidget(new QLabel(tr("Log level:")));
    buttons->addWidget(m_logLevel);
    buttons->addStretch();
    buttons->addWidget(m_trayAtLogin);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addLayout(buttons);

    m_menu->setObjectName(QStringLiteral("serviceMenu"));
    m_menuState = m_menu->addAction(QString());
    m_menuState->setEnabled(false);
    m_menu->addSeparator();
    m_menuInstall = m_menu->addAction(tr("Install"), control, &ServiceControl::install);
    m_menuStart = m_menu->addAction(tr("Start"), control, &ServiceControl::start);
    m_menuStop = m_menu->addAction(tr("Stop"), control, &ServiceControl::stop);
    m_menuUninstall = m_menu->addAction(tr("Uninstall"), control, &ServiceControl::uninstall);

    connect(m_install, &QPushButton::clicked, control, &ServiceControl::install);
    connect(m_start, &QPushButton::clicked, control, &ServiceControl::start);
    connect(m_stop, &QPushButton::clicked, control, &ServiceControl::stop);
    connect(m_uninstall, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("Uninstall the background service"),
                                  tr("Stop the background service and remove it? Your listeners and settings stay; "
                                     "MailShim then runs only while this program runs.")) == QMessageBox::Yes)
            m_control->uninstall();
    });
    connect(control, &ServiceControl::stateChanged, this, &ServicePanel::updateState);
    connect(control, &ServiceControl::busyChanged, this, &ServicePanel::updateState);
    connect(control, &ServiceControl::finished, this, &ServicePanel::onFinished);
    connect(backend, &EngineBackend::configChanged, this, &ServicePanel::updateState);
    connect(backend, &EngineBackend::configChanged, this, &ServicePanel::updateLogLevel);
    connect(m_logLevel, &QComboBox::activated, this, &ServicePanel::setLogLevel);
    m_trayAtLogin->setChecked(autostart->isEnabled());
    connect(m_trayAtLogin, &QCheckBox::toggled, this, [this](bool on) {
        QString error;
        if (!m_autostart->setEnabled(on, &error)) {
            QMessageBox::warning(this, tr("Start at login"), error);
            const QSignalBlocker block(m_trayAtLogin);
            m_trayAtLogin->setChecked(m_autostart->isEnabled());
        }
    });
    updateState();
    updateLogLevel();
}

ServicePanel::~ServicePanel()
{
    delete m_menu;
}

void ServicePanel::updateState()
{
    const bool busy = m_control->busy();
    const ServiceControl::State state = m_control->state();
    QString text;
    switch (state) {
    case ServiceControl::State::Unknown:
        text = busy ? tr("Checking the background service...") : tr("The state of the background service is unknown.");
        break;
    case ServiceControl::State::NotInstalled:
        text = tr("Not installed: MailShim runs only while this program runs.");
        break;
    case ServiceControl::State::Stopped:
        text = tr("Installed, not running.");
        break;
    case ServiceControl::State::Running:
        text = tr("Installed and running.");
        break;
    }
    if (!m_control->stateText().isEmpty())
        text += QLatin1Char(' ') + (state == ServiceControl::State::Unknown
                                        ? m_control->stateText()
                                        : tr("Service manager: %1.").arg(m_control->stateText()));
    text += QLatin1Char(' ') + tr("This window shows the engine %1.").arg(m_backend->location());
    m_state->setText(text);
    m_menuState->setText(state == ServiceControl::State::Running        ? tr("Service: running")
                         : state == ServiceControl::State::Stopped      ? tr("Service: stopped")
                         : state == ServiceControl::State::NotInstalled ? tr("Service: not installed")
                                                                        : tr("Service: unknown"));

    const bool installed = state == ServiceControl::State::Stopped || state == ServiceControl::State::Running;
    const bool known = state != ServiceControl::State::Unknown;
    const auto enable = [busy](QPushButton *button, QAction *action, bool on) {
        button->setEnabled(on && !busy);
        action->setEnabled(on && !busy);
    };
    enable(m_install, m_menuInstall, known && !installed);
    enable(m_start, m_menuStart, state == ServiceControl::State::Stopped);
    enable(m_stop, m_menuStop, state == ServiceControl::State::Running);
    enable(m_uninstall, m_menuUninstall, installed);
}

void ServicePanel::updateLogLevel()
{
    const LogLevel level = m_backend->config().logLevel;
    for (int i = 0; i < int(std::size(kLevels)); ++i) {
        if (kLevels[i] == level)
            m_logLevel->setCurrentIndex(i);
    }
}

void ServicePanel::setLogLevel(int index)
{
    if (index < 0 || index >= int(std::size(kLevels)))
        return;
    Config changed = m_backend->config();
    if (changed.logLevel == kLevels[index])
        return;
    changed.logLevel = kLevels[index];
    const QList<ConfigIssue> issues = m_backend->setConfig(changed);
    if (!issues.isEmpty()) {
        QMessageBox::warning(this, tr("Log level"), tr("The change was not made: %1").arg(issues.first().translated()));
        updateLogLevel();
    }
}

void ServicePanel::onFinished(const QString &verb, bool ok, const QString &message)
{
    if (ok)
        return;
    // Not modal: the tray program goes on serving (and following the service) while it is shown.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Background service"),
                                tr("mailshim-service --%1 failed:\n%2").arg(verb, message), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("serviceFailure"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace mailshim
