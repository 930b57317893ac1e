#pragma once

// LogModel: the log records the backend emits, newest last, capped so a long-running tray program does
// not grow without bound.

#include "core/logging.h"

#include <QAbstractTableModel>
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

} // namespace mailshim
