#include "ui/common/signinlauncher.h"

#include "oauth/refreshtokenstore.h"

#include <QDesktopServices>
#ifdef MAILSHIM_HAS_SIGNINFLOW
#include "oauth/signinflow.h"
#endif

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

SignInFlow *SignInLauncher::createFlow(QObject *parent)
{
#ifdef MAILSHIM_HAS_SIGNINFLOW
    if (!m_tokens)
        return nullptr;
    auto *flow = new SignInFlow(*m_tokens, nullptr, parent);
    flow->setOpenUrl(m_openUrl);
    flow->setTimeoutMs(m_timeoutMs);
    return flow;
#else
    Q_UNUSED(parent)
    return nullptr;
#endif
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
