// ChainParser: user names a user already has, read back into the hops they describe; names the model computes
// survive parse -> chain -> name unchanged; names that are not chains get an error that says why.

#include "setup/chainmodel.h"
#include "setup/chainparser.h"

#include <QTest>

using namespace mailshim;

Q_DECLARE_METATYPE(QList<mailshim::ChainTarget>)

namespace {
ChainTarget target(const char *host, quint16 port, char separator)
{
    ChainTarget t;
    t.host = QString::fromLatin1(host);
    t.port = port;
    t.separator = separator;
    return t;
}
} // namespace

class TestChainParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QList<ChainTarget>>("targets");
        QTest::addColumn<QByteArray>("user");
        QTest::newRow("popfile docs example")
            << QByteArray("127.0.0.1%110%pop.isp.net:110:user")
            << QList<ChainTarget>{target("127.0.0.1", 110, '%'), target("pop.isp.net", 110, ':')} << QByteArray("user");
        QTest::newRow("ports left out") << QByteArray("127.0.0.1%pop.isp.net:user")
                                        << QList<ChainTarget>{target("127.0.0.1", 0, '%'),
                                                              target("pop.isp.net", 0, ':')}
                                        << QByteArray("user");
        QTest::newRow("mail address as user")
            << QByteArray("pop.isp.net:995:alice@isp.net") << QList<ChainTarget>{target("pop.isp.net", 995, ':')}
            << QByteArray("alice@isp.net");
        QTest::newRow("plus in the user stays")
            << QByteArray("localhost#2110#alice+news") << QList<ChainTarget>{target("localhost", 2110, '#')}
            << QByteArray("alice+news");
        QTest::newRow("ipv6") << QByteArray("[::1]:1110:bob") << QList<ChainTarget>{target("::1", 1110, ':')}
                              << QByteArray("bob");
        QTest::newRow("digits user after a port")
            << QByteArray("10.0.0.1%110%42%x") << QList<ChainTarget>{target("10.0.0.1", 110, '%')}
            << QByteArray("42%x");
    }

    void parse()
    {
        QFETCH(QByteArray, name);
        QFETCH(QList<ChainTarget>, targets);
        QFETCH(QByteArray, user);
        const ParsedChain parsed = ChainParser::parse(name);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.targets.size(), targets.size());
        for (int i = 0; i < targets.size(); ++i) {
            QCOMPARE(parsed.targets.at(i).host, targets.at(i).host);
            QCOMPARE(parsed.targets.at(i).port, targets.at(i).port);
            QCOMPARE(parsed.targets.at(i).separator, targets.at(i).separator);
        }
        QCOMPARE(parsed.user, user);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QString>("why");
        QTest::newRow("plain user") << QByteArray("alice") << QStringLiteral("names no host");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("ends after host") << QByteArray("pop.isp.net:110:") << QStringLiteral("user name at the server");
        QTest::newRow("space") << QByteArray("pop.isp.net:al ice") << QStringLiteral("spaces");
        // Found by fuzz_router: brackets are for IPv6 only; "[1]" (Qt reads "1" as 0.0.0.1) was taken for a host and
        // written back as "1", which no longer reads as one.
        QTest::newRow("bracketed IPv4") << QByteArray("[1]:400:alice") << QStringLiteral("names no host");
    }

    void refused()
    {
        QFETCH(QByteArray, name);
        QFETCH(QString, why);
        const ParsedChain parsed = ChainParser::parse(name);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error.contains(why), qPrintable(parsed.error));
    }

    // Model -> name -> parse -> chain -> name: the same string, and the same hosts, ports and separators.
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("docs") << QByteArray("127.0.0.1%110%pop.isp.net:110:user");
        QTest::newRow("omitted") << QByteArray("127.0.0.1%pop.isp.net:user");
        QTest::newRow("three hops") << QByteArray("127.0.0.1%2110%127.0.0.1#3110#mail.example.com:1995:a.b@c.d");
        QTest::newRow("scanner") << QByteArray("localhost:pop.isp.net:user");
        QTest::newRow("ipv6") << QByteArray("[::1]!4000!pop.isp.net:110:user");
    }

    void roundTrip()
    {
        QFETCH(QByteArray, name);
        const ParsedChain parsed = ChainParser::parse(name);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        Chain chain = ChainParser::toChain(parsed);
        QCOMPARE(chain.hops.size(), parsed.targets.size());
        chain.hops[0].port = 9999; // the mail client's port is not in the name
        QCOMPARE(ChainModel::clientUserName(chain), name);
        const ParsedChain again = ChainParser::parse(ChainModel::clientUserName(chain));
        QCOMPARE(again.user, parsed.user);
        QVERIFY(again.targets == parsed.targets);
    }

    void modelNamesParseBack()
    {
        Chain chain;
        ChainHop popfile;
        popfile.kind = ChainHopKind::PopFile;
        popfile.name = QStringLiteral("POPFile");
        popfile.port = 123;
        popfile.separator = '%';
        ChainHop antivirus = popfile;
        antivirus.name = QStringLiteral("Antivirus");
        antivirus.port = 110;
        antivirus.separator = ':';
        chain.hops = {popfile, antivirus};
        chain.server.host = QStringLiteral("pop.isp.net");
        chain.server.port = 110;
        chain.server.user = QStringLiteral("user");
        const ParsedChain parsed = ChainParser::parse(ChainModel::clientUserName(chain));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.targets.size(), 2);
        QCOMPARE(parsed.targets.at(0).port, antivirus.port);
        QCOMPARE(parsed.targets.at(1).host, chain.server.host);
        const Chain back = ChainParser::toChain(parsed);
        QCOMPARE(back.hops.at(1).port, antivirus.port);
        QCOMPARE(back.hops.at(1).separator, antivirus.separator);
        QCOMPARE(back.hops.at(0).separator, popfile.separator);
        QCOMPARE(back.server.user, chain.server.user);
    }
};

QTEST_GUILESS_MAIN(TestChainParser)
#include "tst_chainparser.moc"
