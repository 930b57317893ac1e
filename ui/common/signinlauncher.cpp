#include "ui/common/signinlauncher.h"

#include "oauth/refreshtokenstore.h"

#include <QDesktopServices>

namespace mailshim {

SignInLauncher::SignInLauncher(CredentialStore *store, QObject *parent)
    : QObject(parent), m_tokens(store ? std::make_unique<RefreshTokenStore>(*store) : nullptr),
      m_openUrl([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    if (m_tokens)
        connect(m_tokens.get(), &RefreshTokenStore::signedIn, this, &SignInLauncher::signedIn);
}

SignInLauncher::~SignInLauncher() = default;

bool SignInLauncher::available() const
{
#ifdef MAILSHIM_HAS_SIGNINFLOW
    return m_tokens != nullptr;
#else
    return false;
#endif
}

void SignInRun::start()
{
    m_running = true;
#ifdef MAILSHIM_HAS_SIGNINFLOW
    if (auto *flow = qobject_cast<SignInFlow *>(m_flow.data())) {
        flow->start(m_account);
        return;
    }
#endif
    end(SignInResult{SignInResult::Status::InvalidSettings,
                     QStringLiteral("this program cannot sign in: no keychain, or no QtNetworkAuth")});
}

void SignInRun::cancel()
{
#ifdef MAILSHIM_HAS_SIGNINFLOW
    if (auto *flow = qobject_cast<SignInFlow *>(m_flow.data()))
        flow->cancel();
#endif
}

void SignInRun::end(const SignInResult &result)
{
    m_running = false;
    Q_EMIT finished(result);
}

SignInRun *SignInLauncher::create(const OAuthAccount &account, QObject *parent)
{
    auto *run = new SignInRun(parent);
    run->m_account = account;
#ifdef MAILSHIM_HAS_SIGNINFLOW
    if (m_tokens) {
        auto *flow = new SignInFlow(*m_tokens, nullptr, run);
        flow->setOpenUrl(m_openUrl);
        flow->setTimeoutMs(m_timeoutMs);
        run->m_flow = flow;
        connect(flow, &SignInFlow::finished, run, &SignInRun::end);
    }
#endif
    return run;
}

void SignInLauncher::checkSignedIn(const OAuthAccount &account, QObject *context, std::function<void(bool)> done)
{
    if (!m_tokens) {
        done(false);
        return;
    }
    m_tokens->load(account, context, [done = std::move(done)](const PasswordAnswer &answer) {
        done(answer.status == PasswordAnswer::Status::Found);
    });
}

} // namespace mailshim
