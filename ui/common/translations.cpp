#include "ui/common/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace mailshim::Translations {

bool install(QCoreApplication *app)
{
    return install(app, QLocale::system());
}

bool install(QCoreApplication *app, const QLocale &locale)
{
    auto *ours = new QTranslator(app);
    if (!ours->load(locale, QStringLiteral("mailshim"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own strings ("Cancel", "< Back"): from the Qt installation, or embedded next to ours.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)) ||
        qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace mailshim::Translations
