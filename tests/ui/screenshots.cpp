// mailshim-screenshots: shows the real windows on a real X server (Xvfb, from scripts/screenshots.sh) and
// grabs them from the screen: the main window, the listener editor (receiving, sending, and signing in with OAuth 2.0),
// the setup wizard's probe, outgoing probe and result pages and its browser sign-in page (against the Postfix and
// Dovecot fixtures), the tray menu, and the proxy chain wizard's hops (diagram) and result pages, with POPFile and
// antivirus stand-ins (MailShim engines routing with '%' and
// ':') so Test chain runs. The UI language follows LANG, as in the program.

#include "dovecotfixture.h"
#include "engine/engine.h"
#include "memorycredentialstore.h"
#include "oauth/refreshtokenstore.h"
#include "postfixfixture.h"
#include "service/control/localenginebackend.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/chainwizard/chainwizardresultpage.h"
#include "ui/chainwizard/chainwizardtext.h"
#include "ui/common/translations.h"
#include "ui/listeners/listenereditor.h"
#include "ui/listeners/portcheck.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/servicepanel/servicecontrol.h"
#include "ui/servicepanel/servicepanel.h"
#include "ui/setupwizard/setupwizard.h"
#include "ui/setupwizard/wizardprobepage.h"
#include "ui/tray/autostart.h"
#include "ui/tray/traycontroller.h"
#include "widgetlookup.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <cstdio>

using namespace mailshim;

namespace {

bool grab(QWidget *widget, const QString &path)
{
    widget->show();
    widget->raise();
    widget->activateWindow();
    QTest::qWait(700); // let the window manager map and paint it
    const QRect frame = widget->frameGeometry();
    const QPixmap shot = widget->screen()->grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height());
    const bool ok = shot.save(path);
    std::fprintf(stdout, "%s %s (%dx%d)\n", ok ? "wrote" : "FAILED", qPrintable(path), shot.width(), shot.height());
    return ok;
}

Config demoConfig(const DovecotFixture &dovecot)
{
    Config config;
    config.logLevel = LogLevel::All;
    ListenerConfig isp;
    isp.name = QStringLiteral("pop.example.net");
    isp.port = 3999;
    isp.upstream = UpstreamConfig{QStringLiteral("localhost"), dovecot.pop3sPort(), Security::Tls, {}};
    isp.upstream->tls.caFile = dovecot.caFile();
    isp.user = DovecotFixture::user();
    ListenerConfig office = isp;
    office.name = QStringLiteral("office (STLS)");
    office.port = 4000;
    office.upstream->security = Security::Stls;
    office.upstream->port = dovecot.pop3Port();
    ListenerConfig old;
    old.name = QStringLiteral("old provider");
    old.port = 4001;
    old.upstream = UpstreamConfig{QStringLiteral("127.0.0.1"), 1, Security::Apop, {}};
    ListenerConfig off = old;
    off.name = QStringLiteral("scanner");
    off.port = 4002;
    off.enabled = false;
    ListenerConfig smtp;
    smtp.name = QStringLiteral("smtp.example.net");
    smtp.protocol = Protocol::Smtp;
    smtp.port = 3587;
    smtp.upstream = UpstreamConfig{QStringLiteral("localhost"), 0, Security::Tls, {}};
    smtp.upstream->protocol = Protocol::Smtp;
    smtp.user = DovecotFixture::user();
    config.listeners = {isp, office, old, off, smtp};
    return config;
}

// A stand-in for POPFile or an antivirus proxy: a MailShim engine that routes host:port:user with separator,
// allowed to reach only next. Ports as in the example when they are free, any free port otherwise.
quint16 startStandIn(Engine *engine, quint16 wanted, char separator, quint16 next)
{
    ListenerConfig l;
    l.name = QStringLiteral("stand-in");
    l.port = PortCheck::canListen(QHostAddress(QHostAddress::LocalHost), wanted) ? wanted : 0;
    if (!l.port) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        l.port = probe.serverPort();
    }
    l.routing.enabled = true;
    l.routing.separator = separator;
    l.routing.allow = {UpstreamConfig{QStringLiteral("127.0.0.1"), next, Security::Plain, {}}};
    Config config;
    config.listeners = {l};
    engine->apply(config);
    return l.port;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("MailShim"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mailshim-256.png")));
    Translations::install(&app);
    const QString outDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    const QString lang =
        QLocale::system().name().left(2) == QLatin1String("ja") ? QStringLiteral("ja") : QStringLiteral("en");
    const auto path = [&](const char *name) {
        return QStringLiteral("%1/%2-%3.png").arg(outDir, QLatin1String(name), lang);
    };

    PostfixFixture postfix; // with its own Dovecot, for the incoming side
    QString error;
    if (!postfix.start(&error)) {
        std::fprintf(stderr, "Postfix fixture: %s\n", qPrintable(error));
        return 1;
    }
    DovecotFixture &dovecot = postfix.dovecot();
    MemoryCredentialStore store;
    Config saved;
    Config demo = demoConfig(dovecot);
    demo.listeners.last().upstream->port = postfix.smtpsPort();
    demo.listeners.last().upstream->tls.caFile = postfix.caFile();
    LocalEngineBackend backend(
        demo,
        [&saved](const Config &c, QString *) {
            saved = c;
            return true;
        },
        &store);
    bool ok = true;

    // Main window, with one real session through each working listener and one failing.
    MainWindow window(&backend, &store);
    // The Background service section, asking the real mailshim-service for its state.
    Autostart autostart(QCoreApplication::applicationFilePath(), {});
    ServiceControl serviceControl(QStringLiteral(MAILSHIM_SERVICE_BINARY),
                                  dovecot.workDir() + QStringLiteral("/mailshim.json"),
                                  dovecot.workDir() + QStringLiteral("/control"));
    auto *servicePanel = new ServicePanel(&serviceControl, &backend, &autostart);
    window.setServicePanel(servicePanel);
    serviceControl.refresh();
    window.move(40, 40);
    window.show();
    for (quint16 port : {3999, 4000, 4001}) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, port);
        if (client.waitForConnected(2000)) {
            client.waitForReadyRead(2000);
            client.write("USER alice\r\nPASS secret\r\n");
            QTest::qWait(1500);
            client.write("STAT\r\nQUIT\r\n");
            QTest::qWait(300);
        }
    }
    window.selectListener(QStringLiteral("pop.example.net"));
    ok = QTest::qWaitFor([&] { return serviceControl.state() != ServiceControl::State::Unknown; }, 5000) && ok;
    ok = grab(&window, path("main-window")) && ok;
    ok = servicePanel->grab().save(path("service-panel")) && ok;

    // Listener editor, as Edit opens it.
    ListenerEditor editor(backend.config().listeners.first(), {}, &store, &window);
    editor.move(120, 30);
    ok = grab(&editor, path("listener-editor")) && ok;
    editor.hide();

    // The same for sending: a scanner's listener that may send without logging in, after a POP3 login.
    ListenerConfig scanner = backend.config().listeners.last();
    scanner.name = QStringLiteral("office scanner");
    scanner.port = 3588;
    scanner.upstream->security = Security::Stls;
    scanner.storedPassword = true;
    scanner.clientAuth = ClientAuth::Optional;
    scanner.popBeforeSmtp = PopBeforeSmtpConfig{QStringLiteral("pop.example.net"), 900, 5};
    ListenerEditor smtpEditor(scanner, backend.config().listeners, &store, &window);
    smtpEditor.move(120, 10);
    ok = grab(&smtpEditor, path("listener-editor-smtp")) && ok;
    smtpEditor.hide();

    // Signing in with Microsoft 365 instead of a password: a listener that is signed in.
    ListenerConfig m365;
    m365.name = QStringLiteral("contoso");
    m365.port = 3998;
    m365.upstream = UpstreamConfig{QStringLiteral("outlook.office365.com"), 0, Security::Tls, {}};
    m365.user = QStringLiteral("alice@contoso.com");
    m365.login = UpstreamLogin::OAuth2;
    m365.oauth.provider = QStringLiteral("microsoft");
    m365.oauth.tenant = QStringLiteral("contoso.com");
    m365.oauth.clientId = QStringLiteral("4f6c2a1e-8b3d-4c57-9e21-0d7a6b5c3f10");
    store.entries.insert(RefreshTokenStore::keyFor(m365.oauthAccount()).toString(), "demo");
    ListenerEditor oauthEditor(m365, backend.config().listeners, &store, &window);
    oauthEditor.move(120, 10);
    oauthEditor.show();
    // The sign-in group in view: the editor scrolls on a small screen.
    QTest::qWait(300);
    if (auto *scroll = oauthEditor.findChild<QScrollArea *>(QStringLiteral("editorScroll")))
        scroll->ensureWidgetVisible(child<QWidget>(oauthEditor, "oauthStatus"));
    ok = grab(&oauthEditor, path("listener-editor-oauth")) && ok;
    oauthEditor.hide();

    // Tray menu.
    TrayController tray(&backend, nullptr);
    tray.setServiceMenu(servicePanel->menu());
    tray.menu()->popup(QPoint(700, 120));
    ok = grab(tray.menu(), path("tray-menu")) && ok;
    tray.menu()->hide();

    // Setup wizard against the fixture: probe page, then the result page.
    SetupWizard wizard(&backend, &store, &window);
    wizard.move(100, 40);
    wizard.show();
    child<QLineEdit>(wizard, "addressEdit")->setText(QStringLiteral("alice@example.net"));
    child<QLineEdit>(wizard, "serverEdit")->setText(QStringLiteral("localhost"));
    child<QLineEdit>(wizard, "smtpServerEdit")->setText(QStringLiteral("localhost"));
    child<QLineEdit>(wizard, "userEdit")->setText(DovecotFixture::user());
    child<QLineEdit>(wizard, "passwordEdit")->setText(DovecotFixture::password());
    child<QCheckBox>(wizard, "storePasswordCheck")->setChecked(true);
    child<QSpinBox>(wizard, "plainPortSpin")->setValue(dovecot.pop3Port());
    child<QSpinBox>(wizard, "tlsPortSpin")->setValue(dovecot.pop3sPort());
    child<QSpinBox>(wizard, "submissionPortSpin")->setValue(postfix.submissionPort());
    child<QSpinBox>(wizard, "smtpTlsPortSpin")->setValue(postfix.smtpsPort());
    child<QLineEdit>(wizard, "caFileEdit")->setText(dovecot.caFile());
    ok = grab(&wizard, path("wizard-account")) && ok;
    child<QAbstractButton>(wizard, "wizardNext")->click();
    auto *probe = qobject_cast<WizardProbePage *>(wizard.currentPage());
    if (!QTest::qWaitFor([probe] { return probe && probe->probeFinished(); }, 30000)) {
        std::fprintf(stderr, "the probe did not finish\n");
        ok = false;
    }
    ok = grab(&wizard, path("wizard-probe")) && ok;
    child<QAbstractButton>(wizard, "wizardNext")->click();
    auto *outgoing = qobject_cast<WizardProbePage *>(wizard.currentPage());
    if (!QTest::qWaitFor([outgoing] { return outgoing && outgoing->probeFinished(); }, 30000)) {
        std::fprintf(stderr, "the outgoing probe did not finish\n");
        ok = false;
    }
    ok = grab(&wizard, path("wizard-outgoing")) && ok;
    child<QAbstractButton>(wizard, "wizardNext")->click();
    ok = grab(&wizard, path("wizard-result")) && ok;
    wizard.hide();

    // The setup wizard for a Microsoft 365 address: the browser sign-in instead of a password.
    SetupWizard oauthWizard(&backend, &store, &window);
    oauthWizard.move(100, 40);
    oauthWizard.show();
    QTest::keyClicks(child<QLineEdit>(oauthWizard, "addressEdit"), QStringLiteral("alice@contoso.onmicrosoft.com"));
    child<QCheckBox>(oauthWizard, "setUpSendingCheck")->setChecked(true);
    child<QAbstractButton>(oauthWizard, "wizardNext")->click();
    child<QLineEdit>(oauthWizard, "oauthClientIdEdit")->setText(QStringLiteral("4f6c2a1e-8b3d-4c57-9e21-0d7a6b5c3f10"));
    ok = grab(&oauthWizard, path("wizard-signin")) && ok;
    oauthWizard.hide();

    // Proxy chain wizard: POPFile (%) -> antivirus (:) -> MailShim's "pop.example.net" listener -> Dovecot.
    Engine antivirusEngine, popfileEngine;
    const quint16 antivirus = startStandIn(&antivirusEngine, 110, ':', 3999);
    const quint16 popfile = startStandIn(&popfileEngine, 123, '%', antivirus);
    ChainWizard chain(&backend, &store, &window);
    chain.move(80, 20);
    chain.show();
    child<QAbstractButton>(chain, "chainNext")->click(); // the server page starts from pop.example.net
    auto *kinds = child<QComboBox>(chain, "chainAddKind");
    kinds->setCurrentIndex(kinds->findData(int(ChainHopKind::PopFile)));
    child<QAbstractButton>(chain, "chainAddHop")->click();
    child<QAbstractButton>(chain, "chainAddHop")->click();
    auto *hops = child<QListWidget>(chain, "chainHopList");
    hops->setCurrentRow(0);
    child<QLineEdit>(chain, "chainHopSeparator")->setText(QStringLiteral("%"));
    child<QSpinBox>(chain, "chainHopPort")->setValue(popfile);
    hops->setCurrentRow(1);
    child<QLineEdit>(chain, "chainHopName")->setText(ChainWizardText::defaultName(ChainHopKind::Scanner));
    child<QSpinBox>(chain, "chainHopPort")->setValue(antivirus);
    hops->setCurrentRow(2);
    ok = grab(&chain, path("chain-hops")) && ok;
    child<QAbstractButton>(chain, "chainNext")->click();
    auto *result = qobject_cast<ChainWizardResultPage *>(chain.currentPage());
    if (!result) {
        std::fprintf(stderr, "the chain wizard did not reach its result page\n");
        return 1;
    }
    child<QAbstractButton>(chain, "chainTestButton")->click();
    if (!QTest::qWaitFor([result] { return !result->isTesting(); }, 30000) || !result->lastResult().ok()) {
        std::fprintf(stderr, "Test chain: %s\n", qPrintable(result->lastResult().describe()));
        ok = false;
    }
    ok = grab(&chain, path("chain-result")) && ok;
    return ok ? 0 : 1;
}
