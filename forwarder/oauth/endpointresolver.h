#pragma once

// EndpointResolver: an account's OAuthSettings to the endpoints a sign-in or a refresh uses: the provider table
// (resolveOAuth), and for a custom issuer its discovery document, fetched once per issuer and kept in memory.

#include "oauth/oauthdiscovery.h"
#include "oauth/oauthprovider.h"

#include <QHash>
#include <QObject>
#include <functional>

namespace mailshim {

struct EndpointAnswer
{
    enum class Status {
        Ok,
        Invalid,   // the settings (or the issuer's document) cannot work: error says what to fix
        Temporary, // the issuer could not be reached: try again later
    };
    Status status = Status::Invalid;
    OAuthEndpoints endpoints;
    QString error;
};

class EndpointResolver : public QObject
{
    Q_OBJECT
public:
    explicit EndpointResolver(QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);

    // done exactly once, later (never inside this call), unless context dies first.
    void resolve(const OAuthSettings &settings, OAuthUse use, QObject *context,
                 std::function<void(const EndpointAnswer &)> done);

    OAuthDiscovery *discovery() { return &m_discovery; }

private:
    OAuthDiscovery m_discovery;
    QHash<QString, DiscoveryResult> m_discovered; // by issuer URL; successes only
};

} // namespace mailshim
