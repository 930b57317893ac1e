#include "oauth/endpointresolver.h"

#include <QPointer>

namespace mailshim {

namespace {

void answerLater(QObject *context, std::function<void(const EndpointAnswer &)> done, const EndpointAnswer &answer)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), answer] { done(answer); }, Qt::QueuedConnection);
}

EndpointAnswer withDiscovered(OAuthEndpoints endpoints, const DiscoveryResult &discovered)
{
    EndpointAnswer answer;
    endpoints.authorizationUrl = discovered.authorizationUrl;
    endpoints.tokenUrl = discovered.tokenUrl;
    answer.status = EndpointAnswer::Status::Ok;
    answer.endpoints = endpoints;
    return answer;
}

} // namespace

EndpointResolver::EndpointResolver(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent), m_discovery(manager, this)
{
}

void EndpointResolver::resolve(const OAuthSettings &settings, OAuthUse use, QObject *context,
                               std::function<void(const EndpointAnswer &)> done)
{
    const OAuthResolution resolution = resolveOAuth(settings, use);
    if (!resolution.ok()) {
        answerLater(context, std::move(done), {EndpointAnswer::Status::Invalid, {}, resolution.error});
        return;
    }
    if (resolution.discoverFrom.isEmpty()) {
        answerLater(context, std::move(done), {EndpointAnswer::Status::Ok, resolution.endpoints, {}});
        return;
    }
    const QString issuer = resolution.discoverFrom.toString();
    const auto known = m_discovered.constFind(issuer);
    if (known != m_discovered.constEnd()) {
        answerLater(context, std::move(done), withDiscovered(resolution.endpoints, *known));
        return;
    }
    QPointer<EndpointResolver> self(this);
    m_discovery.discover(
        resolution.discoverFrom, context,
        [self, issuer, endpoints = resolution.endpoints, done = std::move(done)](const DiscoveryResult &result) {
            if (result.status != DiscoveryResult::Status::Ok) {
                done({result.status == DiscoveryResult::Status::Temporary ? EndpointAnswer::Status::Temporary
                                                                          : EndpointAnswer::Status::Invalid,
                      {},
                      result.error});
                return;
            }
            if (self)
                self->m_discovered.insert(issuer, result);
            done(withDiscovered(endpoints, result));
        });
}

} // namespace mailshim
