// The Japanese translation is compiled into the program and used when the locale is Japanese: the
// windows' own words and Qt's standard buttons both change.

#include "service/control/localenginebackend.h"
#include "ui/common/securitytext.h"
#include "ui/common/translations.h"
#include "ui/mainwindow/mainwindow.h"

#include <QPushButton>
#include <QTest>

using namespace mailshim;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void englishStaysEnglish()
    {
        Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)); // the source language
        QCOMPARE(SecurityText::label(Security::Tls), QStringLiteral("TLS (POP3S, port 995)"));
    }

    void japaneseIsInstalled()
    {
        QVERIFY(Translations::install(qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
        QCOMPARE(SecurityText::label(Security::Tls), QStringLiteral("TLS (POP3S、ポート 995)"));
        LocalEngineBackend backend(
            Config{}, [](const Config &, QString *) { return true; }, nullptr);
        MainWindow window(&backend, nullptr);
        QCOMPARE(window.findChild<QPushButton *>(QStringLiteral("addButton"))->text(), QStringLiteral("追加(&A)..."));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
