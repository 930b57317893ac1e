// ChainModel tables: the user name each hop receives (POPFile's documented example exactly), ports left out
// only where the hop allows it and the name stays unambiguous, collisions, impossible and unsafe orders, the
// recommended order, free ports, and MailShim's listener for its place in the chain.

#include "pop3/router.h"
#include "setup/chainmodel.h"

#include <QTest>

using namespace mailshim;

Q_DECLARE_METATYPE(mailshim::Chain)
Q_DECLARE_METATYPE(QList<mailshim::ChainProblem::Kind>)

namespace {

ChainHop hop(ChainHopKind kind, const char *name, quint16 port, char separator = ':', bool writeDefaultPort = true)
{
    ChainHop h;
    h.kind = kind;
    h.name = QString::fromLatin1(name);
    h.port = port;
    h.separator = separator;
    h.writeDefaultPort = writeDefaultPort;
    return h;
}

Chain chainOf(const QList<ChainHop> &hops, const QString &host, quint16 port, Security security,
              const QString &user = QStringLiteral("user"))
{
    Chain chain;
    chain.hops = hops;
    chain.server.host = host;
    chain.server.port = port;
    chain.server.security = security;
    chain.server.user = user;
    return chain;
}

QList<ChainProblem::Kind> kinds(const QList<ChainProblem> &problems)
{
    QList<ChainProblem::Kind> out;
    for (const ChainProblem &p : problems)
        out << p.kind;
    return out;
}

} // namespace

class TestChainModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userNames_data()
    {
        QTest::addColumn<Chain>("chain");
        QTest::addColumn<QByteArray>("expected");
        const QString isp = QStringLiteral("pop.isp.net");
        using K = ChainHopKind;
        // The (and POPFile's documentation's) example, ports written as POPFile writes them.
        QTest::newRow("popfile % -> antivirus : -> server")
            << chainOf({hop(K::PopFile, "POPFile", 123, '%'), hop(K::PopFile, "Antivirus", 110, ':')}, isp, 110,
                       Security::Plain)
            << QByteArray("127.0.0.1%110%pop.isp.net:110:user");
        QTest::newRow("popfile may leave 110 out")
            << chainOf({hop(K::PopFile, "POPFile", 123, '%', false), hop(K::PopFile, "Antivirus", 110, ':', false)},
                       isp, 110, Security::Plain)
            << QByteArray("127.0.0.1%pop.isp.net:user");
        QTest::newRow("other ports are always written")
            << chainOf({hop(K::PopFile, "POPFile", 123, '%', false), hop(K::MailShim, "MailShim", 3999)}, isp, 995,
                       Security::Tls)
            << QByteArray("127.0.0.1%3999%user");
        QTest::newRow("antivirus-style hop writes no port")
            << chainOf({hop(K::Scanner, "Antivirus", 3110)}, isp, 110, Security::Plain)
            << QByteArray("pop.isp.net:user");
        QTest::newRow("recommended: popfile, antivirus, mailshim last (fixed upstream)")
            << chainOf({hop(K::PopFile, "POPFile", 123, '%'), hop(K::PopFile, "Antivirus", 110, ':'),
                        hop(K::MailShim, "MailShim", 3999)},
                       isp, 0, Security::Tls)
            << QByteArray("127.0.0.1%110%127.0.0.1:3999:user");
        QTest::newRow("mailshim routing leaves 110 out")
            << chainOf({hop(K::MailShim, "MailShim", 3999, '%'), hop(K::PopFile, "Relay", 110, ':')}, isp, 110,
                       Security::Plain)
            << QByteArray("127.0.0.1%pop.isp.net:110:user");
        QTest::newRow("port kept when the rest would read as one")
            << chainOf({hop(K::MailShim, "MailShim", 3999, '%'), hop(K::PopFile, "Relay", 110, '%', false)},
                       QStringLiteral("10.0.0.1"), 110, Security::Plain, QStringLiteral("42%x"))
            << QByteArray("127.0.0.1%10.0.0.1%110%42%x");
        QTest::newRow("fixed forwarder passes the name on")
            << chainOf({hop(K::PopFile, "POPFile", 123, ':'), hop(K::Forwarder, "stone", 2110),
                        hop(K::MailShim, "MailShim", 3999)},
                       isp, 0, Security::Tls)
            << QByteArray("127.0.0.1:2110:user");
        Chain v6 = chainOf({hop(K::PopFile, "POPFile", 123, ':')}, QStringLiteral("::1"), 1110, Security::Plain);
        QTest::newRow("ipv6 in brackets") << v6 << QByteArray("[::1]:1110:user");
        QTest::newRow("only mailshim") << chainOf({hop(K::MailShim, "MailShim", 3999)}, isp, 0, Security::Tls)
                                       << QByteArray("user");
    }

    void userNames()
    {
        QFETCH(Chain, chain);
        QFETCH(QByteArray, expected);
        QCOMPARE(ChainModel::clientUserName(chain), expected);
        // Each hop, reading its prefix the way MailShim's Router does, must get exactly the next hop's name.
        const QList<QByteArray> names = ChainModel::incomingUserNames(chain);
        QCOMPARE(names.size(), chain.hops.size() + 1);
        QCOMPARE(names.last(), chain.server.user.toUtf8());
        for (int i = 0; i < chain.hops.size(); ++i) {
            if (!ChainModel::takesTarget(chain, i)) {
                QCOMPARE(names.at(i), names.at(i + 1));
                continue;
            }
            const std::optional<RouteTarget> t = Router::parseTarget(names.at(i), chain.hops.at(i).separator);
            QVERIFY2(t, names.at(i).constData());
            QCOMPARE(t->user, names.at(i + 1));
            const QString next = i + 1 < chain.hops.size() ? chain.hops.at(i + 1).address : chain.server.host;
            QCOMPARE(QString::fromUtf8(t->host).remove(QLatin1Char('[')).remove(QLatin1Char(']')), next);
        }
    }

    void problems_data()
    {
        QTest::addColumn<Chain>("chain");
        QTest::addColumn<QList<ChainProblem::Kind>>("expected");
        QTest::addColumn<bool>("blocking");
        using K = ChainHopKind;
        using P = ChainProblem::Kind;
        const QString isp = QStringLiteral("pop.isp.net");
        QTest::newRow("good") << chainOf({hop(K::PopFile, "POPFile", 123, '%'), hop(K::MailShim, "MailShim", 3999)},
                                         isp, 0, Security::Tls)
                              << QList<P>{} << false;
        QTest::newRow("collision") << chainOf(
                                          {hop(K::PopFile, "POPFile", 3999, '%'), hop(K::MailShim, "MailShim", 3999)},
                                          isp, 0, Security::Tls)
                                   << QList<P>{P::PortCollision} << true;
        QTest::newRow("scanner behind TLS")
            << chainOf({hop(K::MailShim, "MailShim", 3999, '%'), hop(K::Scanner, "Antivirus", 110)}, isp, 0,
                       Security::Tls)
            << QList<P>{P::ReaderAfterMailShim, P::NoTlsFromProxy} << true;
        QTest::newRow("scanner behind mailshim, plain server")
            << chainOf({hop(K::MailShim, "MailShim", 3999, '%'), hop(K::PopFile, "POPFile", 110)}, isp, 0,
                       Security::Stls)
            << QList<P>{P::ReaderAfterMailShim, P::UnprotectedServerLink} << false;
        QTest::newRow("antivirus cannot reach a port other than 110")
            << chainOf({hop(K::Scanner, "Antivirus", 110), hop(K::MailShim, "MailShim", 3999)}, isp, 0, Security::Tls)
            << QList<P>{P::ScannerNeedsPort110} << true;
        QTest::newRow("port missing") << chainOf({hop(K::MailShim, "MailShim", 0)}, isp, 0, Security::Tls)
                                      << QList<P>{P::PortMissing} << true;
        QTest::newRow("mailshim twice") << chainOf({hop(K::MailShim, "A", 3998, '%'), hop(K::MailShim, "B", 3999)}, isp,
                                                   0, Security::Tls)
                                        << QList<P>{P::MailShimTwice} << true;
        QTest::newRow("server is a hop") << chainOf({hop(K::MailShim, "MailShim", 3999)}, QStringLiteral("127.0.0.1"),
                                                    3999, Security::Tls)
                                         << QList<P>{P::ServerIsHop} << true;
        QTest::newRow("separator in the next host")
            << chainOf({hop(K::PopFile, "POPFile", 123, '-'), hop(K::MailShim, "MailShim", 3999)},
                       QStringLiteral("pop-1.isp.net"), 0, Security::Tls)
            << QList<P>{} << false;
        QTest::newRow("separator in the server host")
            << chainOf({hop(K::PopFile, "POPFile", 123, '-')}, QStringLiteral("pop-1.isp.net"), 110, Security::Stls)
            << QList<P>{P::BadSeparator, P::UnprotectedServerLink} << true;
        QTest::newRow("mailshim separator not allowed")
            << chainOf({hop(K::MailShim, "MailShim", 3999, '@'), hop(K::PopFile, "P", 110)}, isp, 0, Security::Stls)
            << QList<P>{P::BadSeparator, P::ReaderAfterMailShim, P::UnprotectedServerLink} << true;
        QTest::newRow("no server user") << chainOf({hop(K::MailShim, "MailShim", 3999)}, isp, 0, Security::Tls, {})
                                        << QList<P>{P::NoServer} << true;
        QTest::newRow("empty") << chainOf({}, isp, 0, Security::Tls) << QList<P>{P::Empty} << true;
    }

    void problems()
    {
        QFETCH(Chain, chain);
        QFETCH(QList<ChainProblem::Kind>, expected);
        QFETCH(bool, blocking);
        const QList<ChainProblem> found = ChainModel::problems(chain);
        QCOMPARE(kinds(found), expected);
        QCOMPARE(ChainModel::hasErrors(found), blocking);
        for (const ChainProblem &p : found) {
            QVERIFY(!p.message.isEmpty());
            if (p.hop >= 0) // the words name the hop they are about
                QVERIFY2(p.message.contains(chain.hops.at(p.hop).name) || p.kind == ChainProblem::Kind::PortBusy ||
                             p.kind == ChainProblem::Kind::MailShimTwice || p.kind == ChainProblem::Kind::BadSeparator,
                         qPrintable(p.message));
        }
    }

    void collisionNamesBothHops()
    {
        const Chain chain =
            chainOf({hop(ChainHopKind::PopFile, "POPFile", 3999, '%'), hop(ChainHopKind::MailShim, "MailShim", 3999)},
                    QStringLiteral("pop.isp.net"), 0, Security::Tls);
        const ChainProblem p = ChainModel::problems(chain).first();
        QCOMPARE(p.hop, 1);
        QCOMPARE(p.otherHop, 0);
        QCOMPARE(p.port, quint16(3999));
        QVERIFY2(p.message.contains(QLatin1String("POPFile")) && p.message.contains(QLatin1String("MailShim")) &&
                     p.message.contains(QLatin1String("3999")),
                 qPrintable(p.message));
    }

    void otherListenersAndBusyPorts()
    {
        const Chain chain =
            chainOf({hop(ChainHopKind::PopFile, "POPFile", 3999, '%'), hop(ChainHopKind::MailShim, "MailShim", 4000)},
                    QStringLiteral("pop.isp.net"), 0, Security::Tls);
        ChainContext context;
        context.otherListeners.insert(3999, QStringLiteral("isp"));
        context.canListen = [](const QString &, quint16 port) { return port != 4000; };
        QCOMPARE(kinds(ChainModel::problems(chain, context)),
                 (QList<ChainProblem::Kind>{ChainProblem::Kind::PortOfOtherListener, ChainProblem::Kind::PortBusy}));
        // The port MailShim's own listener holds today is not "busy".
        context.ownListenerPort = 4000;
        QCOMPARE(kinds(ChainModel::problems(chain, context)),
                 QList<ChainProblem::Kind>{ChainProblem::Kind::PortOfOtherListener});
    }

    void recommendedOrder()
    {
        using K = ChainHopKind;
        const QList<ChainHop> wrong = {hop(K::MailShim, "MailShim", 3999, '%'), hop(K::Scanner, "Antivirus", 110),
                                       hop(K::PopFile, "POPFile", 123, '%')};
        QVERIFY(!ChainModel::isRecommendedOrder(wrong));
        const QList<ChainHop> right = ChainModel::recommendedOrder(wrong);
        QStringList names;
        for (const ChainHop &h : right)
            names << h.name;
        QCOMPARE(names,
                 (QStringList{QStringLiteral("POPFile"), QStringLiteral("Antivirus"), QStringLiteral("MailShim")}));
        QVERIFY(ChainModel::isRecommendedOrder(right));
    }

    void freePorts()
    {
        using K = ChainHopKind;
        Chain chain = chainOf({hop(K::PopFile, "POPFile", 110, '%'), hop(K::Scanner, "Antivirus", 110),
                               hop(K::PopFile, "Other", 4001), hop(K::MailShim, "MailShim", 0)},
                              QStringLiteral("pop.isp.net"), 0, Security::Tls);
        ChainContext context;
        context.otherListeners.insert(3999, QStringLiteral("isp"));
        context.canListen = [](const QString &, quint16 port) { return port != 4000 && port != 4002; };
        const QList<int> changed = ChainModel::assignFreePorts(&chain, context);
        QCOMPARE(changed, (QList<int>{1, 3}));
        QCOMPARE(chain.hops.at(0).port, quint16(110));  // the first keeps its port
        QCOMPARE(chain.hops.at(1).port, quint16(4003)); // not 3999 (listener), 4000 (busy), 4001 (hop), 4002
        QCOMPARE(chain.hops.at(2).port, quint16(4001));
        QCOMPARE(chain.hops.at(3).port, quint16(4004));
        // Free ports do not fix an order: the antivirus-style hop still cannot reach a port other than 110.
        QCOMPARE(kinds(ChainModel::problems(chain, context)),
                 QList<ChainProblem::Kind>{ChainProblem::Kind::ScannerNeedsPort110});
    }

    void mailShimListenerLast()
    {
        Chain chain =
            chainOf({hop(ChainHopKind::PopFile, "POPFile", 123, '%'), hop(ChainHopKind::MailShim, "MailShim", 4000)},
                    QStringLiteral("pop.isp.net"), 0, Security::Tls, QStringLiteral("alice"));
        chain.server.caFile = QStringLiteral("/etc/ca.pem");
        ListenerConfig base;
        base.name = QStringLiteral("isp");
        base.routing.enabled = true;
        const ListenerConfig l = ChainModel::mailShimListener(chain, 1, base);
        QCOMPARE(l.name, QStringLiteral("isp"));
        QCOMPARE(l.port, quint16(4000));
        QVERIFY(!l.routing.enabled);
        QVERIFY(l.upstream);
        QCOMPARE(l.upstream->host, QStringLiteral("pop.isp.net"));
        QCOMPARE(l.upstream->security, Security::Tls);
        QCOMPARE(l.upstream->effectivePort(), quint16(995));
        QCOMPARE(l.upstream->tls.caFile, QStringLiteral("/etc/ca.pem"));
        QCOMPARE(l.user, QStringLiteral("alice"));
    }

    void mailShimListenerRouting()
    {
        const Chain chain = chainOf(
            {hop(ChainHopKind::MailShim, "MailShim", 4000, '%'), hop(ChainHopKind::PopFile, "Relay", 4100, ':')},
            QStringLiteral("pop.isp.net"), 110, Security::Plain, QStringLiteral("alice"));
        const ListenerConfig l = ChainModel::mailShimListener(chain, 0, ListenerConfig{});
        QVERIFY(l.routing.enabled);
        QCOMPARE(l.routing.separator, '%');
        QCOMPARE(l.routing.allow.size(), 1);
        QCOMPARE(l.routing.allow.first().host, QStringLiteral("127.0.0.1"));
        QCOMPARE(l.routing.allow.first().effectivePort(), quint16(4100));
        QCOMPARE(l.routing.allow.first().security, Security::Plain);
        QVERIFY(!l.upstream);
        // The listener accepts exactly the name the model computes for it, and passes on the next hop's name.
        const RouteResult route = Router::resolve(l, ChainModel::clientUserName(chain), {4000});
        QVERIFY2(route.route, qPrintable(route.error.english()));
        QCOMPARE(route.route->user, ChainModel::incomingUserNames(chain).at(1));
    }
};

QTEST_GUILESS_MAIN(TestChainModel)
#include "tst_chainmodel.moc"
