// Every window, page and menu of the tray program in Japanese, walked widget by widget: a label, button, title,
// placeholder, tooltip, list entry, table header or menu entry that is still English fails the test, with the
// window and the text named. What may stay in Latin letters (product and protocol names, addresses, the test's own
// data) is listed here, not guessed.

#include "enginetestbed.h"
#include "fakesmtpserver.h"
#include "memorycredentialstore.h"
#include "service/control/localenginebackend.h"
#include "setup/serverprobe.h"
#include "testclient.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/common/probetext.h"
#include "ui/common/translations.h"
#include "ui/listeners/listenereditor.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/servicepanel/servicecontrol.h"
#include "ui/servicepanel/servicepanel.h"
#include "ui/setupwizard/setupwizard.h"
#include "ui/tray/autostart.h"
#include "ui/tray/traycontroller.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QWizard>

using namespace mailshim;

namespace {

// Words and shapes that are the same in Japanese: names of products, protocols and settings, and the test's data.
bool mayStayLatin(const QString &text)
{
    static const QRegularExpression allowed(QStringLiteral(
        R"((?:\b(?:MailShim|POP3S?|SMTPS?|TLS|STLS|STARTTLS|APOP|SSL|SHA-256|OK|ERR|CAPA|USER|PASS|UIDL|STAT|RETR|)"
        R"(QUIT|NOOP|IPv6|IPv4|DNS|PEM|CA|POPFile|Outlook|Becky|Windows|Linux|systemd|GNOME|Keyring|Wine|)"
        R"(localhost|host|port|user|pin|pinSha256|caFile|plain|tls|stls|apop|JSON|UTC|Qt|OpenSSL|isp|alice|)"
        R"(spare|Dovecot|ID|URL|HTTP|LAN|PID|EHLO|AUTH|PLAIN|LOGIN|PIPELINING|8BITMIME|starttls|Google|Gmail|)"
        R"(Workspace|Microsoft|OAuth)\b)|(?:\S+\.\S+)|)"
        R"((?:\S*[/\\:@%]\S*)|(?:\d+))"));
    QString rest = text;
    rest.remove(allowed);
    return !rest.contains(QRegularExpression(QStringLiteral("[A-Za-z]{3,}")));
}

bool hasJapanese(const QString &text)
{
    for (const QChar c : text) {
        if ((c.unicode() >= 0x3040 && c.unicode() <= 0x30ff) || (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff))
            return true;
    }
    return false;
}

QString plain(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText();
}

// "window: text" for each English text under root.
class EnglishFinder
{
public:
    explicit EnglishFinder(QString window) : m_window(std::move(window)) {}

    void check(const QString &what, const QString &raw)
    {
        QString text = plain(raw);
        text.remove(QLatin1Char('&')); // mnemonics
        text = text.trimmed();
        if (text.isEmpty())
            return;
        ++checked;
        if (hasJapanese(text) || mayStayLatin(text))
            return;
        found << QStringLiteral("%1 / %2: \"%3\"").arg(m_window, what, text);
    }

    void walk(QWidget *root)
    {
        QList<QWidget *> widgets = root->findChildren<QWidget *>();
        widgets.prepend(root);
        for (QWidget *w : std::as_const(widgets)) {
            const QString name =
                w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName();
            if (w->isWindow())
                check(name + QStringLiteral(" title"), w->windowTitle());
            check(name + QStringLiteral(" tooltip"), w->toolTip());
            if (auto *label = qobject_cast<QLabel *>(w))
                check(name, label->text());
            else if (auto *button = qobject_cast<QAbstractButton *>(w))
                check(name, button->text());
            if (auto *box = qobject_cast<QGroupBox *>(w))
                check(name, box->title());
            if (auto *edit = qobject_cast<QLineEdit *>(w))
                check(name + QStringLiteral(" placeholder"), edit->placeholderText());
            if (auto *combo = qobject_cast<QComboBox *>(w)) {
                for (int i = 0; i < combo->count(); ++i)
                    check(name + QStringLiteral(" item"), combo->itemText(i));
            }
            if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
                for (int i = 0; i < tabs->count(); ++i)
                    check(name + QStringLiteral(" tab"), tabs->tabText(i));
            }
            if (auto *page = qobject_cast<QWizardPage *>(w)) {
                check(name + QStringLiteral(" page title"), page->title());
                check(name + QStringLiteral(" page subtitle"), page->subTitle());
            }
            if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
                const QAbstractItemModel *model = view->model();
                for (int c = 0; c < model->columnCount(); ++c)
                    check(name + QStringLiteral(" header"), model->headerData(c, Qt::Horizontal).toString());
                for (int r = 0; r < model->rowCount(); ++r) {
                    for (int c = 0; c < model->columnCount(); ++c)
                        check(name + QStringLiteral(" cell"), model->index(r, c).data().toString());
                }
            }
            for (QAction *action : w->actions())
                walkAction(name, action);
        }
    }

    void walkMenu(const QString &name, QMenu *menu)
    {
        check(name + QStringLiteral(" title"), menu->title());
        for (QAction *action : menu->actions())
            walkAction(name, action);
    }

    QStringList found;
    int checked = 0; // texts looked at: a walk that saw nothing proves nothing

private:
    void walkAction(const QString &name, QAction *action)
    {
        if (action->isSeparator())
            return;
        check(name + QStringLiteral(" menu"), action->text());
        if (action->menu())
            walkMenu(name, action->menu());
    }

    QString m_window;
};

ListenerConfig demoListener()
{
    ListenerConfig l;
    l.name = QStringLiteral("isp");
    l.port = 3999;
    l.user = QStringLiteral("alice");
    UpstreamConfig upstream;
    upstream.host = QStringLiteral("pop.example.net");
    upstream.port = 35799;
    upstream.security = Security::Tls;
    l.upstream = upstream;
    return l;
}

// A sending listener that uses every SMTP option, so each of its texts is shown.
ListenerConfig demoSmtpListener()
{
    ListenerConfig l;
    l.name = QStringLiteral("isp (SMTP)");
    l.protocol = Protocol::Smtp;
    l.port = 3587;
    l.user = QStringLiteral("alice");
    l.storedPassword = true;
    l.clientAuth = ClientAuth::Optional;
    l.popBeforeSmtp = PopBeforeSmtpConfig{QStringLiteral("isp"), 900, 5};
    UpstreamConfig upstream;
    upstream.protocol = Protocol::Smtp;
    upstream.host = QStringLiteral("smtp.example.net");
    upstream.security = Security::Stls;
    l.upstream = upstream;
    return l;
}

// What the outgoing probe says about a server, as the wizard and the Test button show it.
ProbeReport probeSmtp(const FakeSmtpServer::Behaviour &behaviour)
{
    FakeSmtpServer server(behaviour);
    ProbeRequest request;
    request.protocol = Protocol::Smtp;
    request.host = QStringLiteral("127.0.0.1");
    request.plainPort = server.listenLocal();
    request.tlsPort = 0;
    request.user = "alice";
    request.password = "secret";
    ServerProbe probe;
    QSignalSpy finished(&probe, &ServerProbe::finished);
    probe.start(request);
    if (!finished.wait(20000))
        return {};
    return finished.first().first().value<ProbeReport>();
}

} // namespace

class TestJapaneseWindows : public QObject
{
    Q_OBJECT

private:
    MemoryCredentialStore m_store;
    std::unique_ptr<LocalEngineBackend> m_backend;

    LocalEngineBackend *backend()
    {
        Config config;
        config.listeners << demoListener() << demoSmtpListener();
        m_backend = std::make_unique<LocalEngineBackend>(
            config, [](const Config &, QString *) { return true; }, &m_store);
        return m_backend.get();
    }

    static void verifyNone(const EnglishFinder &finder, int atLeast)
    {
        QVERIFY2(finder.checked >= atLeast, qPrintable(QStringLiteral("only %1 texts seen").arg(finder.checked)));
        QVERIFY2(finder.found.isEmpty(),
                 qPrintable(QStringLiteral("English in the Japanese UI:\n") + finder.found.join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(Translations::install(qApp, QLocale(QLocale::Japanese, QLocale::Japan))); }

    void finderFindsEnglish()
    {
        // The walk can fail: an English label is caught, a Japanese one and a host name are not.
        QWidget root;
        auto *english = new QLabel(QStringLiteral("The login test succeeded."), &root);
        english->setObjectName(QStringLiteral("english"));
        new QLabel(QStringLiteral("ログインに成功しました (pop.example.net:995)"), &root);
        new QLabel(QStringLiteral("pop.example.net:35799"), &root);
        EnglishFinder finder(QStringLiteral("probe"));
        finder.walk(&root);
        QCOMPARE(finder.found.size(), 1);
        QVERIFY(finder.found.first().contains(QStringLiteral("english")));
    }

    void mainWindowAndServicePanel()
    {
        QTemporaryDir dir;
        MainWindow window(backend(), &m_store);
        Autostart autostart(QCoreApplication::applicationFilePath(), {});
        ServiceControl control(QStringLiteral("/nonexistent/mailshim-service"), dir.filePath(QStringLiteral("c.json")),
                               dir.filePath(QStringLiteral("control")));
        auto *panel = new ServicePanel(&control, m_backend.get(), &autostart);
        window.setServicePanel(panel);
        window.show();
        EnglishFinder finder(QStringLiteral("main window"));
        finder.walk(&window);
        finder.walkMenu(QStringLiteral("service menu"), panel->menu());
        verifyNone(finder, 40);
    }

    void trayMenu()
    {
        Autostart autostart(QCoreApplication::applicationFilePath(), {});
        TrayController tray(backend(), &autostart);
        EnglishFinder finder(QStringLiteral("tray menu"));
        finder.walkMenu(QStringLiteral("tray"), tray.menu());
        verifyNone(finder, 8);
    }

    void notificationOfAFailedSession()
    {
        // A real session fails (nothing listens on the server's port); the tray's notification, title and body,
        // is in Japanese: the body is the engine's own record of the failure, worded for the window.
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l = demoListener();
        l.port = EngineTestbed::freePort();
        l.upstream->host = QStringLiteral("127.0.0.1");
        l.upstream->port = EngineTestbed::freePort();
        config.listeners = {l};
        LocalEngineBackend backend(
            config, [](const Config &, QString *) { return true; }, &m_store);
        TrayController tray(&backend, nullptr);
        QSignalSpy notified(&tray, &TrayController::notified);
        TestClient client;
        QVERIFY(client.connectTo(l.port));
        QVERIFY(client.login("alice", "secret").startsWith("-ERR")); // the client's protocol stays English
        QTRY_COMPARE(notified.size(), 1);
        EnglishFinder finder(QStringLiteral("notification"));
        finder.check(QStringLiteral("title"), notified.first().at(0).toString());
        finder.check(QStringLiteral("body"), notified.first().at(1).toString());
        verifyNone(finder, 2);
    }

    void listenerEditor()
    {
        ListenerEditor editor(demoListener(), {}, &m_store);
        editor.show();
        EnglishFinder finder(QStringLiteral("listener editor"));
        finder.walk(&editor);
        verifyNone(finder, 25);
    }

    void smtpListenerEditor()
    {
        // Every SMTP text: the options ticked (as read from the file), then unticked, then without a POP3 listener.
        ListenerEditor editor(demoSmtpListener(), {demoListener()}, &m_store);
        editor.show();
        EnglishFinder finder(QStringLiteral("listener editor (SMTP)"));
        finder.walk(&editor);
        editor.findChild<QAbstractButton *>(QStringLiteral("clientAuthOptionalCheck"))->click();
        editor.findChild<QAbstractButton *>(QStringLiteral("popBeforeSmtpCheck"))->click();
        finder.walk(&editor);
        ListenerConfig lone = demoSmtpListener();
        lone.popBeforeSmtp.reset();
        lone.storedPassword = false;
        ListenerEditor empty(lone, {}, &m_store);
        empty.show();
        empty.findChild<QAbstractButton *>(QStringLiteral("okButton"))->click(); // refused: no stored password
        QVERIFY(empty.isVisible());
        finder.walk(&empty);
        verifyNone(finder, 60);
    }

    void outgoingProbeFindings()
    {
        // The probe's reasons are the engine's sentences, worded in Japanese: a STARTTLS answer with injected bytes,
        // a server without STARTTLS, and one that greets with an error.
        FakeSmtpServer::Behaviour injected;
        injected.greeting = {"220 fake.example"};
        injected.injectAfterStartTls = "250 2.0.0 injected\r\n";
        FakeSmtpServer::Behaviour noStartTls = injected;
        noStartTls.ehlo = {"250-fake.example", "250-PIPELINING", "250 8BITMIME"};
        FakeSmtpServer::Behaviour busy = injected;
        busy.greeting = {"421 4.3.2"};
        EnglishFinder finder(QStringLiteral("outgoing probe"));
        for (const FakeSmtpServer::Behaviour &behaviour : {injected, noStartTls, busy}) {
            const ProbeReport report = probeSmtp(behaviour);
            QVERIFY(!report.reason.isEmpty());
            finder.check(QStringLiteral("reason"), report.reason);
            finder.check(QStringLiteral("findings"), ProbeText::html(report));
        }
        verifyNone(finder, 6);
    }

    void setupWizardResultForBothDirections()
    {
        SetupWizard wizard(backend(), &m_store);
        wizard.created = demoListener();
        wizard.createdOutgoing = demoSmtpListener();
        wizard.show();
        wizard.page(SetupWizard::ResultPage)->initializePage();
        EnglishFinder finder(QStringLiteral("setup wizard result"));
        finder.walk(wizard.page(SetupWizard::ResultPage));
        wizard.createdOutgoing.popBeforeSmtp.reset();
        wizard.outgoingReport.loginOk = false;
        wizard.outgoingReport.loginReply = QStringLiteral("535 5.7.8");
        wizard.page(SetupWizard::ResultPage)->initializePage();
        finder.walk(wizard.page(SetupWizard::ResultPage));
        verifyNone(finder, 30);
    }

    void setupWizardPages()
    {
        SetupWizard wizard(backend(), &m_store);
        wizard.show();
        EnglishFinder finder(QStringLiteral("setup wizard"));
        for (int id : wizard.pageIds())
            finder.walk(wizard.page(id));
        finder.walk(&wizard);
        verifyNone(finder, 20);
    }

    void chainWizardPages()
    {
        ChainWizard wizard(backend(), &m_store);
        wizard.show();
        EnglishFinder finder(QStringLiteral("proxy chain wizard"));
        for (int id : wizard.pageIds())
            finder.walk(wizard.page(id));
        finder.walk(&wizard);
        verifyNone(finder, 20);
    }
};

QTEST_MAIN(TestJapaneseWindows)
#include "tst_japanesewindows.moc"
