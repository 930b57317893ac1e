#include "ui/mainwindow/logview.h"

#include "service/control/enginebackend.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace mailshim {

LogView::LogView(EngineBackend *backend, QWidget *parent)
    : QWidget(parent), m_model(new LogModel(5000, this)), m_filter(new LogFilter(this)), m_level(new QComboBox),
      m_search(new QLineEdit), m_table(new QTableView)
{
    setObjectName(QStringLiteral("logView"));
    m_filter->setSourceModel(m_model);

    m_level->setObjectName(QStringLiteral("logLevelFilter"));
    for (LogLevel level : {LogLevel::Major, LogLevel::Problems, LogLevel::LowLevel, LogLevel::All})
        m_level->addItem(LogModel::levelText(level), int(level));
    m_level->setCurrentIndex(m_level->count() - 1);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Search the log"));
    m_search->setClearButtonEnabled(true);
    auto *copy = new QPushButton(tr("Copy"));
    copy->setObjectName(QStringLiteral("logCopy"));
    auto *save = new QPushButton(tr("Save as..."));
    save->setObjectName(QStringLiteral("logSaveAs"));

    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setColumnWidth(LogModel::Time, 150);
    m_table->setColumnWidth(LogModel::Level, 80);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_level);
    bar->addWidget(m_search, 1);
    bar->addWidget(copy);
    bar->addWidget(save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table);

    connect(m_level, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setMaxLevel(LogLevel(m_level->currentData().toInt())); });
    connect(m_search, &QLineEdit::textChanged, m_filter, &LogFilter::setSearchText);
    connect(copy, &QPushButton::clicked, this, &LogView::copySelection);
    connect(save, &QPushButton::clicked, this, &LogView::saveAs);

    m_model->appendAll(backend->recentLog());
    connect(backend, &EngineBackend::logRecord, this, [this](const LogRecord &record) {
        // Follow the tail only when the user is already at the bottom, so reading older lines is not disturbed.
        const QScrollBar *scroll = m_table->verticalScrollBar();
        const bool atEnd = scroll->value() == scroll->maximum();
        m_model->append(record);
        if (atEnd)
            m_table->scrollToBottom();
    });
    m_table->scrollToBottom();
}

QString LogView::shownLines(bool selectedOnly) const
{
    QStringList lines;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selectedOnly && !selected.isEmpty()) {
        QModelIndexList sorted = selected;
        std::sort(sorted.begin(), sorted.end(),
                  [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &index : qAsConst(sorted))
            lines << index.data(LogModel::kLineRole).toString();
    } else {
        for (int row = 0; row < m_filter->rowCount(); ++row)
            lines << m_filter->index(row, 0).data(LogModel::kLineRole).toString();
    }
    return lines.join(QLatin1Char('\n'));
}

QString LogView::selectedText() const
{
    return shownLines(true);
}

void LogView::reload(const QList<LogRecord> &records)
{
    m_model->clear();
    m_model->appendAll(records);
    m_table->scrollToBottom();
}

void LogView::copySelection()
{
    QApplication::clipboard()->setText(selectedText());
}

bool LogView::saveTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    file.write(shownLines(false).toUtf8());
    file.write("\n");
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LogView::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the log"), QStringLiteral("mailshim-log.txt"),
                                                      tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTo(path, &error))
        QMessageBox::warning(this, tr("Save the log"), tr("The log could not be saved to %1: %2").arg(path, error));
}

} // namespace mailshim
