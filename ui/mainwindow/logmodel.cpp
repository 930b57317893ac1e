#include "ui/mainwindow/logmodel.h"

#include <QColor>

namespace mailshim {

LogModel::LogModel(int maxRecords, QObject *parent) : QAbstractTableModel(parent), m_max(maxRecords) {}

void LogModel::append(const LogRecord &record)
{
    if (int(m_records.size()) >= m_max) {
        beginRemoveRows({}, 0, 0);
        m_records.pop_front();
        endRemoveRows();
    }
    const int row = int(m_records.size());
    beginInsertRows({}, row, row);
    m_records.push_back(record);
    endInsertRows();
}

void LogModel::appendAll(const QList<LogRecord> &records)
{
    for (const LogRecord &record : records)
        append(record);
}

void LogModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LogModel::levelText(LogLevel level)
{
    switch (level) {
    case LogLevel::Major:
        return tr("Major");
    case LogLevel::Problems:
        return tr("Problems");
    case LogLevel::LowLevel:
        return tr("Low-level");
    case LogLevel::All:
        return tr("All info");
    }
    return {};
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_records.size()))
        return {};
    const LogRecord &record = m_records.at(std::size_t(index.row()));
    switch (role) {
    case kLevelRole:
        return int(record.level);
    case kLineRole:
        return record.format();
    case Qt::ForegroundRole:
        return record.level == LogLevel::Problems ? QVariant(QColor(Qt::darkRed)) : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return record.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case Level:
            return levelText(record.level);
        case Listener:
            return record.session ? QStringLiteral("%1 #%2").arg(record.listener).arg(record.session) : record.listener;
        case Text: // in the user's language; Save as and log files keep the English text
            return record.message.isEmpty() ? record.text : record.message.translated();
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Listener:
        return tr("Listener");
    case Text:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace mailshim
