#include "core/oauthlogin.h"

#include "net/wiretext.h"

#include <algorithm>

namespace mailshim {

namespace {
// RFC 6750 2.1's b64token is printable ASCII without spaces; anything else would break the SASL framing (%x01).
bool isBearerToken(const QByteArray &token)
{
    return !token.isEmpty() && std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}
} // namespace

bool OAuthLogin::userMatches(const QByteArray &clientUser) const
{
    return QString::fromUtf8(clientUser).compare(m_account.user, Qt::CaseInsensitive) == 0;
}

Message OAuthLogin::userMismatch(const QByteArray &clientUser) const
{
    return Message(
        QT_TRANSLATE_NOOP("Engine", "this port signs in as %1 only, not as %2"),
        {WireText::sanitizeForDisplay(m_account.user.toUtf8(), 80), WireText::sanitizeForDisplay(clientUser, 80)});
}

void OAuthLogin::ask(QObject *context, std::function<void(const Outcome &)> done)
{
    forget();
    if (!m_tokens) {
        done({AccessTokenAnswer::Status::Unavailable,
              Message(QT_TRANSLATE_NOOP("Engine", "no OAuth sign-in is available in this program"), {})});
        return;
    }
    m_tokens->accessToken(m_account, context, [this, done = std::move(done)](const AccessTokenAnswer &answer) {
        const QString user = WireText::sanitizeForDisplay(m_account.user.toUtf8(), 80);
        const QString detail = WireText::sanitizeForDisplay(answer.detail.toUtf8(), 200);
        switch (answer.status) {
        case AccessTokenAnswer::Status::Found:
            if (isBearerToken(answer.token)) {
                m_token = answer.token;
                done({AccessTokenAnswer::Status::Found, {}});
                return;
            }
            done({AccessTokenAnswer::Status::Unavailable,
                  Message(QT_TRANSLATE_NOOP("Engine", "the OAuth sign-in for %1 gave an unusable access token"),
                          {user})});
            return;
        case AccessTokenAnswer::Status::SignInNeeded:
            done({AccessTokenAnswer::Status::SignInNeeded,
                  Message(QT_TRANSLATE_NOOP("Engine", "sign in again in MailShim (%1)"),
                          {detail.isEmpty() ? user : detail})});
            return;
        case AccessTokenAnswer::Status::Unavailable:
            break;
        }
        done({AccessTokenAnswer::Status::Unavailable,
              Message(QT_TRANSLATE_NOOP("Engine", "cannot get an access token for %1 (%2)"), {user, detail})});
    });
}

bool OAuthLogin::refused()
{
    if (m_retried)
        return false;
    m_retried = true;
    if (m_tokens)
        m_tokens->tokenRejected(m_account, m_token);
    return true;
}

void OAuthLogin::forget()
{
    m_token.fill('\0');
    m_token.clear();
}

} // namespace mailshim
