#pragma once

// LogView: the log pane of the main window (also shown alone from the tray's "Show log"): a level filter
// (Major, Problems, Low-level, All info), a search box, copy of the selected lines and "save as".

#include "ui/mainwindow/logfilter.h"
#include "ui/mainwindow/logmodel.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace mailshim {

class EngineBackend;

class LogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    explicit LogView(EngineBackend *backend, QWidget *parent = nullptr);

    // The selected lines (or all shown lines if none is selected), one record per line.
    QString selectedText() const;
    // Writes the shown lines to path; false with a reason on failure.
    bool saveTo(const QString &path, QString *error) const;
    // Shows the backend's log tail again from the start (after the backend switched engines).
    void reload(const QList<LogRecord> &records);

private:
    void copySelection();
    void saveAs();
    QString shownLines(bool selectedOnly) const;

    LogModel *m_model;
    LogFilter *m_filter;
    QComboBox *m_level;
    QLineEdit *m_search;
    QTableView *m_table;
};

} // namespace mailshim
