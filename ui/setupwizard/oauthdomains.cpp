#include "ui/setupwizard/oauthdomains.h"

namespace mailshim {

std::optional<OAuthDomainGuess> oauthProviderForAddress(const QString &address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at < 1)
        return std::nullopt;
    const QString domain = address.mid(at + 1).trimmed().toLower();
    const QString first = domain.section(QLatin1Char('.'), 0, 0); // hotmail in hotmail.co.uk
    const bool microsoft =
        domain == QLatin1String("outlook.com") || domain == QLatin1String("msn.com") ||
        domain == QLatin1String("office365.com") || domain.endsWith(QLatin1String(".onmicrosoft.com")) ||
        ((first == QLatin1String("hotmail") || first == QLatin1String("live") || first == QLatin1String("outlook")) &&
         domain.contains(QLatin1Char('.')));
    if (microsoft)
        return OAuthDomainGuess{QStringLiteral("microsoft"), QStringLiteral("outlook.office365.com"),
                                QStringLiteral("smtp.office365.com")};
    if (domain == QLatin1String("gmail.com") || domain == QLatin1String("googlemail.com"))
        return OAuthDomainGuess{QStringLiteral("google"), QStringLiteral("pop.gmail.com"),
                                QStringLiteral("smtp.gmail.com")};
    return std::nullopt;
}

} // namespace mailshim
