#pragma once

// ListenerTableModel: the main window's table of listeners, one row per listener of the backend's config,
// with the live state from the backend's statusChanged signal (no polling). The Enabled column is
// checkable and turns the listener on or off through the backend. A listener whose account must sign in again (OAuth
// 2.0: the last session was refused with SignInNeeded) says "sign in again" until a sign-in in this program or a
// session that ends after it.

#include "service/control/enginebackend.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>

namespace mailshim {

class ListenerTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerTableModel)

public:
    enum Column { Enabled, Name, Kind, LocalPort, Server, SecurityMode, Status, Sessions, LastConnection, ColumnCount };

    explicit ListenerTableModel(EngineBackend *backend, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    QString listenerName(int row) const;
    int rowOf(const QString &listenerName) const;

    // A sign-in in this program stored a new refresh token for account: its listeners no longer say "sign in again".
    void noteSignedIn(const OAuthAccount &account);
    // The listener's account must sign in again (its last session said so, and no sign-in came after it).
    bool needsSignIn(const QString &listenerName) const;

    // "listening", "waiting", "error: ...", "off", "paused": the Status column's text.
    static QString statusText(const ListenerConfig &config, const ListenerStatus &status, bool paused);

Q_SIGNALS:
    // A change the backend refused (for example a port clash when turning a listener on).
    void changeRefused(const QString &message);

private:
    void reload();
    void onStatusChanged(const QString &listenerName, const ListenerStatus &status);
    QVariant displayText(const ListenerConfig &config, const ListenerStatus &status, int column) const;

    EngineBackend *m_backend;
    QList<ListenerConfig> m_rows;
    QHash<QString, ListenerStatus> m_status;
    QHash<QString, QDateTime> m_signedInAt; // sessions that ended before this were refused before the sign-in
};

} // namespace mailshim
