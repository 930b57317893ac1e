#pragma once

// FieldError: the red message shown next to a field that was refused, the same in every dialog and page.

#include <QString>

class QLabel;

namespace mailshim::FieldError {

// A hidden, word-wrapping red label with this objectName (tests find it by name).
QLabel *create(const QString &objectName);
// Shows text, or hides the label when text is empty.
void set(QLabel *label, const QString &text);

} // namespace mailshim::FieldError
