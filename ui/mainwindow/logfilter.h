#pragma once

// LogFilter: narrows the LogModel to a level (Major ... All info) and a search text for the log view.

#include "core/logging.h"

#include <QSortFilterProxyModel>

namespace mailshim {

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
