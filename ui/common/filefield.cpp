#include "ui/common/filefield.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace mailshim::FileField {

namespace {
Chooser &chooser()
{
    static Chooser current;
    return current;
}

QString choose(QWidget *parent, const QString &title, const QString &start, const QString &filter)
{
    if (chooser())
        return chooser()(parent, title, start, filter);
    return QFileDialog::getOpenFileName(parent, title, start, filter);
}
} // namespace

void setChooser(Chooser replacement)
{
    chooser() = std::move(replacement);
}

QWidget *caFileRow(QLineEdit *edit, const QString &buttonName)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *browse = new QPushButton(QCoreApplication::translate("FileField", "Browse..."));
    browse->setObjectName(buttonName);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit] {
        const QString path =
            choose(edit->window(), QCoreApplication::translate("FileField", "CA certificate"), edit->text().trimmed(),
                   QCoreApplication::translate("FileField", "Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    return row;
}

} // namespace mailshim::FileField
