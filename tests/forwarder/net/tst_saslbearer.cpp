// SaslBearer: the exact bytes of XOAUTH2 and OAUTHBEARER (RFC 7628) responses, the abort lines, the choice between
// them, and what is read from an error challenge.

#include "net/saslbearer.h"

#include <QTest>

using namespace mailshim;

class TestSaslBearer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void xoauth2()
    {
        QCOMPARE(SaslBearer::initialResponse(SaslBearer::Mechanism::XOAuth2, "someuser@example.com", "ya29.vF9dft4qmT",
                                             QStringLiteral("imap.gmail.com"), 993),
                 QByteArray("user=someuser@example.com\x01"
                            "auth=Bearer ya29.vF9dft4qmT\x01\x01"));
        QCOMPARE(SaslBearer::name(SaslBearer::Mechanism::XOAuth2), QByteArray("XOAUTH2"));
        QCOMPARE(SaslBearer::abortResponse(SaslBearer::Mechanism::XOAuth2), QByteArray());
    }

    // RFC 7628 4.1's example, and RFC 5801's escaping of "," and "=" in the authorization identity.
    void oauthbearer()
    {
        QCOMPARE(SaslBearer::initialResponse(
                     SaslBearer::Mechanism::OAuthBearer, "user@example.com",
                     "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==", QStringLiteral("server.example.com"), 143),
                 QByteArray("n,a=user@example.com,\x01host=server.example.com\x01port=143\x01"
                            "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"));
        QVERIFY(SaslBearer::initialResponse(SaslBearer::Mechanism::OAuthBearer, "a,b=c", "t", QStringLiteral("h"), 1)
                    .startsWith("n,a=a=2Cb=3Dc,\x01"));
        QCOMPARE(SaslBearer::abortResponse(SaslBearer::Mechanism::OAuthBearer), QByteArray("AQ=="));
        QCOMPARE(SaslBearer::name(SaslBearer::Mechanism::OAuthBearer), QByteArray("OAUTHBEARER"));
    }

    void choice()
    {
        QCOMPARE(SaslBearer::choose({"PLAIN", "OAUTHBEARER", "XOAUTH2"}), SaslBearer::Mechanism::OAuthBearer);
        QCOMPARE(SaslBearer::choose({"PLAIN", "XOAUTH2"}), SaslBearer::Mechanism::XOAuth2);
        QCOMPARE(SaslBearer::choose({}), SaslBearer::Mechanism::XOAuth2); // not listed is not refused
    }

    void challenge()
    {
        const QByteArray google = R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})";
        QCOMPARE(SaslBearer::challengeStatus(google.toBase64()), QStringLiteral("401"));
        QCOMPARE(SaslBearer::challengeStatus(QByteArray(R"({"status":"invalid_token"})").toBase64()),
                 QStringLiteral("invalid_token"));
        QCOMPARE(SaslBearer::challengeStatus("not base64 !"), QString());
        QCOMPARE(SaslBearer::challengeStatus(QByteArray("\x01\x02").toBase64()), QString());
        QVERIFY(!SaslBearer::challengeStatus(QByteArray("{\"status\":\"a\\r\\nb\"}").toBase64())
                     .contains(QLatin1Char('\n')));
    }
};

QTEST_GUILESS_MAIN(TestSaslBearer)
#include "tst_saslbearer.moc"
