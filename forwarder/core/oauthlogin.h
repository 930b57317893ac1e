#pragma once

// OAuthLogin: one session's dealings with the AccessTokenSource for a listener whose login is "oauth2", the same for
// POP3 and SMTP. It checks that the client names the listener's account, asks the source for a token once, and after
// the server refused a token tells the source and asks once more, never again in the session: a refused grant is the
// source's to remember ("sign in again"), so sessions never hammer the provider. The token lives here only while the
// login needs it.

#include "core/accesstokensource.h"
#include "net/message.h"

#include <QByteArray>
#include <QObject>
#include <functional>

namespace mailshim {

class OAuthLogin
{
public:
    struct Outcome
    {
        AccessTokenAnswer::Status status = AccessTokenAnswer::Status::Unavailable;
        Message message; // SignInNeeded and Unavailable: why, for the log and the client; never the token
    };

    OAuthLogin(AccessTokenSource *tokens, OAuthAccount account) : m_tokens(tokens), m_account(std::move(account)) {}
    ~OAuthLogin() { forget(); }
    OAuthLogin(const OAuthLogin &) = delete;
    OAuthLogin &operator=(const OAuthLogin &) = delete;

    // The client's user name must be the listener's account: compared without regard to case (mail providers treat
    // addresses so), nothing trimmed.
    bool userMatches(const QByteArray &clientUser) const;
    // Client-facing reason for a user name that is not the listener's account.
    Message userMismatch(const QByteArray &clientUser) const;

    // Asks the source for a token; done is called once (not if context goes first). With Found, token() holds it.
    void ask(QObject *context, std::function<void(const Outcome &)> done);
    // The server refused token(): true the first time (the source is told, and ask() may fetch a fresh one), false
    // after that (the refusal stands for this session).
    bool refused();
    const QByteArray &token() const { return m_token; }
    const OAuthAccount &account() const { return m_account; }
    void forget(); // wipes the token

private:
    AccessTokenSource *m_tokens;
    OAuthAccount m_account;
    QByteArray m_token;
    bool m_retried = false;
};

} // namespace mailshim
