// ProbeReport::recommend: which security mode the setup wizard proposes for what a probe found. Modes are
// written by their config names so each row reads like the wizard's outcome.

#include "setup/probereport.h"

#include <QTest>

Q_DECLARE_METATYPE(mailshim::PortReport)

using namespace mailshim;

namespace {

enum class Tls { None, Trusted, Pinnable, Broken };

PortReport port(bool greets, bool apop, bool stls, Tls tls)
{
    PortReport p;
    p.reachable = true;
    p.banner = greets ? QStringLiteral("+OK ready") : QStringLiteral("* garbage");
    p.greetingOk = greets;
    if (!greets)
        p.error = QStringLiteral("did not greet with +OK");
    p.apopTimestamp = apop;
    p.stls = stls;
    if (tls == Tls::None)
        return p;
    CertificateInfo certificate;
    certificate.spkiSha256Hex = QByteArrayLiteral("ab12");
    certificate.trusted = tls == Tls::Trusted;
    certificate.pinnable = tls != Tls::Broken;
    if (tls != Tls::Trusted)
        certificate.problems << QStringLiteral("The issuer certificate of a locally looked up certificate could not "
                                               "be found");
    p.certificate = certificate;
    p.tlsOk = tls == Tls::Trusted;
    if (!p.tlsOk)
        p.tlsError = tls == Tls::Broken ? QStringLiteral("TLS handshake failed") : QStringLiteral("not trusted");
    return p;
}

PortReport closed()
{
    PortReport p;
    p.error = QStringLiteral("cannot connect: Connection refused");
    return p;
}

QString names(const QList<Security> &modes)
{
    QStringList list;
    for (const Security mode : modes)
        list << securityName(mode);
    return list.join(QLatin1Char(','));
}

} // namespace

class TestProbeReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recommend_data()
    {
        QTest::addColumn<PortReport>("plain");
        QTest::addColumn<PortReport>("implicitTls");
        QTest::addColumn<QString>("recommended"); // empty: none
        QTest::addColumn<bool>("needsPin");
        QTest::addColumn<QString>("working");
        QTest::addColumn<QString>("pinnable");
        QTest::addColumn<QString>("reasonHas");

        const PortReport allTrusted995 = port(true, true, false, Tls::Trusted);
        QTest::newRow("everything trusted: tls")
            << port(true, true, true, Tls::Trusted) << allTrusted995 << "tls" << false << "tls,stls,apop+tls,apop"
            << ""
            << "trusted certificate";
        QTest::newRow("995 closed, STLS trusted: stls")
            << port(true, true, true, Tls::Trusted) << closed() << "stls" << false << "stls,apop"
            << ""
            << "Connection refused";
        QTest::newRow("both untrusted: tls with a pin, apop without")
            << port(true, true, true, Tls::Pinnable) << port(true, true, false, Tls::Pinnable) << "tls" << true
            << "apop"
            << "tls,stls,apop+tls"
            << "pin";
        QTest::newRow("trusted STLS beats pinned TLS")
            << port(true, false, true, Tls::Trusted) << port(true, false, false, Tls::Pinnable) << "stls" << false
            << "stls"
            << "tls"
            << "STLS";
        QTest::newRow("pinned TLS beats APOP in the clear")
            << port(true, true, false, Tls::None) << port(true, false, false, Tls::Pinnable) << "tls" << true << "apop"
            << "tls"
            << "Without a pin, apop works";
        QTest::newRow("no TLS at all: apop")
            << port(true, true, false, Tls::None) << closed() << "apop" << false << "apop"
            << ""
            << "legacy";
        QTest::newRow("plain only: nothing") << port(true, false, false, Tls::None) << closed() << "" << false << ""
                                             << ""
                                             << "plain POP3 only";
        QTest::newRow("nothing reachable") << closed() << closed() << "" << false << ""
                                           << ""
                                           << "No protected mode";
        QTest::newRow("TLS done but no +OK inside it")
            << port(true, true, false, Tls::None) << port(false, false, false, Tls::Trusted) << "apop" << false
            << "apop"
            << ""
            << "legacy";
        QTest::newRow("broken handshakes are not pinnable")
            << port(true, true, true, Tls::Broken) << port(true, true, false, Tls::Broken) << "apop" << false << "apop"
            << ""
            << "TLS handshake failed";
        QTest::newRow("no APOP timestamp inside TLS: no apop+tls")
            << port(true, false, false, Tls::None) << port(true, false, false, Tls::Trusted) << "tls" << false << "tls"
            << ""
            << "trusted";
        QTest::newRow("garbage greeting on 110 hides its STLS")
            << port(false, true, true, Tls::None) << closed() << "" << false << ""
            << ""
            << "No protected mode";
    }

    void recommend()
    {
        QFETCH(PortReport, plain);
        QFETCH(PortReport, implicitTls);
        QFETCH(QString, recommended);
        QFETCH(bool, needsPin);
        QFETCH(QString, working);
        QFETCH(QString, pinnable);
        QFETCH(QString, reasonHas);

        ProbeReport report;
        report.host = QStringLiteral("pop.example.net");
        report.plain = plain;
        report.implicitTls = implicitTls;
        report.recommend();
        QCOMPARE(report.recommended ? securityName(*report.recommended) : QString(), recommended);
        QCOMPARE(report.recommendationNeedsPin, needsPin);
        QCOMPARE(names(report.workingModes), working);
        QCOMPARE(names(report.pinnableModes), pinnable);
        QVERIFY2(report.reason.contains(reasonHas), qPrintable(report.reason));
        QVERIFY(!report.workingModes.contains(Security::Plain));
        if (needsPin)
            QVERIFY(report.reason.contains(QStringLiteral("ab12"))); // the key to pin is named
    }

    void recommendIsRepeatable()
    {
        ProbeReport report;
        report.plain = port(true, true, true, Tls::Trusted);
        report.implicitTls = port(true, true, false, Tls::Trusted);
        report.recommend();
        report.recommend();
        QCOMPARE(report.workingModes.size(), 4);
    }

    void certificateForMode()
    {
        ProbeReport report;
        report.plain = port(true, false, true, Tls::Pinnable);
        report.implicitTls = port(true, false, false, Tls::Trusted);
        QVERIFY(!report.certificateFor(Security::Stls)->trusted);
        QVERIFY(report.certificateFor(Security::Tls)->trusted);
        QVERIFY(report.certificateFor(Security::ApopTls)->trusted);
        QVERIFY(!report.certificateFor(Security::Apop));
        QCOMPARE(report.portFor(Security::Stls), quint16(110));
        QCOMPARE(report.portFor(Security::ApopTls), quint16(995));
    }
};

QTEST_GUILESS_MAIN(TestProbeReport)
#include "tst_probereport.moc"
