#pragma once

// SignInLauncher: the tray program's one way to start a browser sign-in (SignInFlow) for a listener's account. It
// holds the RefreshTokenStore over the credential store the widgets use (the one of the engine now, so the refresh
// token lands where the engine reads it) and the function that opens the browser (QDesktopServices::openUrl;
// tests put their test browser there). The listener editor, the setup wizard and the tray's "Sign in again" all
// start their sign-ins here, so one signedIn() tells the engine in this program about each of them.

#include "core/accesstokensource.h"
#include "oauth/signinflow.h" // SignInResult only: SignInFlow itself is used in signinlauncher.cpp alone

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <functional>
#include <memory>

namespace mailshim {

class CredentialStore;
class RefreshTokenStore;

// One browser sign-in made by SignInLauncher::create(): start() it once connected; finished() then follows exactly
// once (perhaps before start() returns); deleting it cancels the sign-in. Widgets hold these, never a SignInFlow, so
// the program builds where QtNetworkAuth is missing (then every run ends at once, saying so).
class SignInRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInRun)

public:
    explicit SignInRun(QObject *parent = nullptr) : QObject(parent) {}
    void start();
    bool isRunning() const { return m_running; }
    void cancel();

Q_SIGNALS:
    void finished(const mailshim::SignInResult &result);

private:
    friend class SignInLauncher;
    void end(const SignInResult &result);

    QPointer<QObject> m_flow; // the SignInFlow, where QtNetworkAuth is built in
    OAuthAccount m_account;
    bool m_running = false;
};

class SignInLauncher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInLauncher)

public:
    using OpenUrl = std::function<void(const QUrl &)>;

    // store may be null (no keychain): then nothing can be signed in.
    explicit SignInLauncher(CredentialStore *store, QObject *parent = nullptr);
    ~SignInLauncher() override;

    void setOpenUrl(OpenUrl openUrl) { m_openUrl = std::move(openUrl); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Whether a sign-in can run at all: a store, and a build with QtNetworkAuth.
    bool available() const;
    RefreshTokenStore *tokens() const { return m_tokens.get(); }

    // A browser sign-in for account with the browser opener and timeout set, owned by parent, not yet started.
    SignInRun *create(const OAuthAccount &account, QObject *parent);
    // Whether a refresh token is stored for account: done(true/false), or done(false) with no store.
    void checkSignedIn(const OAuthAccount &account, QObject *context, std::function<void(bool)> done);

Q_SIGNALS:
    // A sign-in started here stored a new refresh token for account.
    void signedIn(const mailshim::OAuthAccount &account);

private:
    std::unique_ptr<RefreshTokenStore> m_tokens;
    OpenUrl m_openUrl;
    int m_timeoutMs = 10 * 60 * 1000;
};

} // namespace mailshim
