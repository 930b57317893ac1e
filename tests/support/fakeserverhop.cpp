#include "fakeserverhop.h"

using namespace mailshim;

FakeServerHop::FakeServerHop(const FakePop3Server::Behaviour &behaviour)
    : server(behaviour), m_serverPort(server.listenLocal())
{
}

UpstreamConfig FakeServerHop::upstream(Security security, const QString &caFile) const
{
    return EngineTestbed::upstream(m_serverPort, security, caFile);
}

bool FakeServerHop::start(Security security, const QString &caFile, const Config &config)
{
    return start(upstream(security, caFile), config);
}

bool FakeServerHop::start(const UpstreamConfig &upstream, const Config &config)
{
    return bed.start(upstream, config) && client.connectTo(bed.port());
}
