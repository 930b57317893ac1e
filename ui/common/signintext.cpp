#include "ui/common/signintext.h"

#include "oauth/signinflow.h"

namespace mailshim {

QString SignInText::result(const SignInResult &result, const QString &user)
{
    // The flow's detail is technical English (the provider's own error text); it follows the plain words.
    const auto withDetail = [&result](const QString &text) {
        return result.detail.isEmpty() ? text : text + QLatin1Char('\n') + tr("Details: %1").arg(result.detail);
    };
    switch (result.status) {
    case SignInResult::Status::SignedIn:
        return tr("Signed in. MailShim can now read and send mail for %1.").arg(user);
    case SignInResult::Status::AccessDenied:
        return withDetail(tr("The sign-in was refused in the browser. Sign in again and allow MailShim access; if "
                             "your organisation does not allow it, ask your administrator."));
    case SignInResult::Status::StateMismatch:
        return withDetail(tr("The browser's answer did not belong to this sign-in, so nothing was stored. Start the "
                             "sign-in again."));
    case SignInResult::Status::TimedOut:
        return tr("The browser did not answer in time. Start the sign-in again and finish it in the browser.");
    case SignInResult::Status::Refused:
        return withDetail(
            tr("The provider refused the sign-in. Check the client ID (and the client secret, if there is one)."));
    case SignInResult::Status::NoRefreshToken:
        return withDetail(tr("You signed in, but the provider does not let MailShim stay signed in. The registered "
                             "application must be allowed offline access."));
    case SignInResult::Status::InvalidSettings:
        return withDetail(tr("These settings cannot work. Check the fields above."));
    case SignInResult::Status::Unavailable:
        return withDetail(tr("The provider could not be reached. Check the internet connection and try again."));
    case SignInResult::Status::StoreFailed:
        return withDetail(tr("You signed in, but the keychain did not keep the sign-in. Try again, or check the "
                             "keychain."));
    case SignInResult::Status::NoListener:
        return withDetail(tr("MailShim could not open a port on this computer for the browser's answer."));
    case SignInResult::Status::Cancelled:
        break;
    }
    return tr("The sign-in was cancelled.");
}

QString SignInText::state(State state)
{
    switch (state) {
    case State::SignedIn:
        return tr("Signed in.");
    case State::NotSignedIn:
        return tr("Not signed in yet: press \"Sign in...\" to sign in in the browser.");
    case State::SignInAgain:
        return tr("Sign in again: the provider no longer accepts the earlier sign-in (for example after a password "
                  "change).");
    case State::Unknown:
        break;
    }
    return QString();
}

QString SignInText::waiting()
{
    return tr("Waiting for the browser... Sign in there and allow MailShim access, then come back here.");
}

QString SignInText::unavailable()
{
    return tr("Signing in is not possible here: there is no keychain to keep the sign-in in, or this copy of MailShim "
              "was built without the browser sign-in.");
}

} // namespace mailshim
