#include "service/signincommand.h"

#include "core/configloader.h"
#include "credentials/credentialstore.h"
#include "oauth/refreshtokenstore.h"
#include "service/control/controlclient.h"
#include "service/control/controlprotocol.h"
#include "service/control/remotecredentialstore.h"
#include "service/servicemanager.h"
#ifdef MAILSHIM_HAS_SIGNINFLOW
#include "oauth/signinflow.h"
#endif

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#ifdef Q_OS_WIN
#include <windows.h>
// shellapi.h needs the types of windows.h first
#include <shellapi.h>
#endif

namespace mailshim::SignInCommand {

namespace {

void say(const QString &text)
{
    std::fprintf(stdout, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stdout);
}

int fail(int code, const QString &text)
{
    std::fprintf(stderr, "sign-in: %s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
    return code;
}

// The service's own store, reached anew for each write: a sign-in takes minutes, and the service may restart meanwhile.
class ServiceChannelStore final : public CredentialStore
{
public:
    explicit ServiceChannelStore(QString controlName) : m_controlName(std::move(controlName)) {}
    Q_DISABLE_COPY_MOVE(ServiceChannelStore)
    ~ServiceChannelStore() override = default;

    void lookup(const CredentialKey &key, QObject *context, std::function<void(const PasswordAnswer &)> done) override
    {
        RemoteCredentialStore(nullptr).lookup(key, context, std::move(done)); // the service hands nothing out
    }
    void store(const CredentialKey &key, const QByteArray &password, QObject *context, DoneCallback done) override
    {
        ControlClient client;
        QString error;
        if (!client.connectTo(m_controlName, 5000, &error)) {
            QMetaObject::invokeMethod(
                context, [done = std::move(done), error] { done(false, error); }, Qt::QueuedConnection);
            return;
        }
        RemoteCredentialStore(&client).store(key, password, context, std::move(done)); // answers before it returns
    }
    void remove(const CredentialKey &key, QObject *context, DoneCallback done) override
    {
        ControlClient client;
        QString error;
        if (!client.connectTo(m_controlName, 5000, &error)) {
            QMetaObject::invokeMethod(
                context, [done = std::move(done), error] { done(false, error); }, Qt::QueuedConnection);
            return;
        }
        RemoteCredentialStore(&client).remove(key, context, std::move(done));
    }

private:
    QString m_controlName;
};

// Where the refresh token goes and which config names the listener.
struct Destination
{
    std::unique_ptr<CredentialStore> store;
    QString where; // in words
    bool service = false;
    Config config;
};

// The running service (anything answering on the control channel) when there is one: its config, its store. Else the
// file and the store the service uses. On failure the exit code, the reason printed.
std::optional<Destination> findDestination(const Options &options, int *code)
{
    Destination destination;
    ControlClient client;
    QString error;
    if (client.connectTo(options.controlName, 3000, &error)) {
        const QJsonObject reply = client.call(QStringLiteral("config"));
        if (!reply.value(QStringLiteral("ok")).toBool()) {
            *code =
                fail(Failed,
                     QStringLiteral("the service's config: %1").arg(reply.value(QStringLiteral("error")).toString()));
            return std::nullopt;
        }
        destination.config = ControlProtocol::configFromJson(reply.value(QStringLiteral("config")).toObject()).config;
        destination.store = std::make_unique<ServiceChannelStore>(options.controlName);
        destination.where = QStringLiteral("the running MailShim service's store (control channel %1)")
                                .arg(QDir::toNativeSeparators(options.controlName));
        destination.service = true;
        return destination;
    }
    if (client.refused() || client.untrustedServer()) {
        *code = fail(StoreFailed, QStringLiteral("the service's control channel: %1").arg(error));
        return std::nullopt;
    }
#ifdef Q_OS_WIN
    // The Windows service keeps refresh tokens in its own DPAPI file, which only its account can write: this user's
    // Credential Manager would be the wrong place while it is installed.
    if (ServiceManager::create(options.controlName)->state().installed) {
        *code = fail(StoreFailed, QStringLiteral("the MailShim service is installed but not running, and only it can "
                                                 "write its store: start it (mailshim-service --start) and sign in "
                                                 "again"));
        return std::nullopt;
    }
#endif
    if (!QFile::exists(options.configPath)) {
        *code = fail(NoSuchListener, QStringLiteral("no MailShim service answers on %1, and there is no config file %2")
                                         .arg(options.controlName, QDir::toNativeSeparators(options.configPath)));
        return std::nullopt;
    }
    const ConfigLoadResult loaded = ConfigLoader::fromFile(options.configPath);
    if (!loaded.ok()) {
        for (const ConfigIssue &issue : loaded.errors)
            std::fprintf(stderr, "%s: error: %s\n", qPrintable(options.configPath), qPrintable(issue.toString()));
        *code =
            fail(Failed, QStringLiteral("%1 is not a valid config").arg(QDir::toNativeSeparators(options.configPath)));
        return std::nullopt;
    }
    destination.config = loaded.config;
    destination.store = CredentialStore::createForThisPlatform();
#ifdef Q_OS_WIN
    destination.where = QStringLiteral("this user's Credential Manager");
#else
    destination.where = QStringLiteral("this user's keychain (Secret Service), which the MailShim service reads");
#endif
    return destination;
}

[[maybe_unused]] void openBrowser(const QUrl &url) // unused without SignInFlow (the Windows SDK has no QtNetworkAuth)
{
    const QString address = url.toString(QUrl::FullyEncoded);
#ifdef Q_OS_WIN
    const auto result = reinterpret_cast<quintptr>(
        ShellExecuteW(nullptr, L"open", reinterpret_cast<LPCWSTR>(address.utf16()), nullptr, nullptr, SW_SHOWNORMAL));
    if (result > 32)
        say(QStringLiteral("(A browser was opened with it.)"));
#else
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return; // no desktop: the printed address is the way
    QProcess opener;
    opener.setProgram(QStringLiteral("xdg-open"));
    opener.setArguments({address});
    opener.setStandardOutputFile(QProcess::nullDevice());
    opener.setStandardErrorFile(QProcess::nullDevice());
    if (opener.startDetached())
        say(QStringLiteral("(A browser was asked to open it with xdg-open.)"));
#endif
}

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
}

} // namespace

int run(const Options &options)
{
    int code = Failed;
    std::optional<Destination> destination = findDestination(options, &code);
    if (!destination)
        return code;

    const ListenerConfig *listener = nullptr;
    QStringList oauthListeners;
    for (const ListenerConfig &l : destination->config.listeners) {
        if (l.login == UpstreamLogin::OAuth2)
            oauthListeners.append(l.name);
        if (l.name == options.listener)
            listener = &l;
    }
    const QString source = destination->service ? QStringLiteral("the running service's config")
                                                : QDir::toNativeSeparators(options.configPath);
    const QString candidates =
        oauthListeners.isEmpty()
            ? QStringLiteral("it has no oauth2 listener")
            : QStringLiteral("its oauth2 listeners: %1").arg(oauthListeners.join(QStringLiteral(", ")));
    if (!listener)
        return fail(NoSuchListener,
                    QStringLiteral("%1 has no listener \"%2\" (%3)").arg(source, options.listener, candidates));
    if (listener->login != UpstreamLogin::OAuth2)
        return fail(NotOAuth2,
                    QStringLiteral("the listener \"%1\" logs in with a password, not with an OAuth 2.0 sign-in "
                                   "(login oauth2); %2")
                        .arg(options.listener, candidates));

#ifndef MAILSHIM_HAS_SIGNINFLOW
    return fail(Failed, QStringLiteral("this build of MailShim has no browser sign-in (built without QtNetworkAuth)"));
#else
    const OAuthAccount account = listener->oauthAccount();
    RefreshTokenStore tokens(*destination->store);
    SignInFlow flow(tokens);
    flow.setTimeoutMs(options.timeoutSecs * 1000);
    flow.setOpenUrl([&](const QUrl &url) {
        const quint16 port = quint16(QUrl(flow.redirectUri()).port());
        say(QStringLiteral("To sign in %1 for the listener \"%2\", open this address in a web browser:")
                .arg(account.user, options.listener));
        say(url.toString(QUrl::FullyEncoded));
        say(QStringLiteral("The browser comes back to http://127.0.0.1:%1/ on this computer when you are done; from a "
                           "browser on another computer, forward that port first (ssh -L %1:127.0.0.1:%1 <this "
                           "computer>). Waiting up to %2 s; Ctrl+C cancels.")
                .arg(port)
                .arg(options.timeoutSecs));
        openBrowser(url);
    });

    std::optional<SignInResult> result;
    QEventLoop loop;
    QObject::connect(&flow, &SignInFlow::finished, &loop, [&](const SignInResult &r) {
        result = r;
        loop.quit();
    });
    g_interrupted = 0;
    const auto previous = std::signal(SIGINT, onInterrupt);
    QTimer interrupts;
    QObject::connect(&interrupts, &QTimer::timeout, &flow, [&] {
        if (g_interrupted)
            flow.cancel();
    });
    interrupts.start(200);
    flow.start(account);
    if (!result)
        loop.exec();
    interrupts.stop();
    std::signal(SIGINT, previous);

    switch (result->status) {
    case SignInResult::Status::SignedIn:
        say(QStringLiteral("Signed in: the refresh token of %1 for the listener \"%2\" is stored in %3.")
                .arg(account.user, options.listener, destination->where));
        say(destination->service ? QStringLiteral("The service uses it from the listener's next login.")
                                 : QStringLiteral("The engine reads it at the listener's next login."));
        return SignedIn;
    case SignInResult::Status::AccessDenied:
    case SignInResult::Status::Refused:
    case SignInResult::Status::NoRefreshToken:
        return fail(Refused, QStringLiteral("not signed in: %1").arg(result->detail));
    case SignInResult::Status::TimedOut:
        return fail(TimedOut, QStringLiteral("not signed in: %1").arg(result->detail));
    case SignInResult::Status::StoreFailed:
        return fail(StoreFailed,
                    QStringLiteral("signed in, but the refresh token could not be stored in %1: %2; sign in again")
                        .arg(destination->where, result->detail));
    case SignInResult::Status::Cancelled:
        return fail(Cancelled, QStringLiteral("not signed in: cancelled"));
    case SignInResult::Status::StateMismatch:
    case SignInResult::Status::InvalidSettings:
    case SignInResult::Status::Unavailable:
    case SignInResult::Status::NoListener:
        break;
    }
    return fail(Failed, QStringLiteral("not signed in: %1").arg(result->detail));
#endif
}

} // namespace mailshim::SignInCommand
