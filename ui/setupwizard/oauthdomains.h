#pragma once

// OAuthDomains: which mail addresses belong to a provider that wants a browser sign-in instead of a password
// (Microsoft 365 and Outlook.com, Google), by the address's domain, with that provider's POP3 and SMTP servers. A
// company domain hosted at either is not recognisable by its name: the wizard lets the user choose the sign-in there.

#include <QString>
#include <optional>

namespace mailshim {

struct OAuthDomainGuess
{
    QString provider;   // "microsoft" or "google": OAuthSettings::provider
    QString popServer;  // outlook.office365.com, pop.gmail.com
    QString smtpServer; // smtp.office365.com, smtp.gmail.com
};

// outlook.com, hotmail.*, live.*, msn.com, office365.com, *.onmicrosoft.com; gmail.com, googlemail.com.
std::optional<OAuthDomainGuess> oauthProviderForAddress(const QString &address);

} // namespace mailshim
