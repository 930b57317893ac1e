// The tray menu and icon state over a real in-process engine: one checkable entry per listener that turns
// it on and off (a sending one says so), Pause all, the error state and tooltip when a port is taken, and one
// notification per new session failure. OAuth 2.0: a listener whose account must sign in again is notified once for
// many refused sessions, gets a "Sign in again to ..." entry, and its entry or notification asks for the sign-in.

#include "core/accesstokensource.h"
#include "enginetestbed.h"
#include "fakepop3server.h"
#include "service/control/localenginebackend.h"
#include "testclient.h"
#include "ui/tray/traycontroller.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace mailshim;

namespace {

struct TrayFixture
{
    Config saved;
    std::unique_ptr<LocalEngineBackend> backend;
    std::unique_ptr<TrayController> tray;

    explicit TrayFixture(quint16 firstPort = EngineTestbed::freePort(), Security security = Security::Plain,
                         quint16 serverPort = EngineTestbed::freePort())
    {
        Config config = EngineTestbed::baseConfig();
        ListenerConfig a;
        a.name = QStringLiteral("one");
        a.port = firstPort;
        a.upstream = UpstreamConfig{QStringLiteral("127.0.0.1"), serverPort, security, {}};
        ListenerConfig b = a;
        b.name = QStringLiteral("two");
        b.port = EngineTestbed::freePort();
        config.listeners = {a, b};
        backend = std::make_unique<LocalEngineBackend>(
            config,
            [this](const Config &c, QString *) {
                saved = c;
                return true;
            },
            nullptr);
        tray = std::make_unique<TrayController>(backend.get(), nullptr);
    }
    QAction *action(const QString &name) { return tray->menu()->findChild<QAction *>(name); }
};

// The provider refused the account's grant: every question gets SignInNeeded, as AccessTokenCache answers then.
class RefusedTokens final : public AccessTokenSource
{
public:
    int asked = 0;
    void accessToken(const OAuthAccount &, QObject *context,
                     std::function<void(const AccessTokenAnswer &)> done) override
    {
        ++asked;
        QTimer::singleShot(0, context, [done = std::move(done)] {
            done({AccessTokenAnswer::Status::SignInNeeded, {}, QStringLiteral("the provider refused the grant")});
        });
    }
    void tokenRejected(const OAuthAccount &, const QByteArray &) override {}
};

// One oauth2 listener on the real engine; the server is never reached (the token comes first).
struct OAuthTrayFixture
{
    RefusedTokens tokens;
    std::unique_ptr<LocalEngineBackend> backend;
    std::unique_ptr<TrayController> tray;
    quint16 port = EngineTestbed::freePort();

    OAuthTrayFixture()
    {
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l;
        l.name = QStringLiteral("m365");
        l.port = port;
        l.upstream = UpstreamConfig{QStringLiteral("127.0.0.1"), EngineTestbed::freePort(), Security::Tls, {}};
        l.user = QStringLiteral("alice@contoso.com");
        l.login = UpstreamLogin::OAuth2;
        l.oauth.provider = QStringLiteral("microsoft");
        l.oauth.clientId = QStringLiteral("app-id");
        config.listeners = {l};
        backend = std::make_unique<LocalEngineBackend>(
            config, [](const Config &, QString *) { return true; }, nullptr, nullptr, std::nullopt, &tokens);
        tray = std::make_unique<TrayController>(backend.get(), nullptr);
    }
    QAction *action(const QString &name) { return tray->menu()->findChild<QAction *>(name); }
    bool refusedSession()
    {
        TestClient client;
        if (!client.connectTo(port))
            return false;
        const QByteArray answer = client.login("alice@contoso.com", "anything");
        return answer.startsWith("-ERR [AUTH]") &&
               QTest::qWaitFor([this] { return backend->status(QStringLiteral("m365")).activeSessions == 0; });
    }
};

} // namespace

class TestTrayController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void menuHasTheEntries()
    {
        TrayFixture f;
        for (const char *name : {"trayOpen", "trayListener:one", "trayListener:two", "trayPause", "trayShowLog",
                                 "traySetupWizard", "trayAbout", "trayQuit"})
            QVERIFY2(f.action(QString::fromLatin1(name)), name);
        QVERIFY(!f.action(QStringLiteral("trayStartAtLogin"))); // no Autostart given
        QSignalSpy open(f.tray.get(), &TrayController::openRequested);
        f.action(QStringLiteral("trayOpen"))->trigger();
        QCOMPARE(open.size(), 1);
    }

    void aSendingListenerSaysSo()
    {
        // An SMTP listener's entry says it sends, and toggles like any other; a POP3 entry does not say so.
        TrayFixture f;
        Config config = f.backend->config();
        config.listeners[1].protocol = Protocol::Smtp;
        config.listeners[1].upstream->protocol = Protocol::Smtp;
        QVERIFY(f.backend->setConfig(config).isEmpty());
        QTRY_VERIFY(f.action(QStringLiteral("trayListener:two")) &&
                    f.action(QStringLiteral("trayListener:two"))->text().contains(QStringLiteral("sending")));
        QVERIFY(!f.action(QStringLiteral("trayListener:one"))->text().contains(QStringLiteral("sending")));
        f.action(QStringLiteral("trayListener:two"))->trigger();
        QVERIFY(!f.backend->config().listeners.at(1).enabled);
    }

    void listenerEntryTogglesTheListener()
    {
        TrayFixture f;
        QTRY_COMPARE(f.tray->state(), TrayController::State::Idle);
        QAction *two = f.action(QStringLiteral("trayListener:two"));
        QVERIFY(two->isChecked());
        two->trigger(); // off
        QVERIFY(!f.backend->config().listeners.at(1).enabled);
        QVERIFY(!f.saved.listeners.at(1).enabled);
        // The menu is rebuilt from the new config on the next turn of the event loop.
        QTRY_VERIFY(f.action(QStringLiteral("trayListener:two")) &&
                    !f.action(QStringLiteral("trayListener:two"))->isChecked());
        f.action(QStringLiteral("trayListener:two"))->trigger(); // on again
        QTRY_VERIFY(f.backend->config().listeners.at(1).enabled);
        QTRY_COMPARE(f.backend->status(QStringLiteral("two")).state, ListenerStatus::State::Listening);
    }

    void pauseAllClosesEveryPort()
    {
        TrayFixture f;
        const quint16 port = f.backend->config().listeners.first().port;
        QTRY_COMPARE(f.backend->status(QStringLiteral("one")).state, ListenerStatus::State::Listening);
        f.action(QStringLiteral("trayPause"))->trigger();
        QVERIFY(f.backend->isPaused());
        QCOMPARE(f.tray->state(), TrayController::State::Paused);
        QVERIFY(f.tray->toolTip().contains(QStringLiteral("Paused")));
        QVERIFY(f.backend->config().listeners.first().enabled); // the saved config is untouched
        TestClient client;
        QVERIFY(!client.connectTo(port, 300));
        f.action(QStringLiteral("trayPause"))->trigger();
        QVERIFY(!f.backend->isPaused());
        QTRY_VERIFY(client.connectTo(port, 300));
    }

    void takenPortShowsTheErrorState()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        TrayFixture f(squatter.serverPort());
        QTRY_COMPARE(f.backend->status(QStringLiteral("one")).state, ListenerStatus::State::Waiting);
        QTRY_COMPARE(f.tray->state(), TrayController::State::Error);
        QVERIFY2(f.tray->toolTip().contains(QStringLiteral("1 of 2 listeners up")), qPrintable(f.tray->toolTip()));
        squatter.close(); // the listener keeps retrying and gets the port
        QTRY_COMPARE_WITH_TIMEOUT(f.tray->state(), TrayController::State::Idle, 10000);
    }

    // The title comes from the kind of failure, not from the words of the message: an unreachable TLS server
    // ("cannot reach 127.0.0.1:995 (tls) ...") is unreachable, not a certificate problem.
    void sessionFailureNotifiesOnce_data()
    {
        QTest::addColumn<int>("security");
        QTest::newRow("plain") << int(Security::Plain);
        QTest::newRow("tls") << int(Security::Tls);
    }

    void sessionFailureNotifiesOnce()
    {
        QFETCH(int, security);
        TrayFixture f(EngineTestbed::freePort(), Security(security));
        QSignalSpy notified(f.tray.get(), &TrayController::notified);
        const quint16 port = f.backend->config().listeners.first().port;
        for (int i = 0; i < 2; ++i) {
            TestClient client;
            QVERIFY(client.connectTo(port));
            QVERIFY(client.login("alice", "secret").startsWith("-ERR"));
            QTRY_COMPARE(f.backend->status(QStringLiteral("one")).activeSessions, 0);
        }
        QTRY_COMPARE(notified.size(), 1); // the same error twice is news once
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("MailShim: mail server unreachable"));
        QCOMPARE(f.tray->state(), TrayController::State::Error);
        QVERIFY(f.tray->toolTip().contains(QStringLiteral("Last error: one:")));
    }

    void refusedLoginIsAnAccountFailure()
    {
        FakePop3Server::Behaviour behaviour;
        behaviour.authReply = "-ERR [AUTH] wrong password";
        FakePop3Server server(behaviour);
        const quint16 serverPort = server.listenLocal();
        TrayFixture f(EngineTestbed::freePort(), Security::Plain, serverPort);
        QSignalSpy notified(f.tray.get(), &TrayController::notified);
        TestClient client;
        QVERIFY(client.connectTo(f.backend->config().listeners.first().port));
        QVERIFY(client.login("alice", "wrong").startsWith("-ERR [AUTH]"));
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("MailShim: account login failed"));
        QCOMPARE(f.backend->status(QStringLiteral("one")).lastFailure, ServerError::Kind::Auth);
    }

    void signInAgainIsNotifiedOnce()
    {
        OAuthTrayFixture f;
        QTRY_COMPARE(f.backend->status(QStringLiteral("m365")).state, ListenerStatus::State::Listening);
        QSignalSpy notified(f.tray.get(), &TrayController::notified);
        QSignalSpy requested(f.tray.get(), &TrayController::signInRequested);
        QVERIFY(!f.action(QStringLiteral("traySignIn:m365")));
        for (int i = 0; i < 3; ++i)
            QVERIFY(f.refusedSession());
        QCOMPARE(f.tokens.asked, 3);
        QCOMPARE(f.backend->status(QStringLiteral("m365")).lastFailure, ServerError::Kind::SignInNeeded);
        // The engine in this program also hears it from its token cache: still the same news.
        f.tray->markSignInNeeded(QStringLiteral("m365"), QStringLiteral("refused"));
        QTest::qWait(50);
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("MailShim: sign in again"));
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("Sign in again to m365...")));
        QCOMPARE(f.tray->signInNeeded(), QStringList{QStringLiteral("m365")});
        QCOMPARE(f.tray->state(), TrayController::State::Error);

        // One click: the menu entry, or the notification.
        QAction *entry = f.action(QStringLiteral("traySignIn:m365"));
        QVERIFY(entry);
        QCOMPARE(entry->text(), QStringLiteral("Sign in again to m365..."));
        entry->trigger();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toString(), QStringLiteral("m365"));
        Q_EMIT f.tray->icon()->messageClicked();
        QCOMPARE(requested.size(), 2);

        // Signed in again: the entry goes, and a later refusal is news again.
        f.tray->clearSignInNeeded(QStringLiteral("m365"));
        QVERIFY(!f.action(QStringLiteral("traySignIn:m365")));
        Q_EMIT f.tray->icon()->messageClicked(); // the old notification opens nothing now
        QCOMPARE(requested.size(), 2);
        {
            // A client connects: the status changes but still shows the refusal from before the sign-in.
            TestClient client;
            QVERIFY(client.connectTo(f.port));
            QTRY_COMPARE(f.backend->status(QStringLiteral("m365")).activeSessions, 1);
            QTest::qWait(50);
            QCOMPARE(notified.size(), 1);
            QVERIFY(!f.action(QStringLiteral("traySignIn:m365")));
        }
        QTRY_COMPARE(f.backend->status(QStringLiteral("m365")).activeSessions, 0);
        QVERIFY(f.refusedSession());
        const auto signInNotes = [&notified] {
            return std::count_if(notified.begin(), notified.end(), [](const QList<QVariant> &n) {
                return n.at(0).toString() == QStringLiteral("MailShim: sign in again");
            });
        };
        QTRY_COMPARE(signInNotes(), 2); // (the client that left without logging in is a failure of its own)
        QVERIFY(f.action(QStringLiteral("traySignIn:m365")));
    }
};

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
