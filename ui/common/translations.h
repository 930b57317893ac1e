#pragma once

// Translations: installs the UI language that matches the system locale (English is built in, Japanese
// from the .qm files compiled from resources/translations), plus Qt's own strings for standard buttons.

class QCoreApplication;
class QLocale;

namespace mailshim::Translations {

// Returns true when a translation for the locale was found and installed (English has an empty one).
bool install(QCoreApplication *app);
bool install(QCoreApplication *app, const QLocale &locale);

} // namespace mailshim::Translations
