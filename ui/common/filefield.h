#pragma once

// FileField: a line edit for a file with a "Browse..." button beside it, the same in every dialog and page that
// asks for a file. The button opens a QFileDialog through one replaceable chooser, so tests check the wiring
// without a real dialog.

#include <QString>
#include <functional>

class QLineEdit;
class QWidget;

namespace mailshim::FileField {

// Returns the chosen path, or an empty string when the user cancelled.
using Chooser =
    std::function<QString(QWidget *parent, const QString &title, const QString &start, const QString &filter)>;
// Replaces the file dialog (tests); an empty chooser restores QFileDialog::getOpenFileName.
void setChooser(Chooser chooser);

// edit and a "Browse..." button (objectName buttonName) in one row; the button asks for a PEM CA certificate and
// puts the chosen path into edit.
QWidget *caFileRow(QLineEdit *edit, const QString &buttonName);

} // namespace mailshim::FileField
