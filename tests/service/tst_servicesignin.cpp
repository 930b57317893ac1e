// `mailshim-service --sign-in <listener>` end to end (issue 20, item 3), against the real OpenID provider
// (OidcFixture), the real Dovecot validating the tokens (passdb oauth2) and a throwaway Secret Service
// (tests/ui/with-keyring.sh), the store the service uses on Linux. The test reads the authorization URL from the
// command's output and lets the test browser (oidcbrowser.py) follow it, as a person would with the printed address:
// - no such listener (12), a password listener (13), no browser in time (11), Ctrl+C (15);
// - without a running service: the refresh token lands in the keychain; the service started afterwards reads mail
//   with it (its engine gets access tokens: item 1);
// - with the service running and the grant revoked: the service's listener says "sign in again"; --sign-in then hands
//   the new refresh token to the running service over the control channel, which uses it from the next login, with no
//   restart (item 2).
// No token reaches the service's log or the command's output.
//
// The service and the command trust the provider's test CA through a private /etc/ssl/certs (a mount namespace, as
// root, like tst_bootrobustness's /etc/hosts): nothing in MailShim trusts a test CA.

#include "credentials/credentialstore.h"
#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "oauth/refreshtokenstore.h"
#include "oidcfixture.h"
#include "popclients.h"
#include "service/control/controlclient.h"
#include "serviceprocess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <optional>
#include <unistd.h>

using namespace mailshim;

namespace {

struct SignIn
{
    std::unique_ptr<QProcess> process;
    QByteArray out;
    QByteArray err;
    void read()
    {
        out += process->readAllStandardOutput();
        err += process->readAllStandardError();
    }
    // The line of the output that is the authorization URL (starts with the provider's endpoint).
    QString url(const QString &endpoint) const
    {
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith(endpoint.toUtf8()))
                return QString::fromUtf8(line.trimmed());
        }
        return {};
    }
    int finish(int timeoutMs)
    {
        (void)QTest::qWaitFor(
            [&] {
                read();
                return process->state() == QProcess::NotRunning;
            },
            timeoutMs);
        read();
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(3000);
            return -1;
        }
        return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }
    QByteArray all() const { return out + err; }
};

} // namespace

class TestServiceSignIn : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    OidcFixture m_oidc;
    DovecotFixture m_dovecot;
    QString m_config;
    QString m_control;
    QString m_certs;
    quint16 m_port = 0;
    ServiceProcess m_service;
    QList<QByteArray> m_tokens; // every refresh token seen in the keychain
    QByteArray m_outputs;       // everything the commands printed

    QStringList wrapper() const
    {
        // A private /etc/ssl/certs with the provider's CA, for this process only.
        return {QStringLiteral("unshare"),
                QStringLiteral("--mount"),
                QStringLiteral("sh"),
                QStringLiteral("-c"),
                QStringLiteral("mount --bind \"$0\" /etc/ssl/certs && exec \"$@\""),
                m_certs};
    }
    OAuthAccount account() const
    {
        OAuthSettings s;
        s.provider = QStringLiteral("custom");
        s.issuer = m_oidc.issuer();
        s.clientId = OidcFixture::clientId();
        s.scopes = OidcFixture::defaultScope().split(QLatin1Char(' '));
        return {s, DovecotFixture::user()};
    }
    SignIn startSignIn(const QStringList &arguments, bool wrapped = true)
    {
        SignIn run;
        run.process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY")); // the headless case: the printed address is the way
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        run.process->setProcessEnvironment(env);
        const QStringList args = QStringList{QStringLiteral("--sign-in")} + arguments;
        if (wrapped)
            run.process->start(wrapper().first(), wrapper().mid(1) + QStringList{ServiceProcess::binary()} + args);
        else
            run.process->start(ServiceProcess::binary(), args);
        run.process->closeWriteChannel();
        return run;
    }
    // Runs a sign-in through the test browser; its exit code, the output kept for the checks.
    int signInThroughTheBrowser(const QStringList &arguments, SignIn *run)
    {
        *run = startSignIn(arguments);
        const QString endpoint = m_oidc.authorizationEndpoint();
        if (!QTest::qWaitFor(
                [&] {
                    run->read();
                    return !run->url(endpoint).isEmpty() || run->process->state() == QProcess::NotRunning;
                },
                20000))
            return -2;
        const QString url = run->url(endpoint);
        if (url.isEmpty())
            return run->finish(1000);
        std::unique_ptr<QProcess> browser =
            m_oidc.startBrowser(url, DovecotFixture::user(), DovecotFixture::password());
        const int code = run->finish(60000);
        browser->waitForFinished(10000);
        const QJsonObject seen = OidcFixture::browserResult(*browser);
        if (!seen.value(QStringLiteral("ok")).toBool())
            qWarning("browser: %s", QJsonDocument(seen).toJson(QJsonDocument::Compact).constData());
        m_outputs += run->all();
        return code;
    }
    std::optional<QByteArray> keychainToken()
    {
        const std::unique_ptr<CredentialStore> keychain = CredentialStore::createForThisPlatform();
        std::optional<PasswordAnswer> answer;
        QObject context;
        keychain->lookup(RefreshTokenStore::keyFor(account()), &context, [&](const PasswordAnswer &a) { answer = a; });
        if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000) ||
            answer->status != PasswordAnswer::Status::Found)
            return std::nullopt;
        m_tokens.append(answer->password);
        return answer->password;
    }
    PopClients::Result readMail()
    {
        PopClients::Endpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = m_port;
        endpoint.user = DovecotFixture::user();
        endpoint.password = QStringLiteral("dummy"); // the old client's password is not used
        endpoint.mode = PopClients::Mode::Plain;
        return PopClients::poplibRetrAll(endpoint, m_dir.path());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("MAILSHIM_THROWAWAY_KEYRING"),
                 "run through tests/ui/with-keyring.sh: this test needs its own Secret Service");
        QVERIFY2(::geteuid() == 0, "needs root: the commands get a private /etc/ssl/certs (unshare --mount)");
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_oidc.start(&error), qPrintable(error));
        m_dovecot.enableOAuth(m_oidc.dovecotIntrospection());
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));

        // The system's certificates plus the provider's CA under its hash name (Qt looks CAs up by hash there).
        m_certs = m_dir.filePath(QStringLiteral("certs"));
        QVERIFY(QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), QStringLiteral("/etc/ssl/certs/."),
                                                         m_certs + QLatin1Char('/')}) == 0 ||
                QDir(m_certs).exists());
        QProcess hash;
        hash.start(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-hash"),
                                               QStringLiteral("-noout"), QStringLiteral("-in"), m_oidc.caFile()});
        QVERIFY(hash.waitForFinished(10000));
        const QString name = QString::fromLatin1(hash.readAllStandardOutput().trimmed()) + QStringLiteral(".0");
        QVERIFY(name.size() > 2);
        QFile::remove(m_certs + QLatin1Char('/') + name);
        QVERIFY(QFile::copy(m_oidc.caFile(), m_certs + QLatin1Char('/') + name));

        m_port = EngineTestbed::freePort();
        const QJsonObject oauth{{QStringLiteral("provider"), QStringLiteral("custom")},
                                {QStringLiteral("issuer"), m_oidc.issuer()},
                                {QStringLiteral("clientId"), OidcFixture::clientId()},
                                {QStringLiteral("scopes"), QJsonArray::fromStringList(account().settings.scopes)}};
        const QJsonObject upstream{{QStringLiteral("host"), m_dovecot.tlsHostName()},
                                   {QStringLiteral("port"), m_dovecot.pop3sPort()},
                                   {QStringLiteral("security"), QStringLiteral("tls")},
                                   {QStringLiteral("caFile"), m_dovecot.caFile()}};
        const QJsonObject mailbox{{QStringLiteral("name"), QStringLiteral("mailbox")},
                                  {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(m_port)},
                                  {QStringLiteral("user"), DovecotFixture::user()},
                                  {QStringLiteral("login"), QStringLiteral("oauth2")},
                                  {QStringLiteral("oauth"), oauth},
                                  {QStringLiteral("upstream"), upstream}};
        const QJsonObject plain{
            {QStringLiteral("name"), QStringLiteral("plain")},
            {QStringLiteral("listen"), QStringLiteral("127.0.0.1:%1").arg(EngineTestbed::freePort())},
            {QStringLiteral("upstream"), upstream}};
        m_config = m_dir.filePath(QStringLiteral("mailshim.json"));
        QFile file(m_config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("logLevel"), QStringLiteral("low")},
                                             {QStringLiteral("listeners"), QJsonArray{mailbox, plain}}})
                       .toJson());
        file.close();
        m_control = m_dir.filePath(QStringLiteral("control"));
    }

    void cleanupTestCase()
    {
        if (m_service.process().state() != QProcess::NotRunning)
            m_service.stop();
        const QByteArray logs = m_service.log() + m_outputs;
        for (const QByteArray &token : qAsConst(m_tokens))
            QVERIFY2(!token.isEmpty() && !logs.contains(token), "a refresh token reached a log or the output");
    }

    void wrongListeners()
    {
        const QString nowhere = m_dir.filePath(QStringLiteral("no-service"));
        SignIn none = startSignIn(
            {QStringLiteral("nope"), QStringLiteral("--config"), m_config, QStringLiteral("--control"), nowhere},
            false);
        QCOMPARE(none.finish(20000), 12);
        QVERIFY2(none.err.contains("no listener \"nope\"") && none.err.contains("oauth2 listeners: mailbox"),
                 none.err.constData());
        SignIn plain = startSignIn(
            {QStringLiteral("plain"), QStringLiteral("--config"), m_config, QStringLiteral("--control"), nowhere},
            false);
        QCOMPARE(plain.finish(20000), 13);
        QVERIFY2(plain.err.contains("logs in with a password"), plain.err.constData());
    }

    void noBrowserTimesOutAndCtrlCCancels()
    {
        const QString nowhere = m_dir.filePath(QStringLiteral("no-service"));
        SignIn late =
            startSignIn({QStringLiteral("mailbox"), QStringLiteral("--config"), m_config, QStringLiteral("--control"),
                         nowhere, QStringLiteral("--timeout"), QStringLiteral("2")});
        QCOMPARE(late.finish(30000), 11);
        QVERIFY2(!late.url(m_oidc.authorizationEndpoint()).isEmpty(), late.all().constData());
        QVERIFY2(late.err.contains("not signed in"), late.err.constData());

        SignIn cancelled = startSignIn(
            {QStringLiteral("mailbox"), QStringLiteral("--config"), m_config, QStringLiteral("--control"), nowhere});
        QVERIFY(QTest::qWaitFor(
            [&] {
                cancelled.read();
                return !cancelled.url(m_oidc.authorizationEndpoint()).isEmpty();
            },
            20000));
        ::kill(pid_t(cancelled.process->processId()), SIGINT);
        QCOMPARE(cancelled.finish(10000), 15);
        QVERIFY(!keychainToken()); // nothing stored by either
    }

    void signInWithoutAService()
    {
        SignIn run;
        const int code = signInThroughTheBrowser(
            {QStringLiteral("mailbox"), QStringLiteral("--config"), m_config, QStringLiteral("--control"), m_control},
            &run);
        QVERIFY2(code == 0, run.all().constData());
        QVERIFY2(run.out.contains("Signed in") && run.out.contains("keychain"), run.out.constData());
        const std::optional<QByteArray> stored = keychainToken();
        QVERIFY2(stored && !stored->isEmpty(), "no refresh token in the keychain");
        QCOMPARE(m_oidc.grantCount(DovecotFixture::user()), 1);

        // The service started now reads mail with it: its engine gets access tokens from the keychain's refresh token.
        QString error;
        QVERIFY2(m_service.start({QStringLiteral("--console"), QStringLiteral("--config"), m_config,
                                  QStringLiteral("--control"), m_control},
                                 &error, wrapper()),
                 qPrintable(error));
        QVERIFY2(m_service.waitForLog("started (config"), m_service.log().constData());
        const PopClients::Result mail = readMail();
        QVERIFY2(mail.ok, (mail.output + mail.stderrText + m_service.log().right(3000)).constData());
        QCOMPARE(mail.messages, m_dovecot.messages());
        QVERIFY(keychainToken()); // rotated by the refresh, and the newest stored
    }

    void signInReachesTheRunningService()
    {
        QVERIFY(m_service.process().state() == QProcess::Running);
        // The user removes MailShim's access at the provider: the next refresh is refused.
        int revoked = 0;
        QString error;
        QVERIFY2(m_oidc.revokeGrants(DovecotFixture::user(), &revoked, &error), qPrintable(error));
        QCOMPARE(revoked, 1);
        QString lastFailure;
        // The current access token may still be valid for a while; the first refused login ends it (tokenRejected),
        // then the refresh is refused: "sign in again".
        QVERIFY(QTest::qWaitFor(
            [&] {
                const PopClients::Result mail = readMail();
                return !mail.ok && m_service.log().contains("sign in again");
            },
            30000));
        QVERIFY2(m_service.log().contains("--sign-in mailbox"), m_service.log().right(3000).constData());
        {
            ControlClient client;
            QVERIFY2(client.connectTo(m_control, 5000, &error), qPrintable(error));
            const QJsonObject status = client.call(QStringLiteral("status"));
            for (const QJsonValue &l : status.value(QStringLiteral("listeners")).toArray()) {
                if (l.toObject().value(QStringLiteral("name")).toString() == QLatin1String("mailbox"))
                    lastFailure = l.toObject()
                                      .value(QStringLiteral("status"))
                                      .toObject()
                                      .value(QStringLiteral("lastFailure"))
                                      .toString();
            }
        }
        QCOMPARE(lastFailure, QStringLiteral("signin")); // what the tray shows as "sign in again"
        const PopClients::Result refused = readMail();
        QVERIFY(!refused.ok);

        // --sign-in without --config: the listener and the store are the running service's.
        SignIn run;
        const int code =
            signInThroughTheBrowser({QStringLiteral("mailbox"), QStringLiteral("--control"), m_control}, &run);
        QVERIFY2(code == 0, run.all().constData());
        QVERIFY2(run.out.contains("running MailShim service"), run.out.constData());
        QVERIFY2(m_service.waitForLog("stored the sign-in of"), m_service.log().right(3000).constData());
        QVERIFY2(m_service.waitForLog("its next login reads it"), m_service.log().right(3000).constData());
        QVERIFY(keychainToken());

        // The running service uses it from the next login: no restart.
        const PopClients::Result mail = readMail();
        QVERIFY2(mail.ok, (mail.output + mail.stderrText + m_service.log().right(3000)).constData());
        QCOMPARE(mail.messages, m_dovecot.messages());
        QVERIFY(keychainToken());
        QCOMPARE(m_service.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServiceSignIn)
#include "tst_servicesignin.moc"
