// The proxy chain wizard, offscreen, driven by objectName, against a real chain: a stand-in POPFile (an
// in-process MailShim engine routing with '%') -> MailShim (the wizard's own backend, whose listener the wizard
// writes) -> the real Dovecot over TLS. Covers: adding, ordering and removing hops with the problems and the
// recommendation following, a collision fixed by "Find free ports", the saved listener, what to type into the
// mail client, a real client reading mail with that user name, and the Test button for a working chain and for
// a hop that refuses (named, with its reply).

#include "enginetestbed.h"
#include "testclient.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/chainwizard/chainwizarddiagram.h"
#include "ui/chainwizard/chainwizardhopspage.h"
#include "ui/chainwizard/chainwizardresultpage.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/tray/traycontroller.h"
#include "widgetlookup.h"
#include "wizardfixture.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace mailshim;

class TestChainWizard : public QObject, protected WizardFixture<ChainWizard>
{
    Q_OBJECT

private:
    ChainWizardHopsPage *hopsPage()
    {
        return qobject_cast<ChainWizardHopsPage *>(m_wizard->page(ChainWizard::HopsPage));
    }

    QString problemsText() { return child<QLabel>(*m_wizard, "chainProblems")->text(); }

    void selectHop(const QString &name)
    {
        auto *list = child<QListWidget>(*m_wizard, "chainHopList");
        for (int row = 0; row < list->count(); ++row) {
            if (list->item(row)->text().contains(name))
                list->setCurrentRow(row);
        }
    }

    QStringList hopNames()
    {
        QStringList names;
        for (const ChainHop &hop : hopsPage()->hops())
            names << hop.name;
        return names;
    }

    void addHop(ChainHopKind kind)
    {
        auto *kinds = child<QComboBox>(*m_wizard, "chainAddKind");
        kinds->setCurrentIndex(kinds->findData(int(kind)));
        child<QAbstractButton>(*m_wizard, "chainAddHop")->click();
    }

    // The stand-in POPFile: MailShim's routing with '%', allowed to reach exactly one port.
    static Config standInConfig(quint16 port, quint16 next)
    {
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l;
        l.name = QStringLiteral("popfile");
        l.port = port;
        l.routing.enabled = true;
        l.routing.separator = '%';
        UpstreamConfig allowed = EngineTestbed::upstream(next, Security::Plain);
        allowed.host = QStringLiteral("127.0.0.1");
        l.routing.allow = {allowed};
        config.listeners = {l};
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ChainTestResult>();
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
    }

    void init() { openWizard(); }

    void cleanup() { QVERIFY(closeWizard()); }

    void openedFromTheTrayAndTheMainWindow()
    {
        TrayController tray(m_backend.get(), nullptr);
        QSignalSpy fromTray(&tray, &TrayController::chainWizardRequested);
        auto *trayEntry = tray.menu()->findChild<QAction *>(QStringLiteral("trayChainWizard"));
        QVERIFY(trayEntry);
        trayEntry->trigger();
        QCOMPARE(fromTray.size(), 1);
        MainWindow window(m_backend.get(), &m_store);
        QSignalSpy fromWindow(&window, &MainWindow::chainWizardRequested);
        auto *menuEntry = window.findChild<QAction *>(QStringLiteral("menuChainWizard"));
        QVERIFY(menuEntry);
        menuEntry->trigger();
        QCOMPARE(fromWindow.size(), 1);
    }

    void serverPageRefusesBadInput()
    {
        ChainWizard &w = *m_wizard;
        child<QLineEdit>(w, "chainServerEdit")->setText(QStringLiteral("not a host!"));
        child<QLineEdit>(w, "chainUserEdit")->setText(QStringLiteral("alice"));
        child<QAbstractButton>(w, "chainNext")->click();
        QCOMPARE(w.currentId(), int(ChainWizard::ServerPage));
        QVERIFY(child<QLabel>(w, "chainServerError")->text().contains(QStringLiteral("not a host!")));
        QCOMPARE(child<QLineEdit>(w, "chainUserEdit")->text(), QStringLiteral("alice")); // nothing lost
    }

    void parsesAnExistingName()
    {
        ChainWizard &w = *m_wizard;
        child<QLineEdit>(w, "chainParseEdit")->setText(QStringLiteral("127.0.0.1%110%pop.isp.net:110:user"));
        child<QAbstractButton>(w, "chainParseButton")->click();
        const QString shown = child<QLabel>(w, "chainParseResult")->text();
        QVERIFY2(shown.contains(QStringLiteral("pop.isp.net:110")) && shown.contains(QStringLiteral("\"user\"")),
                 qPrintable(shown));
        QCOMPARE(child<QLineEdit>(w, "chainServerEdit")->text(), QStringLiteral("pop.isp.net"));
        child<QAbstractButton>(w, "chainNext")->click();
        QCOMPARE(w.currentId(), int(ChainWizard::HopsPage));
        // The two parsed hops, and MailShim added next to the server.
        QCOMPARE(hopsPage()->hops().size(), 3);
        QCOMPARE(hopsPage()->hops().at(1).port, quint16(110));
        QCOMPARE(hopsPage()->hops().last().kind, ChainHopKind::MailShim);
    }

    void buildsTestsAndReportsAChain()
    {
        ChainWizard &w = *m_wizard;
        child<QLineEdit>(w, "chainServerEdit")->setText(m_dovecot.tlsHostName());
        child<QSpinBox>(w, "chainServerPortSpin")->setValue(m_dovecot.pop3sPort());
        auto *security = child<QComboBox>(w, "chainSecurityCombo");
        security->setCurrentIndex(security->findData(int(Security::Tls)));
        child<QLineEdit>(w, "chainUserEdit")->setText(DovecotFixture::user());
        child<QLineEdit>(w, "chainCaFileEdit")->setText(m_dovecot.caFile());
        child<QAbstractButton>(w, "chainNext")->click();
        QCOMPARE(w.currentId(), int(ChainWizard::HopsPage));
        QCOMPARE(hopNames(), QStringList{QStringLiteral("MailShim")});
        QVERIFY(hopsPage()->hops().first().port >= 3999);

        // An antivirus-style hop in front of MailShim cannot reach MailShim's port.
        addHop(ChainHopKind::Scanner);
        QCOMPARE(hopNames(), (QStringList{QStringLiteral("Antivirus"), QStringLiteral("MailShim")}));
        QVERIFY2(problemsText().contains(QStringLiteral("110")), qPrintable(problemsText()));
        QVERIFY(!child<QAbstractButton>(w, "chainNext")->isEnabled());
        // MailShim moved in front of it: the scanner now sits behind the encryption; the wizard says so.
        selectHop(QStringLiteral("MailShim"));
        child<QAbstractButton>(w, "chainMoveUp")->click();
        QCOMPARE(hopNames(), (QStringList{QStringLiteral("MailShim"), QStringLiteral("Antivirus")}));
        QVERIFY2(problemsText().contains(QStringLiteral("between MailShim and the server")),
                 qPrintable(problemsText()));
        QVERIFY(child<QAbstractButton>(w, "chainRecommendedOrder")->isEnabled());
        child<QAbstractButton>(w, "chainRecommendedOrder")->click();
        QCOMPARE(hopNames(), (QStringList{QStringLiteral("Antivirus"), QStringLiteral("MailShim")}));
        QVERIFY(!child<QAbstractButton>(w, "chainRecommendedOrder")->isEnabled());
        selectHop(QStringLiteral("Antivirus"));
        child<QAbstractButton>(w, "chainRemoveHop")->click();

        // POPFile in front; on MailShim's port first (a collision), then "Find free ports".
        addHop(ChainHopKind::PopFile);
        QCOMPARE(hopNames(), (QStringList{QStringLiteral("POPFile"), QStringLiteral("MailShim")}));
        selectHop(QStringLiteral("POPFile"));
        const quint16 standInPort = EngineTestbed::freePort();
        child<QSpinBox>(w, "chainHopPort")->setValue(hopsPage()->hops().at(1).port);
        QTest::keyClick(child<QLineEdit>(w, "chainHopSeparator"), Qt::Key_Backspace);
        QTest::keyClicks(child<QLineEdit>(w, "chainHopSeparator"), QStringLiteral("%"));
        QVERIFY2(problemsText().contains(QStringLiteral("both listen on port")), qPrintable(problemsText()));
        QVERIFY(!child<QAbstractButton>(w, "chainNext")->isEnabled());
        child<QAbstractButton>(w, "chainFindPorts")->click();
        QVERIFY2(!problemsText().contains(QStringLiteral("both listen")), qPrintable(problemsText()));
        selectHop(QStringLiteral("POPFile"));
        child<QSpinBox>(w, "chainHopPort")->setValue(standInPort);
        const quint16 mailShimPort = hopsPage()->hops().at(1).port;
        QVERIFY(mailShimPort != standInPort);
        const QString expectedUser = QStringLiteral("127.0.0.1%%1%alice").arg(mailShimPort);
        QCOMPARE(child<QLineEdit>(w, "chainUserPreview")->text(), expectedUser);
        QCOMPARE(child<ChainWizardDiagram>(w, "chainDiagram")->boxTexts(),
                 (QStringList{QStringLiteral("Mail program"), QStringLiteral("POPFile 127.0.0.1:%1").arg(standInPort),
                              QStringLiteral("MailShim 127.0.0.1:%1").arg(mailShimPort),
                              QStringLiteral("localhost:%1").arg(m_dovecot.pop3sPort())}));
        QVERIFY(child<QAbstractButton>(w, "chainNext")->isEnabled());

        // Going on writes MailShim's listener.
        child<QAbstractButton>(w, "chainNext")->click();
        QCOMPARE(w.currentId(), int(ChainWizard::ResultPage));
        QCOMPARE(m_saved.listeners.size(), 1);
        const ListenerConfig listener = m_saved.listeners.first();
        QCOMPARE(listener.port, mailShimPort);
        QVERIFY(!listener.routing.enabled);
        QCOMPARE(listener.upstream->host, m_dovecot.tlsHostName());
        QCOMPARE(listener.upstream->effectivePort(), m_dovecot.pop3sPort());
        QCOMPARE(listener.upstream->security, Security::Tls);
        QCOMPARE(listener.user, DovecotFixture::user());
        QCOMPARE(child<QLineEdit>(w, "chainResultServer")->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(child<QLineEdit>(w, "chainResultPort")->text(), QString::number(standInPort));
        QCOMPARE(child<QLineEdit>(w, "chainResultUser")->text(), expectedUser);
        const QString settings = child<QLabel>(w, "chainProxySettings")->text();
        QVERIFY2(settings.contains(QStringLiteral("POP3 listen port %1").arg(standInPort)), qPrintable(settings));

        // The stand-in POPFile starts as the wizard told it to; a real client reads mail through the chain.
        EngineTestbed popfile;
        QVERIFY(popfile.startConfig(standInConfig(standInPort, mailShimPort)));
        QVERIFY(QTest::qWaitFor(
            [&] { return m_backend->status(listener.name).state == ListenerStatus::State::Listening; }, 5000));
        {
            TestClient client;
            QVERIFY(client.connectTo(standInPort));
            const QByteArray answer = client.login(expectedUser.toUtf8(), DovecotFixture::password().toUtf8());
            QVERIFY2(answer.startsWith("+OK"), answer.constData());
            QVERIFY(client.command("RETR 1").startsWith("+OK"));
            QCOMPARE(client.readMultiLine().join("\r\n") + "\r\n", m_dovecot.messages().at(0));
            client.command("QUIT");
        }

        // Test chain with the keychain's password: nothing stored yet, so it asks; then it works.
        auto *page = qobject_cast<ChainWizardResultPage *>(w.currentPage());
        child<QAbstractButton>(w, "chainTestButton")->click();
        QVERIFY(QTest::qWaitFor([page] { return !page->isTesting(); }, 5000));
        QVERIFY2(child<QLabel>(w, "chainTestResult")->text().contains(QStringLiteral("alice@localhost")),
                 qPrintable(child<QLabel>(w, "chainTestResult")->text()));
        m_store.entries.insert(
            CredentialKey{m_dovecot.tlsHostName(), m_dovecot.pop3sPort(), DovecotFixture::user()}.toString(),
            DovecotFixture::password().toUtf8());
        child<QAbstractButton>(w, "chainTestButton")->click();
        QVERIFY(QTest::qWaitFor([page] { return !page->isTesting(); }, 30000));
        QVERIFY2(page->lastResult().ok(), qPrintable(page->lastResult().describe()));
        QVERIFY2(child<QLabel>(w, "chainTestResult")->text().contains(QStringLiteral("+OK 5 ")),
                 qPrintable(child<QLabel>(w, "chainTestResult")->text()));

        // The stand-in no longer allows MailShim's port: the Test button names it and shows its reply.
        QVERIFY(popfile.startConfig(standInConfig(standInPort, quint16(mailShimPort + 1))));
        child<QAbstractButton>(w, "chainTestButton")->click();
        QVERIFY(QTest::qWaitFor([page] { return !page->isTesting(); }, 30000));
        QCOMPARE(page->lastResult().hop, 0);
        const QString shown = child<QLabel>(w, "chainTestResult")->text();
        QVERIFY2(shown.contains(QStringLiteral("POPFile")) && shown.contains(QStringLiteral("allow-list")),
                 qPrintable(shown));
    }
};

QTEST_MAIN(TestChainWizard)
#include "tst_chainwizard.moc"
