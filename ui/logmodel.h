#pragma once

// LogModel: the log records the backend emits, newest last, capped so a long-running tray program does
// not grow without bound. LogFilter narrows it to a level and a search text for the log view.

#include "logging.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <deque>

namespace mailshim {

class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { Time, Level, Listener, Text, ColumnCount };
    static constexpr int kLevelRole = Qt::UserRole + 1;
    static constexpr int kLineRole = Qt::UserRole + 2; // the whole record as one line, for copy and save

    explicit LogModel(int maxRecords = 5000, QObject *parent = nullptr);

    void append(const LogRecord &record);
    void appendAll(const QList<LogRecord> &records);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString levelText(LogLevel level);

private:
    int m_max;
    std::deque<LogRecord> m_records;
};

class LogFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilter)

public:
    explicit LogFilter(QObject *parent = nullptr);
    void setMaxLevel(LogLevel level);
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    LogLevel m_maxLevel = LogLevel::All;
    QString m_search;
};

} // namespace mailshim
