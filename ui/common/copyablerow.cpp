#include "ui/common/copyablerow.h"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace mailshim::CopyableRow {

QLineEdit *add(QGridLayout *grid, int row, const QString &label, const QString &objectName)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setReadOnly(true);
    auto *copy = new QPushButton(QCoreApplication::translate("mailshim::CopyableRow", "Copy"));
    copy->setObjectName(objectName + QStringLiteral("Copy"));
    QObject::connect(copy, &QPushButton::clicked, edit, [edit] { QApplication::clipboard()->setText(edit->text()); });
    grid->addWidget(new QLabel(label), row, 0);
    grid->addWidget(edit, row, 1);
    grid->addWidget(copy, row, 2);
    return edit;
}

} // namespace mailshim::CopyableRow
