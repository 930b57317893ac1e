#pragma once

// FakeServerHop: the preamble of the in-process fault tests in one object: a scripted fake server, an Engine
// with one listener in front of it (EngineTestbed), and a TestClient connected to that listener.
//
//     FakeServerHop hop(behaviour);
//     QVERIFY(hop.start(Security::Plain));
//     QCOMPARE(hop.client.login("alice", "secret"), QByteArray("+OK logged in"));

#include "enginetestbed.h"
#include "fakepop3server.h"
#include "testclient.h"

class FakeServerHop
{
public:
    // The server listens on a free loopback port at once; give it a TLS configuration before start() if needed.
    explicit FakeServerHop(const FakePop3Server::Behaviour &behaviour = {});

    // The upstream for the engine: the fake server on localhost.
    mailshim::UpstreamConfig upstream(mailshim::Security security, const QString &caFile = {}) const;
    // Starts the engine in front of the server and connects the client; false if either failed.
    bool start(mailshim::Security security, const QString &caFile = {},
               const mailshim::Config &config = EngineTestbed::baseConfig());
    bool start(const mailshim::UpstreamConfig &upstream, const mailshim::Config &config = EngineTestbed::baseConfig());

    FakePop3Server server;
    EngineTestbed bed;
    TestClient client;

private:
    quint16 m_serverPort = 0;
};
