#pragma once

// SignInText: the OAuth 2.0 sign-in in plain words, the same in the listener editor, the setup wizard and the tray:
// each SignInResult status with what to do next, and the account's state ("signed in", "not signed in", "sign in
// again").

#include <QCoreApplication>
#include <QString>

namespace mailshim {

struct SignInResult;

class SignInText
{
    Q_DECLARE_TR_FUNCTIONS(SignInText)

public:
    enum class State { Unknown, SignedIn, NotSignedIn, SignInAgain };

    // What happened and what to do, for user (the mailbox address).
    static QString result(const SignInResult &result, const QString &user);
    static QString state(State state);
    // While the browser is open.
    static QString waiting();
    // This build or this computer cannot sign in (no keychain, or no QtNetworkAuth).
    static QString unavailable();
};

} // namespace mailshim
