#pragma once

// CopyableRow: the "label, read-only field, Copy button" row both wizards end on, so what to type into the
// mail client can be copied field by field. The field is named objectName, its button objectName + "Copy".

#include <QString>

class QGridLayout;
class QLineEdit;

namespace mailshim::CopyableRow {

// Adds the row to grid at row and returns the field, for the page to fill in.
QLineEdit *add(QGridLayout *grid, int row, const QString &label, const QString &objectName);

} // namespace mailshim::CopyableRow
