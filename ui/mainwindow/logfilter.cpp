#include "ui/mainwindow/logfilter.h"

#include "ui/mainwindow/logmodel.h"

namespace mailshim {

LogFilter::LogFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void LogFilter::setMaxLevel(LogLevel level)
{
    m_maxLevel = level;
    invalidateFilter();
}

void LogFilter::setSearchText(const QString &text)
{
    m_search = text;
    invalidateFilter();
}

bool LogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!logLevelKeeps(m_maxLevel, LogLevel(index.data(LogModel::kLevelRole).toInt())))
        return false;
    return m_search.isEmpty() || index.data(LogModel::kLineRole).toString().contains(m_search, Qt::CaseInsensitive);
}

} // namespace mailshim
