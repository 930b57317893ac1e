// A sign-in made elsewhere reaches the service's token cache (issue 20, item 2): the service's side as ServiceRunner
// wires it (ServiceTokens over the service's store, the control channel's credentialChanged hook) in a thread of its
// own; the tray's side as the tray does it (RefreshTokenStore over RemoteCredentialStore over a ControlClient). The
// account first needs a sign-in (nothing stored: SignInNeeded, remembered, no request to the provider, one "sign in
// again" line naming the listener); a refresh token stored over the real channel ends that at once, and the next
// login refreshes with it at the (fake) token endpoint; forgetting it over the channel makes the account need a sign-in
// again. No token reaches any log line.

#include "faketokenendpoint.h"
#include "memorycredentialstore.h"
#include "oauth/accesstokencache.h"
#include "oauth/refreshtokenstore.h"
#include "service/control/controlclient.h"
#include "service/control/controlserver.h"
#include "service/control/localenginebackend.h"
#include "service/control/remotecredentialstore.h"
#include "service/servicetokens.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <optional>

using namespace mailshim;
using Status = AccessTokenAnswer::Status;

namespace {

const QByteArray kRefresh = QByteArrayLiteral("refresh-from-the-tray-7f3a");
const QByteArray kAccess = QByteArrayLiteral("access-for-the-engine-91c2");

} // namespace

// The service: its store, its engine, its tokens and its control channel, as ServiceRunner puts them together.
class ServiceThread final : public QThread
{
public:
    QString name;
    Config config;
    bool listening = false;
    QSemaphore ready;
    QObject *inThread = nullptr; // lives in this thread: ask() runs the cache there

    mutable QMutex mutex;
    QStringList logged;
    std::optional<AccessTokenAnswer> answer;
    QHash<QString, QByteArray> stored;
    ServiceTokens *tokens = nullptr;

protected:
    void run() override
    {
        MemoryCredentialStore store;
        ServiceTokens serviceTokens(store);
        LocalEngineBackend backend{config,       [](const Config &, QString *) { return true; },
                                   &store,       nullptr,
                                   std::nullopt, serviceTokens.source()};
        serviceTokens.reportTo(&backend);
        ControlServer::Hooks hooks;
        hooks.credentials = &store;
        hooks.credentialChanged = [&serviceTokens](const CredentialKey &key, bool) {
            serviceTokens.credentialChanged(key);
        };
        ControlServer server(&backend, hooks);
        const auto record = [this](const QString &line) {
            const QMutexLocker lock(&mutex);
            logged.append(line);
        };
        QObject::connect(
            &server, &ControlServer::log, &server, [record](LogLevel, const Message &text) { record(text.english()); },
            Qt::DirectConnection);
        QObject::connect(
            &backend, &EngineBackend::logRecord, &backend, [record](const LogRecord &r) { record(r.format()); },
            Qt::DirectConnection);
        QObject here;
        inThread = &here;
        tokens = &serviceTokens;
        // Mirror the store for the test after every change (it is read from the test's thread).
        QTimer mirror;
        QObject::connect(&mirror, &QTimer::timeout, &here, [this, &store] {
            const QMutexLocker lock(&mutex);
            stored = store.entries;
        });
        mirror.start(20);
        QString error;
        listening = server.listen(name, &error);
        if (!listening)
            qWarning("%s", qPrintable(error));
        ready.release();
        if (listening)
            exec();
        inThread = nullptr;
    }
};

class TestControlSignIn : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeTokenEndpoint m_endpoint;
    std::unique_ptr<ServiceThread> m_service;
    OAuthAccount m_account;

    // The engine's question, asked in the service's thread as a session would.
    AccessTokenAnswer ask()
    {
        {
            const QMutexLocker lock(&m_service->mutex);
            m_service->answer.reset();
        }
        ServiceThread *service = m_service.get();
        const OAuthAccount account = m_account;
        QMetaObject::invokeMethod(m_service->inThread, [service, account] {
            service->tokens->cache().accessToken(account, service->inThread, [service](const AccessTokenAnswer &a) {
                const QMutexLocker lock(&service->mutex);
                service->answer = a;
            });
        });
        std::optional<AccessTokenAnswer> result;
        (void)QTest::qWaitFor(
            [&] {
                const QMutexLocker lock(&service->mutex);
                result = service->answer;
                return result.has_value();
            },
            10000);
        return result.value_or(AccessTokenAnswer{Status::Unavailable, {}, QStringLiteral("no answer in time")});
    }
    QStringList logged() const
    {
        const QMutexLocker lock(&m_service->mutex);
        return m_service->logged;
    }
    QByteArray storedToken() const
    {
        const QMutexLocker lock(&m_service->mutex);
        return m_service->stored.value(RefreshTokenStore::keyFor(m_account).toString());
    }
    bool storeOverTheChannel(CredentialStore &remote, bool signIn, QString *error)
    {
        RefreshTokenStore tokens(remote);
        std::optional<bool> done;
        QObject context;
        const auto finished = [&](bool ok, const QString &why) {
            done = ok;
            *error = why;
        };
        if (signIn)
            tokens.storeSignIn(m_account, kRefresh, &context, finished);
        else
            tokens.remove(m_account, &context, finished);
        (void)QTest::qWaitFor([&] { return done.has_value(); }, 10000);
        return done.value_or(false);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_endpoint.listen());
        m_endpoint.handler = [](const FakeTokenEndpoint::Request &request) {
            if (request.field(QStringLiteral("grant_type")) == QLatin1String("refresh_token") &&
                request.field(QStringLiteral("refresh_token")) == QString::fromLatin1(kRefresh))
                return FakeTokenEndpoint::tokens(kAccess);
            return FakeTokenEndpoint::error(400, "invalid_grant", "unknown refresh token");
        };
        const QJsonObject oauth{
            {QStringLiteral("provider"), QStringLiteral("custom")},
            {QStringLiteral("authorizationUrl"), m_endpoint.url(QStringLiteral("/auth")).toString()},
            {QStringLiteral("tokenUrl"), m_endpoint.url().toString()},
            {QStringLiteral("clientId"), QStringLiteral("mailshim-test")}};
        const QJsonObject listener{
            {QStringLiteral("name"), QStringLiteral("m365")},
            {QStringLiteral("enabled"), false}, // the port stays shut: this test asks the cache directly
            {QStringLiteral("listen"), QStringLiteral("127.0.0.1:1")},
            {QStringLiteral("user"), QStringLiteral("alice@example.com")},
            {QStringLiteral("login"), QStringLiteral("oauth2")},
            {QStringLiteral("oauth"), oauth},
            {QStringLiteral("upstream"), QJsonObject{{QStringLiteral("host"), QStringLiteral("pop.example.com")},
                                                     {QStringLiteral("port"), 995},
                                                     {QStringLiteral("security"), QStringLiteral("tls")}}}};
        const ConfigLoadResult loaded = ConfigLoader::fromJson(
            QJsonDocument(QJsonObject{{QStringLiteral("listeners"), QJsonArray{listener}}}).toJson());
        QVERIFY2(loaded.ok(), qPrintable(loaded.errors.value(0).toString()));
        m_account = loaded.config.listeners.first().oauthAccount();

        m_service = std::make_unique<ServiceThread>();
        m_service->name = m_dir.filePath(QStringLiteral("control"));
        m_service->config = loaded.config;
        m_service->start();
        m_service->ready.acquire();
        QVERIFY(m_service->listening);
    }
    void cleanupTestCase()
    {
        if (m_service) {
            m_service->quit();
            m_service->wait();
        }
    }

    void notSignedInIsRemembered()
    {
        const AccessTokenAnswer first = ask();
        QCOMPARE(first.status, Status::SignInNeeded);
        const AccessTokenAnswer second = ask();
        QCOMPARE(second.status, Status::SignInNeeded);
        QCOMPARE(m_endpoint.requests.size(), 0); // nothing stored: the provider is never asked
        // One "sign in again" line, naming the listener and what to do.
        QTRY_COMPARE(logged().filter(QStringLiteral("sign in again")).size(), 1);
        const QString line = logged().filter(QStringLiteral("sign in again")).first();
        QVERIFY2(line.contains(QStringLiteral("listener m365")) && line.contains(QStringLiteral("--sign-in m365")),
                 qPrintable(line));
    }

    void signInOverTheChannelEndsIt()
    {
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_service->name, 5000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        QVERIFY2(storeOverTheChannel(remote, true, &error), qPrintable(error));
        QTRY_COMPARE(storedToken(), kRefresh); // in the service's store
        QTRY_VERIFY(!logged().filter(QStringLiteral("the sign-in of alice@example.com@oauth2/")).isEmpty());
        QVERIFY(!logged().filter(QStringLiteral("control channel: stored the sign-in of")).isEmpty());

        // The cache forgot "sign in again" at once: the next login refreshes with the new token.
        const AccessTokenAnswer answer = ask();
        QVERIFY2(answer.status == Status::Found, qPrintable(answer.detail));
        QCOMPARE(answer.token, kAccess);
        QCOMPARE(m_endpoint.requests.size(), 1);
        QCOMPARE(m_endpoint.requests.first().field(QStringLiteral("refresh_token")), QString::fromLatin1(kRefresh));
    }

    void anotherAccountChangesNothing()
    {
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_service->name, 5000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        const int changed = logged().filter(QStringLiteral("its next login reads it")).size();
        OAuthAccount bob = m_account;
        bob.user = QStringLiteral("bob@example.com");
        std::optional<bool> done;
        QObject context;
        RefreshTokenStore(remote).storeSignIn(bob, "bobs-refresh", &context,
                                              [&](bool ok, const QString &) { done = ok; });
        QTRY_VERIFY(done.has_value());
        QVERIFY(*done);
        QTest::qWait(100);
        QCOMPARE(logged().filter(QStringLiteral("its next login reads it")).size(), changed);
        // alice's token is still the one in memory: no second request.
        QCOMPARE(ask().token, kAccess);
        QCOMPARE(m_endpoint.requests.size(), 1);
    }

    void forgettingItOverTheChannelNeedsASignIn()
    {
        ControlClient client;
        QString error;
        QVERIFY2(client.connectTo(m_service->name, 5000, &error), qPrintable(error));
        RemoteCredentialStore remote(&client);
        QVERIFY2(storeOverTheChannel(remote, false, &error), qPrintable(error));
        QTRY_VERIFY(storedToken().isEmpty());
        const AccessTokenAnswer answer = ask();
        QCOMPARE(answer.status, Status::SignInNeeded);
        QVERIFY(answer.token.isEmpty());
    }

    void noTokenInTheLog()
    {
        const QStringList lines = logged();
        QVERIFY(!lines.isEmpty());
        for (const QString &line : lines) {
            QVERIFY2(!line.contains(QString::fromLatin1(kRefresh)), qPrintable(line));
            QVERIFY2(!line.contains(QString::fromLatin1(kAccess)), qPrintable(line));
            QVERIFY2(!line.contains(QStringLiteral("bobs-refresh")), qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestControlSignIn)
#include "tst_controlsignin.moc"
