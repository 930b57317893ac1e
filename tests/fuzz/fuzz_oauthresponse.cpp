// What an OAuth 2.0 provider or a mail server sends back about tokens, all untrusted: the token endpoint's answer
// (TokenClient::interpret, any HTTP status and body), a custom issuer's discovery document (OAuthDiscovery::parse)
// and a mail server's SASL error challenge (SaslBearer::challengeStatus). Invariants: only a 200 with an access
// token is Ok and only Ok carries tokens; a discovered endpoint is https or http on loopback; every text meant for
// the log or the UI is bounded and free of control characters.

#include "fuzzsupport.h"
#include "net/saslbearer.h"
#include "oauth/oauthdiscovery.h"
#include "oauth/tokenclient.h"

#include <QHostAddress>

using namespace mailshim;

namespace {

bool printable(const QString &text, int maxChars)
{
    if (text.size() > maxChars)
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

bool httpsOrLoopback(const QUrl &url)
{
    if (url.scheme() == QLatin1String("https"))
        return true;
    return url.scheme() == QLatin1String("http") &&
           (url.host() == QLatin1String("localhost") || QHostAddress(url.host()).isLoopback());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: {
        const int status = in.ConsumeBool() ? 200 : in.ConsumeIntegralInRange<int>(0, 599);
        const QByteArray body = fuzz::takeRest(in);
        const TokenResponse r = TokenClient::interpret(status, body, QStringLiteral("timed out"));
        FUZZ_CHECK((r.status == TokenResponse::Status::Ok) == !r.accessToken.isEmpty());
        if (r.status != TokenResponse::Status::Ok)
            FUZZ_CHECK(r.refreshToken.isEmpty());
        if (r.status == TokenResponse::Status::Ok)
            FUZZ_CHECK(status == 200 && r.error.isEmpty());
        FUZZ_CHECK(printable(r.error, 80 + 3)); // WireText::sanitizeForDisplay cuts at 80 and adds "..."
        FUZZ_CHECK(printable(r.detail, 600));
        break;
    }
    case 1: {
        const QUrl issuer = in.ConsumeBool() ? QUrl(QStringLiteral("https://login.example.org/tenant"))
                                             : QUrl(QStringLiteral("http://127.0.0.1:8443"));
        const DiscoveryResult r = OAuthDiscovery::parse(issuer, fuzz::takeRest(in));
        if (r.status == DiscoveryResult::Status::Ok) {
            FUZZ_CHECK(r.authorizationUrl.isValid() && httpsOrLoopback(r.authorizationUrl));
            FUZZ_CHECK(r.tokenUrl.isValid() && httpsOrLoopback(r.tokenUrl));
        } else {
            FUZZ_CHECK(!r.error.isEmpty());
        }
        break;
    }
    default: {
        const QString status = SaslBearer::challengeStatus(fuzz::takeRest(in));
        FUZZ_CHECK(printable(status, 60 + 3));
        break;
    }
    }
    return 0;
}
