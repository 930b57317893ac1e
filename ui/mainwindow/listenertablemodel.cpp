#include "ui/mainwindow/listenertablemodel.h"

#include "ui/common/securitytext.h"

#include <QColor>
#include <QLocale>

namespace mailshim {

ListenerTableModel::ListenerTableModel(EngineBackend *backend, QObject *parent)
    : QAbstractTableModel(parent), m_backend(backend)
{
    connect(backend, &EngineBackend::configChanged, this, &ListenerTableModel::reload);
    connect(backend, &EngineBackend::pausedChanged, this, &ListenerTableModel::reload);
    connect(backend, &EngineBackend::statusChanged, this, &ListenerTableModel::onStatusChanged);
    reload();
}

void ListenerTableModel::reload()
{
    beginResetModel();
    m_rows = m_backend->config().listeners;
    m_status.clear();
    for (const ListenerConfig &listener : qAsConst(m_rows))
        m_status.insert(listener.name, m_backend->status(listener.name));
    endResetModel();
}

void ListenerTableModel::onStatusChanged(const QString &listenerName, const ListenerStatus &status)
{
    const int row = rowOf(listenerName);
    if (row < 0)
        return;
    m_status.insert(listenerName, status);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ListenerTableModel::noteSignedIn(const OAuthAccount &account)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        const ListenerConfig &l = m_rows.at(row);
        if (l.login == UpstreamLogin::OAuth2 && l.oauth == account.settings &&
            l.user.compare(account.user, Qt::CaseInsensitive) == 0) {
            m_signedInAt.insert(l.name, QDateTime::currentDateTime());
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
}

bool ListenerTableModel::needsSignIn(const QString &listenerName) const
{
    const ListenerStatus status = m_status.value(listenerName);
    if (status.lastOk || status.lastFailure != ServerError::Kind::SignInNeeded)
        return false;
    const QDateTime signedIn = m_signedInAt.value(listenerName);
    return !signedIn.isValid() || status.lastConnection > signedIn;
}

int ListenerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ListenerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ListenerTableModel::listenerName(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

int ListenerTableModel::rowOf(const QString &listenerName) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).name == listenerName)
            return row;
    }
    return -1;
}

QString ListenerTableModel::statusText(const ListenerConfig &config, const ListenerStatus &status, bool paused)
{
    if (!config.enabled)
        return tr("off");
    if (paused)
        return tr("paused");
    switch (status.state) {
    case ListenerStatus::State::Listening:
        return tr("listening");
    case ListenerStatus::State::Waiting:
        if (status.detail.isEmpty())
            return tr("waiting");
        // "waiting for network: ..." says it already.
        return status.detail.source().startsWith("waiting") ? status.detail.translated()
                                                            : tr("waiting: %1").arg(status.detail.translated());
    case ListenerStatus::State::Stopped:
        break;
    }
    return status.detail.isEmpty() ? tr("stopped") : tr("error: %1").arg(status.detail.translated());
}

QVariant ListenerTableModel::displayText(const ListenerConfig &config, const ListenerStatus &status, int column) const
{
    switch (column) {
    case Name:
        return config.name;
    case Kind:
        return config.protocol == Protocol::Smtp ? tr("Sending (SMTP)") : tr("Receiving (POP3)");
    case LocalPort:
        return config.port;
    case Server:
        if (config.upstream)
            return QStringLiteral("%1:%2").arg(config.upstream->host).arg(config.upstream->effectivePort());
        return tr("(routed by user name)");
    case SecurityMode:
        return config.upstream ? securityName(config.upstream->security, config.protocol) : tr("per route");
    case Status:
        // The provider refused the earlier sign-in (OAuth 2.0): only the user can fix it, in the browser.
        if (config.enabled && !m_backend->isPaused() && status.state == ListenerStatus::State::Listening &&
            needsSignIn(config.name))
            return tr("sign in again");
        return statusText(config, status, m_backend->isPaused());
    case Sessions:
        return QStringLiteral("%1/%2").arg(status.activeSessions).arg(status.totalSessions);
    case LastConnection:
        if (!status.lastConnection.isValid())
            return tr("never");
        if (!status.lastOk)
            return status.lastResult.translated();
        return QLocale().toString(status.lastConnection.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant ListenerTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ListenerConfig &config = m_rows.at(index.row());
    const ListenerStatus status = m_status.value(config.name);
    if (index.column() == Enabled) {
        if (role == Qt::CheckStateRole)
            return config.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role == Qt::DisplayRole)
        return displayText(config, status, index.column());
    if (role == Qt::ToolTipRole) {
        if (index.column() == LastConnection && status.lastConnection.isValid())
            return QStringLiteral("%1\n%2").arg(QLocale().toString(status.lastConnection.toLocalTime()),
                                                status.lastResult.translated());
        if (index.column() == SecurityMode && config.upstream)
            return SecurityText::explanation(config.upstream->security, config.protocol);
        if (index.column() == Status && needsSignIn(config.name))
            return tr("The provider no longer accepts this account's sign-in. Edit the listener and press \"Sign "
                      "in...\", or choose \"Sign in again\" in the tray menu.");
        if (index.column() == Status)
            return status.detail.translated();
    }
    if (role == Qt::ForegroundRole) {
        const bool signInAgain = needsSignIn(config.name);
        const bool failed = (index.column() == LastConnection && status.lastConnection.isValid() && !status.lastOk) ||
                            (index.column() == Status && config.enabled && !m_backend->isPaused() &&
                             (status.state != ListenerStatus::State::Listening || signInAgain));
        if (failed)
            return QColor(Qt::darkRed);
    }
    return {};
}

QVariant ListenerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Enabled:
        return tr("Enabled");
    case Name:
        return tr("Name");
    case Kind:
        return tr("Used for");
    case LocalPort:
        return tr("Local port");
    case Server:
        return tr("Server");
    case SecurityMode:
        return tr("Security");
    case Status:
        return tr("Status");
    case Sessions:
        return tr("Sessions");
    case LastConnection:
        return tr("Last connection");
    default:
        return {};
    }
}

Qt::ItemFlags ListenerTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.column() == Enabled)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool ListenerTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Enabled || role != Qt::CheckStateRole)
        return false;
    const QString name = listenerName(index.row());
    const bool enabled = value.toInt() == Qt::Checked;
    const QList<ConfigIssue> issues = m_backend->setListenerEnabled(name, enabled);
    if (!issues.isEmpty()) {
        Q_EMIT changeRefused(issues.first().translated());
        return false;
    }
    return true; // configChanged() reloaded the rows
}

} // namespace mailshim
