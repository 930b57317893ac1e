#pragma once

// SignInCommand: `mailshim-service --sign-in <listener>`, the browser sign-in of an oauth2 listener for machines
// without a desktop (issue 20). It finds the listener in the config the engine uses (the running service's, asked over
// the control channel, else the file), runs SignInFlow, prints the authorization URL (and opens a browser where there
// is one), waits for the loopback redirect (a timeout; Ctrl+C cancels), and stores the refresh token where the engine
// reads it: through the running service's control channel (which also clears the service's "sign in again" state),
// else in the store the service uses. It says what happened in plain words; never prints a token.

#include <QString>

namespace mailshim::SignInCommand {

// The exit codes, documented in docs/service.md.
enum ExitCode {
    SignedIn = 0,
    Failed = 1,         // anything else: the provider unreachable, unusable oauth settings, no loopback port, ...
    BadCommandLine = 2, // as every verb
    Refused = 10,       // denied in the browser, or the provider refused the code or the client, or gave no refresh
                        // token
    TimedOut = 11,
    NoSuchListener = 12,
    NotOAuth2 = 13,
    StoreFailed = 14, // the refresh token could not be stored (or nowhere the engine would read it)
    Cancelled = 15,   // Ctrl+C
};

struct Options
{
    QString listener;
    QString controlName; // the service's control channel
    QString configPath;  // the file, when no service answers on controlName
    int timeoutSecs = 600;
};

int run(const Options &options);

} // namespace mailshim::SignInCommand
