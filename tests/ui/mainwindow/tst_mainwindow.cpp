// The main window over a real in-process engine: the table shows each listener's live state from signals,
// its Enabled checkbox and Remove change the saved config, a failed session's error appears in "Last
// connection", and the log pane filters by level and text. OAuth 2.0: a listener refused with SignInNeeded says "sign
// in again" until a sign-in in this program, and again after a later refusal.

#include "core/accesstokensource.h"
#include "enginetestbed.h"
#include "memorycredentialstore.h"
#include "service/control/localenginebackend.h"
#include "testclient.h"
#include "ui/common/signinlauncher.h"
#include "ui/listeners/listenereditor.h"
#include "ui/mainwindow/listenertablemodel.h"
#include "ui/mainwindow/logview.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace mailshim;

namespace {

// A backend whose "file" is a member, with two listeners on free ports.
struct WindowFixture
{
    Config saved;
    int saves = 0;
    MemoryCredentialStore store;
    std::unique_ptr<LocalEngineBackend> backend;
    std::unique_ptr<MainWindow> window;
    quint16 refusedPort = 0;

    WindowFixture()
    {
        QTcpServer probe; // a port nobody listens on: sessions through "broken" fail with "refused"
        probe.listen(QHostAddress::LocalHost, 0);
        refusedPort = probe.serverPort();
        probe.close();
        Config config = EngineTestbed::baseConfig();
        config.logLevel = LogLevel::All;
        ListenerConfig a;
        a.name = QStringLiteral("broken");
        a.port = EngineTestbed::freePort();
        a.upstream = UpstreamConfig{QStringLiteral("127.0.0.1"), refusedPort, Security::Plain, {}};
        ListenerConfig b;
        b.name = QStringLiteral("spare");
        b.port = EngineTestbed::freePort();
        b.upstream = UpstreamConfig{QStringLiteral("pop.example.net"), 0, Security::Tls, {}};
        config.listeners = {a, b};
        saved = config;
        backend = std::make_unique<LocalEngineBackend>(
            config,
            [this](const Config &c, QString *) {
                saved = c;
                ++saves;
                return true;
            },
            &store);
        window = std::make_unique<MainWindow>(backend.get(), &store);
        window->show();
    }
    QTableView *table() { return window->findChild<QTableView *>(QStringLiteral("listenerTable")); }
    QString cell(int row, int column) { return table()->model()->index(row, column).data().toString(); }
};

// The provider refused the account's grant: every question gets SignInNeeded, as AccessTokenCache answers then.
class RefusedTokens final : public AccessTokenSource
{
public:
    void accessToken(const OAuthAccount &, QObject *context,
                     std::function<void(const AccessTokenAnswer &)> done) override
    {
        QTimer::singleShot(0, context, [done = std::move(done)] {
            done({AccessTokenAnswer::Status::SignInNeeded, {}, QStringLiteral("the provider refused the grant")});
        });
    }
    void tokenRejected(const OAuthAccount &, const QByteArray &) override {}
};

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSendingListenerIsShownAsSuch()
    {
        // What a listener is for, and SMTP's name for its mode: "starttls", port 587 by default.
        WindowFixture f;
        QCOMPARE(f.cell(1, ListenerTableModel::Kind), QStringLiteral("Receiving (POP3)"));
        Config config = f.backend->config();
        config.listeners[1].protocol = Protocol::Smtp;
        config.listeners[1].upstream->protocol = Protocol::Smtp;
        config.listeners[1].upstream->security = Security::Stls;
        QVERIFY(f.backend->setConfig(config).isEmpty());
        QCOMPARE(f.cell(1, ListenerTableModel::Kind), QStringLiteral("Sending (SMTP)"));
        QCOMPARE(f.cell(1, ListenerTableModel::SecurityMode), QStringLiteral("starttls"));
        QCOMPARE(f.cell(1, ListenerTableModel::Server), QStringLiteral("pop.example.net:587"));
        QVERIFY(f.table()
                    ->model()
                    ->index(1, ListenerTableModel::SecurityMode)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("submission port")));
    }

    void tableShowsListenersAndLiveStatus()
    {
        WindowFixture f;
        QCOMPARE(f.table()->model()->rowCount(), 2);
        QCOMPARE(f.cell(0, ListenerTableModel::Name), QStringLiteral("broken"));
        QCOMPARE(f.cell(1, ListenerTableModel::Server), QStringLiteral("pop.example.net:995"));
        QCOMPARE(f.cell(1, ListenerTableModel::SecurityMode), QStringLiteral("tls"));
        QTRY_COMPARE(f.cell(0, ListenerTableModel::Status), QStringLiteral("listening"));
        QCOMPARE(f.cell(0, ListenerTableModel::LastConnection), QStringLiteral("never"));
        QVERIFY(f.window->findChild<QLabel *>(QStringLiteral("engineLocation"))
                    ->text()
                    .contains(QStringLiteral("in this program")));

        // A session that cannot reach its server: the row updates by itself.
        TestClient client;
        QVERIFY(client.connectTo(f.backend->config().listeners.first().port));
        const QByteArray answer = client.login("alice", "secret");
        QVERIFY2(answer.startsWith("-ERR"), answer.constData());
        QTRY_VERIFY(f.cell(0, ListenerTableModel::LastConnection).contains(QStringLiteral("refused")));
        QTRY_COMPARE(f.cell(0, ListenerTableModel::Sessions), QStringLiteral("0/1"));
    }

    void enabledCheckboxTurnsAListenerOffAndSavesIt()
    {
        WindowFixture f;
        const quint16 port = f.backend->config().listeners.at(1).port;
        QTRY_COMPARE(f.cell(1, ListenerTableModel::Status), QStringLiteral("listening"));
        QAbstractItemModel *model = f.table()->model();
        QVERIFY(model->setData(model->index(1, ListenerTableModel::Enabled), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(f.saves, 1);
        QVERIFY(!f.saved.listeners.at(1).enabled);
        QCOMPARE(f.cell(1, ListenerTableModel::Status), QStringLiteral("off"));
        TestClient client;
        QTRY_VERIFY(!client.connectTo(port, 200)); // the port is closed
        QVERIFY(model->setData(model->index(1, ListenerTableModel::Enabled), Qt::Checked, Qt::CheckStateRole));
        QTRY_COMPARE(f.cell(1, ListenerTableModel::Status), QStringLiteral("listening"));
    }

    void removeAsksAndRemoves()
    {
        WindowFixture f;
        f.window->selectListener(QStringLiteral("spare"));
        QTimer::singleShot(0, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
        f.window->findChild<QPushButton *>(QStringLiteral("removeButton"))->click();
        QCOMPARE(f.saved.listeners.size(), 1);
        QCOMPARE(f.table()->model()->rowCount(), 1);
        QCOMPARE(f.cell(0, ListenerTableModel::Name), QStringLiteral("broken"));
    }

    // An SMTP listener "send" that uses "spare" for POP before SMTP: renaming "spare" in the editor carries the
    // reference along, and removing it says that "send" goes too (and removes both); cancelling keeps both.
    void popBeforeSmtpReferenceFollowsRenameAndRemove()
    {
        WindowFixture f;
        Config config = f.backend->config();
        ListenerConfig send;
        send.name = QStringLiteral("send");
        send.protocol = Protocol::Smtp;
        send.port = EngineTestbed::freePort();
        send.upstream = UpstreamConfig{QStringLiteral("smtp.example.net"), 0, Security::Tls, {}, Protocol::Smtp};
        send.popBeforeSmtp = PopBeforeSmtpConfig{QStringLiteral("spare"), 900, 5};
        config.listeners.append(send);
        QVERIFY(f.backend->setConfig(config).isEmpty());

        f.window->selectListener(QStringLiteral("spare"));
        bool accepted = false;
        QTimer::singleShot(0, [&] {
            auto *editor = qobject_cast<ListenerEditor *>(QApplication::activeModalWidget());
            if (!editor)
                return;
            editor->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("inbox"));
            editor->findChild<QPushButton *>(QStringLiteral("okButton"))->click();
            accepted = !editor->isVisible();
            if (!accepted)
                editor->findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
        });
        f.window->findChild<QPushButton *>(QStringLiteral("editButton"))->click();
        QVERIFY(accepted);
        QCOMPARE(f.saved.listeners.size(), 3);
        QCOMPARE(f.saved.listeners.at(1).name, QStringLiteral("inbox"));
        QVERIFY(f.saved.listeners.at(2).popBeforeSmtp);
        QCOMPARE(f.saved.listeners.at(2).popBeforeSmtp->listener, QStringLiteral("inbox"));

        // Remove, answered No: nothing changes. Then Yes: both go, and the config stays valid.
        for (const auto answer : {QMessageBox::No, QMessageBox::Yes}) {
            f.window->selectListener(QStringLiteral("inbox"));
            QString asked;
            QTimer::singleShot(0, [&asked, answer] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                asked = box->text();
                box->button(answer)->click();
            });
            f.window->findChild<QPushButton *>(QStringLiteral("removeButton"))->click();
            QVERIFY2(asked.contains(QStringLiteral("\"send\"")) && asked.contains(QStringLiteral("removed too")),
                     qPrintable(asked));
            QCOMPARE(f.saved.listeners.size(), answer == QMessageBox::No ? 3 : 1);
        }
        QCOMPARE(f.saved.listeners.at(0).name, QStringLiteral("broken"));
        QCOMPARE(f.table()->model()->rowCount(), 1);
    }

    void logPaneFiltersByLevelAndText()
    {
        WindowFixture f;
        TestClient client;
        QVERIFY(client.connectTo(f.backend->config().listeners.first().port));
        client.login("alice", "secret");
        QTableView *log = f.window->findChild<QTableView *>(QStringLiteral("logTable"));
        QTRY_VERIFY(log->model()->rowCount() > 3);
        const int all = log->model()->rowCount();
        auto *level = f.window->findChild<QComboBox *>(QStringLiteral("logLevelFilter"));
        level->setCurrentIndex(0); // Major
        const int major = log->model()->rowCount();
        QVERIFY(major > 0 && major < all);
        level->setCurrentIndex(level->count() - 1);
        f.window->findChild<QLineEdit *>(QStringLiteral("logSearch"))->setText(QStringLiteral("REFUSED"));
        QVERIFY(log->model()->rowCount() > 0);
        for (int row = 0; row < log->model()->rowCount(); ++row)
            QVERIFY(
                log->model()->index(row, 3).data().toString().contains(QStringLiteral("refused"), Qt::CaseInsensitive));
        QVERIFY(f.window->logView()->selectedText().contains(QStringLiteral("refused")));
    }

    // What only the engine's validation catches (a listener that would forward to itself) is shown in the
    // editor, which stays open, and nothing is saved.
    void engineRefusalIsShownInTheEditor()
    {
        WindowFixture f;
        const quint16 port = EngineTestbed::freePort();
        QString shown;
        bool stayedOpen = false;
        QTimer::singleShot(0, [&] {
            auto *editor = qobject_cast<ListenerEditor *>(QApplication::activeModalWidget());
            if (!editor)
                return;
            editor->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("loop"));
            editor->findChild<QSpinBox *>(QStringLiteral("localPortSpin"))->setValue(port);
            editor->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(QStringLiteral("127.0.0.1"));
            auto *security = editor->findChild<QComboBox *>(QStringLiteral("securityCombo"));
            security->setCurrentIndex(security->findData(int(Security::Plain)));
            editor->findChild<QSpinBox *>(QStringLiteral("serverPortSpin"))->setValue(port);
            editor->findChild<QPushButton *>(QStringLiteral("okButton"))->click();
            stayedOpen = editor->isVisible();
            shown = editor->findChild<QLabel *>(QStringLiteral("issueLabel"))->text();
            editor->findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
        });
        f.window->findChild<QPushButton *>(QStringLiteral("addButton"))->click(); // returns when the editor closes
        QVERIFY(stayedOpen);
        QVERIFY2(shown.contains(QStringLiteral("listeners[2].upstream")) && shown.contains(QStringLiteral("loop")),
                 qPrintable(shown));
        QCOMPARE(f.saves, 0);
        QCOMPARE(f.backend->config().listeners.size(), 2);
    }

    void badEditIsRefusedWithTheFieldNamed()
    {
        WindowFixture f;
        Config bad = f.backend->config();
        bad.listeners[1].port = bad.listeners[0].port; // both enabled on one port
        const QList<ConfigIssue> issues = f.backend->setConfig(bad);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().field, QStringLiteral("listeners[1].listen"));
        QCOMPARE(f.saves, 0); // nothing saved, nothing applied
        QCOMPARE(f.backend->config().listeners[1].port, f.saved.listeners[1].port);
    }

    // Without a tray, closing the window would quit and stop every listener: it asks, and each answer does what
    // it says. Enter keeps it running, Esc cancels.
    void closingWithoutATrayAsks_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<bool>("minimized");
        QTest::newRow("cancel") << QStringLiteral("closeCancel") << false << false;
        QTest::newRow("keep running") << QStringLiteral("closeKeepRunning") << false << true;
        QTest::newRow("stop and quit") << QStringLiteral("closeStopAndQuit") << true << false;
    }

    void closingWithoutATrayAsks()
    {
        QFETCH(QString, button);
        QFETCH(bool, closed);
        QFETCH(bool, minimized);
        QApplication::setQuitOnLastWindowClosed(false);
        WindowFixture f;
        f.window->setTrayAvailable(false);
        QString asked;
        QTimer::singleShot(0, f.window.get(), [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text();
            QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("closeKeepRunning"));
            QCOMPARE(box->escapeButton()->objectName(), QStringLiteral("closeCancel"));
            box->findChild<QAbstractButton *>(button)->click();
        });
        QCOMPARE(f.window->close(), closed);
        QVERIFY2(asked.contains(QStringLiteral("quits MailShim")), qPrintable(asked));
        QCOMPARE(f.window->isVisible(), !closed);
        QCOMPARE(f.window->isMinimized(), minimized);
    }

    // With a tray (or while the window shows the background service, which goes on without this program),
    // closing just hides the window.
    void closingWithATrayOrAServiceDoesNotAsk()
    {
        QApplication::setQuitOnLastWindowClosed(false);
        for (const bool tray : {true, false}) {
            WindowFixture f;
            f.window->setTrayAvailable(tray);
            f.window->setQuitStopsForwarding([] { return false; });
            if (tray)
                f.window->setQuitStopsForwarding({});
            bool asked = false;
            QTimer::singleShot(0, f.window.get(), [&] {
                if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                    asked = true;
                    box->findChild<QAbstractButton *>(QStringLiteral("closeStopAndQuit"))->click();
                }
            });
            QVERIFY(f.window->close());
            QVERIFY(!asked);
            QVERIFY(!f.window->isVisible());
        }
    }

    void signInAgainUntilSignedIn()
    {
        RefusedTokens tokens;
        MemoryCredentialStore store;
        Config config = EngineTestbed::baseConfig();
        ListenerConfig l;
        l.name = QStringLiteral("m365");
        l.port = EngineTestbed::freePort();
        l.upstream = UpstreamConfig{QStringLiteral("127.0.0.1"), EngineTestbed::freePort(), Security::Tls, {}};
        l.user = QStringLiteral("alice@contoso.com");
        l.login = UpstreamLogin::OAuth2;
        l.oauth.provider = QStringLiteral("microsoft");
        l.oauth.clientId = QStringLiteral("app-id");
        config.listeners = {l};
        LocalEngineBackend backend(
            config, [](const Config &, QString *) { return true; }, nullptr, nullptr, std::nullopt, &tokens);
        MainWindow window(&backend, &store);
        SignInLauncher launcher(&store);
        window.setSignInLauncher(&launcher);
        window.show();
        const auto status = [&window] {
            return window.findChild<QTableView *>(QStringLiteral("listenerTable"))
                ->model()
                ->index(0, ListenerTableModel::Status)
                .data()
                .toString();
        };
        const auto refused = [&] {
            TestClient client;
            return client.connectTo(l.port) && client.login("alice@contoso.com", "any").startsWith("-ERR [AUTH]");
        };
        QTRY_COMPARE(status(), QStringLiteral("listening"));
        QVERIFY(refused());
        QTRY_COMPARE(status(), QStringLiteral("sign in again"));

        Q_EMIT launcher.signedIn(l.oauthAccount()); // what a sign-in in the editor or the tray says
        QCOMPARE(status(), QStringLiteral("listening"));
        {
            TestClient client; // a status change that still carries the old refusal
            QVERIFY(client.connectTo(l.port));
            QTRY_COMPARE(backend.status(l.name).activeSessions, 1);
            QCOMPARE(status(), QStringLiteral("listening"));
        }
        QTest::qWait(10); // the next session ends after the sign-in, on the clock's resolution
        QVERIFY(refused());
        QTRY_COMPARE(status(), QStringLiteral("sign in again"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
