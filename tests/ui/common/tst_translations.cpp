// The Japanese translation is compiled into the program and used when the locale is Japanese: the
// windows' own words, Qt's standard buttons and the engine's messages all change, and no sentence of the
// translation sources is left untranslated.

#include "net/message.h"
#include "service/control/localenginebackend.h"
#include "ui/common/securitytext.h"
#include "ui/common/translations.h"
#include "ui/mainwindow/mainwindow.h"

#include <QFile>
#include <QPushButton>
#include <QTest>
#include <QXmlStreamReader>

using namespace mailshim;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void englishStaysEnglish()
    {
        Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)); // the source language
        QCOMPARE(SecurityText::label(Security::Tls, 995), QStringLiteral("TLS (POP3S, port 995)"));
        // A server on another port is named with its own port, never the mode's default.
        QCOMPARE(SecurityText::label(Security::Tls, 35799), QStringLiteral("TLS (POP3S, port 35799)"));
    }

    void japaneseIsInstalled()
    {
        QVERIFY(Translations::install(qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
        QCOMPARE(SecurityText::label(Security::Tls, 995), QStringLiteral("TLS (POP3S、ポート 995)"));
        QCOMPARE(SecurityText::label(Security::Stls, 35110), QStringLiteral("STARTTLS (STLS、ポート 35110)"));
        LocalEngineBackend backend(
            Config{}, [](const Config &, QString *) { return true; }, nullptr);
        MainWindow window(&backend, nullptr);
        QCOMPARE(window.findChild<QPushButton *>(QStringLiteral("addButton"))->text(), QStringLiteral("追加(&A)..."));
    }

    void everySentenceIsJapanese()
    {
        // Every sentence lupdate found (the widgets' tr() and the engine's QT_TRANSLATE_NOOP("Engine", ...)) has a
        // finished Japanese translation, and the engine's are compiled in: a sentence added without one fails here.
        QVERIFY(Translations::install(qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
        QFile ts(QStringLiteral(MAILSHIM_TRANSLATIONS_DIR "/mailshim_ja.ts"));
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        QXmlStreamReader xml(&ts);
        QString context;
        QString source;
        int engineSentences = 0;
        QStringList untranslated;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const bool unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
                const QString text = xml.readElementText();
                if (unfinished || text.isEmpty())
                    untranslated << context + QLatin1String(": ") + source;
                if (context == QLatin1String("Engine")) {
                    ++engineSentences;
                    const QByteArray utf8 = source.toUtf8();
                    if (QCoreApplication::translate("Engine", utf8.constData()) != text)
                        untranslated << QStringLiteral("Engine (not compiled in): ") + source;
                }
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(engineSentences > 50, "the engine's sentences are missing from the translation sources");
        QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(QLatin1Char('\n'))));
    }

    void engineMessagesReadInJapanese()
    {
        // A record from the engine keeps its English for the log file and words itself in Japanese for the window;
        // what it quotes (a host, a server's reply) stays as it was.
        QVERIFY(Translations::install(qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
        const Message refused(QT_TRANSLATE_NOOP("Engine", "%1 refused the login: %2"),
                              {QStringLiteral("pop.example.net:995 (tls)"), QStringLiteral("-ERR [AUTH] %1 bad")});
        QCOMPARE(refused.english(), QStringLiteral("pop.example.net:995 (tls) refused the login: -ERR [AUTH] %1 bad"));
        QCOMPARE(refused.translated(),
                 QStringLiteral("pop.example.net:995 (tls) がログインを拒否しました: -ERR [AUTH] %1 bad"));
        const Message timeout(QT_TRANSLATE_NOOP("Engine", "%1 did not answer in time during %2"),
                              {QStringLiteral("h:110 (stls)"), Message(QT_TRANSLATE_NOOP("Engine", "greeting"), {})});
        QCOMPARE(timeout.translated(), QStringLiteral("h:110 (stls) が 最初の応答 の途中で時間内に応答しませんでした"));
        QCOMPARE(Message::fromJson(timeout.toJson()).translated(), timeout.translated()); // across the control channel
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
