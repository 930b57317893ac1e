// Router: POPFile-style names parsed strictly, matched exactly against the allow-list, security taken
// from the allow-list entry only, loops to MailShim's own listeners refused.

#include "pop3/router.h"

#include <QTest>

using namespace mailshim;

namespace {
UpstreamConfig server(const QString &host, quint16 port, Security security)
{
    UpstreamConfig u;
    u.host = host;
    u.port = port;
    u.security = security;
    return u;
}

ListenerConfig routingListener(char separator)
{
    ListenerConfig l;
    l.name = QStringLiteral("route");
    l.port = 3999;
    l.routing.enabled = true;
    l.routing.separator = separator;
    l.routing.allow = {server(QStringLiteral("pop.isp.net"), 995, Security::Tls),
                       server(QStringLiteral("mail.example.com"), 110, Security::Stls),
                       server(QStringLiteral("mail.example.com"), 995, Security::Tls),
                       server(QStringLiteral("127.0.0.1"), 110, Security::Plain),
                       server(QStringLiteral("127.0.0.1"), 4000, Security::Plain),
                       server(QStringLiteral("xn--bcher-kva.example"), 995, Security::Tls)};
    return l;
}
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<char>("separator");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QByteArray>("user");
        QTest::newRow("host:user") << QByteArray("pop.isp.net:alice") << ':' << true << QByteArray("pop.isp.net") << 0
                                   << QByteArray("alice");
        QTest::newRow("host:port:user") << QByteArray("pop.isp.net:995:alice") << ':' << true
                                        << QByteArray("pop.isp.net") << 995 << QByteArray("alice");
        // POPFile's own documentation example: the rest is for the next hop.
        QTest::newRow("popfile chain") << QByteArray("127.0.0.1%110%pop.isp.net:110:user") << '%' << true
                                       << QByteArray("127.0.0.1") << 110 << QByteArray("pop.isp.net:110:user");
        QTest::newRow("user with digits")
            << QByteArray("h:123abc") << ':' << true << QByteArray("h") << 0 << QByteArray("123abc");
        QTest::newRow("ipv6 literal") << QByteArray("[::1]:110:bob") << ':' << true << QByteArray("[::1]") << 110
                                      << QByteArray("bob");
        QTest::newRow("8-bit user kept") << QByteArray("h:\xe3\x81\x82\xff") << ':' << true << QByteArray("h") << 0
                                         << QByteArray("\xe3\x81\x82\xff");
        QTest::newRow("no separator") << QByteArray("alice") << ':' << false << QByteArray() << 0 << QByteArray();
        QTest::newRow("other separator") << QByteArray("h%alice") << ':' << false << QByteArray() << 0 << QByteArray();
        QTest::newRow("empty host") << QByteArray(":alice") << ':' << false << QByteArray() << 0 << QByteArray();
        QTest::newRow("empty user") << QByteArray("h:110:") << ':' << false << QByteArray() << 0 << QByteArray();
        QTest::newRow("port zero") << QByteArray("h:0:alice") << ':' << false << QByteArray() << 0 << QByteArray();
        QTest::newRow("port too big") << QByteArray("h:70000:alice") << ':' << false << QByteArray() << 0
                                      << QByteArray();
        QTest::newRow("unclosed bracket")
            << QByteArray("[::1:alice") << ':' << false << QByteArray() << 0 << QByteArray();
    }
    void parse()
    {
        QFETCH(QByteArray, name);
        QFETCH(char, separator);
        QFETCH(bool, valid);
        const std::optional<RouteTarget> target = Router::parseTarget(name, separator);
        QCOMPARE(bool(target), valid);
        if (!target)
            return;
        QTEST(target->host, "host");
        QTEST(int(target->port), "port");
        QTEST(target->user, "user");
    }

    void resolve_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QString>("host"); // empty: refused
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("security");
        QTest::addColumn<QByteArray>("user");
        QTest::newRow("allowed, port omitted") << QByteArray("pop.isp.net:alice") << QStringLiteral("pop.isp.net")
                                               << 995 << int(Security::Tls) << QByteArray("alice");
        QTest::newRow("allowed, upper case host")
            << QByteArray("POP.ISP.NET:995:alice") << QStringLiteral("pop.isp.net") << 995 << int(Security::Tls)
            << QByteArray("alice");
        QTest::newRow("port picks the entry")
            << QByteArray("mail.example.com:110:bob") << QStringLiteral("mail.example.com") << 110
            << int(Security::Stls) << QByteArray("bob");
        QTest::newRow("ambiguous without port")
            << QByteArray("mail.example.com:bob") << QString() << 0 << 0 << QByteArray();
        QTest::newRow("not on allow-list")
            << QByteArray("evil.example:110:alice") << QString() << 0 << 0 << QByteArray();
        QTest::newRow("allowed host, other port")
            << QByteArray("pop.isp.net:110:alice") << QString() << 0 << 0 << QByteArray();
        QTest::newRow("IDN host") << QByteArray("b\xc3\xbc"
                                                "cher.example:alice")
                                  << QStringLiteral("xn--bcher-kva.example") << 995 << int(Security::Tls)
                                  << QByteArray("alice");
        QTest::newRow("chained local hop")
            << QByteArray("127.0.0.1:110:pop.isp.net:user") << QStringLiteral("127.0.0.1") << 110
            << int(Security::Plain) << QByteArray("pop.isp.net:user");
        QTest::newRow("own listener refused")
            << QByteArray("127.0.0.1:4000:alice") << QString() << 0 << 0 << QByteArray();
        QTest::newRow("garbage host") << QByteArray("po p!:alice") << QString() << 0 << 0 << QByteArray();
        QTest::newRow("no separator: fixed upstream") << QByteArray("alice") << QStringLiteral("fixed.example") << 995
                                                      << int(Security::ApopTls) << QByteArray("alice");
    }
    void resolve()
    {
        QFETCH(QByteArray, name);
        QFETCH(QString, host);
        ListenerConfig listener = routingListener(':');
        UpstreamConfig fixed = server(QStringLiteral("fixed.example"), 0, Security::ApopTls);
        listener.upstream = fixed;
        const RouteResult result = Router::resolve(listener, name, QSet<quint16>{3999, 4000});
        if (host.isEmpty()) {
            QVERIFY(!result.route);
            QVERIFY(!result.error.isEmpty());
            return;
        }
        QVERIFY2(result.route, qPrintable(result.error.english()));
        QCOMPARE(result.route->upstream.host, host);
        QTEST(int(result.route->upstream.effectivePort()), "port");
        QTEST(int(result.route->upstream.security), "security");
        QTEST(result.route->user, "user");
    }

    void routingOffIgnoresSeparators()
    {
        ListenerConfig listener;
        listener.upstream = server(QStringLiteral("pop.isp.net"), 995, Security::Tls);
        const RouteResult result = Router::resolve(listener, "evil.example:110:alice", {});
        QVERIFY(result.route);
        QCOMPARE(result.route->upstream.host, QStringLiteral("pop.isp.net"));
        QCOMPARE(result.route->user, QByteArray("evil.example:110:alice"));
        QVERIFY(!result.route->routed);
    }

    void routingOnlyListenerNeedsRoute()
    {
        const RouteResult result = Router::resolve(routingListener('%'), "alice", {});
        QVERIFY(!result.route);
        QVERIFY(result.error.english().contains(QStringLiteral("host[:port]%user")));
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
