// Pop3Codec: line caps, bare LF, command parsing, APOP digests and timestamp validation, CAPA filtering.

#include "net/wiretext.h"
#include "pop3/pop3codec.h"

#include <QTest>

using namespace mailshim;

class TestPop3Codec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lineReader_data()
    {
        QTest::addColumn<QByteArrayList>("chunks");
        QTest::addColumn<int>("cap");
        QTest::addColumn<QByteArrayList>("lines");
        QTest::addColumn<bool>("overflow");

        QTest::newRow("crlf") << QByteArrayList{"USER a\r\nPASS b\r\n"} << 255 << QByteArrayList{"USER a", "PASS b"}
                              << false;
        QTest::newRow("bare LF accepted")
            << QByteArrayList{"USER a\nPASS b\n"} << 255 << QByteArrayList{"USER a", "PASS b"} << false;
        QTest::newRow("split across reads")
            << QByteArrayList{"US", "ER a\r", "\nPA", "SS b\r\n"} << 255 << QByteArrayList{"USER a", "PASS b"} << false;
        QTest::newRow("stray CR kept inside the line")
            << QByteArrayList{"USER a\rDELE 1\r\n"} << 255 << QByteArrayList{"USER a\rDELE 1"} << false;
        QTest::newRow("exactly at cap") << QByteArrayList{QByteArray(8, 'x') + "\r\n"} << 10
                                        << QByteArrayList{QByteArray(8, 'x')} << false;
        QTest::newRow("complete line over cap")
            << QByteArrayList{QByteArray(9, 'x') + "\r\n"} << 10 << QByteArrayList{} << true;
        QTest::newRow("no LF ever") << QByteArrayList{QByteArray(6, 'x'), QByteArray(6, 'x')} << 10 << QByteArrayList{}
                                    << true;
        QTest::newRow("good line then endless one")
            << QByteArrayList{"NOOP\r\n" + QByteArray(20, 'y')} << 10 << QByteArrayList{"NOOP"} << true;
    }
    void lineReader()
    {
        QFETCH(QByteArrayList, chunks);
        QFETCH(int, cap);
        QFETCH(QByteArrayList, lines);
        QFETCH(bool, overflow);
        LineReader reader(cap);
        QByteArrayList got;
        for (const QByteArray &chunk : chunks) {
            reader.append(chunk);
            while (const auto line = reader.takeLine())
                got << *line;
        }
        if (!overflow)
            QCOMPARE(got, lines);
        else
            QVERIFY(got.size() <= lines.size()); // good lines before the bad one may be taken
        QCOMPARE(reader.overflowed(), overflow);
    }

    void parseCommand_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("keyword");
        QTest::addColumn<QByteArray>("argument");
        QTest::newRow("lower case") << QByteArray("user alice") << QByteArray("USER") << QByteArray("alice");
        QTest::newRow("password with spaces")
            << QByteArray("PASS  my secret ") << QByteArray("PASS") << QByteArray(" my secret ");
        QTest::newRow("no argument") << QByteArray("stat") << QByteArray("STAT") << QByteArray();
        QTest::newRow("8-bit user") << QByteArray("USER \xe3\x81\x82\xff") << QByteArray("USER")
                                    << QByteArray("\xe3\x81\x82\xff");
    }
    void parseCommand()
    {
        QFETCH(QByteArray, line);
        const Pop3Command command = Pop3Codec::parseCommand(line);
        QTEST(command.keyword, "keyword");
        QTEST(command.argument, "argument");
    }

    void forbiddenBytes()
    {
        QVERIFY(WireText::hasForbiddenControlBytes(QByteArray("al\0ice", 6)));
        QVERIFY(WireText::hasForbiddenControlBytes("alice\rDELE 1"));
        QVERIFY(WireText::hasForbiddenControlBytes("alice\nDELE 1"));
        QVERIFY(!WireText::hasForbiddenControlBytes("alice \xff\x80"));
    }

    void http()
    {
        QVERIFY(WireText::looksLikeHttpRequest("GET / HTTP/1.1"));
        QVERIFY(WireText::looksLikeHttpRequest("POST /x HTTP/1.0"));
        QVERIFY(WireText::looksLikeHttpRequest("OPTIONS * HTTP/1.1"));
        QVERIFY(!WireText::looksLikeHttpRequest("USER get"));
        QVERIFY(!WireText::looksLikeHttpRequest("DELE 1"));
    }

    void responses()
    {
        QCOMPARE(Pop3Codec::responseStatus("+OK ready"), Pop3Codec::Status::Ok);
        QCOMPARE(Pop3Codec::responseStatus("-ERR [AUTH] no"), Pop3Codec::Status::Err);
        QCOMPARE(Pop3Codec::responseStatus("* OK imap"), Pop3Codec::Status::Invalid);
        QCOMPARE(Pop3Codec::responseCode("-ERR [AUTH] Authentication failed."), QByteArray("AUTH"));
        QCOMPARE(Pop3Codec::responseCode("-ERR [in-use] locked"), QByteArray("IN-USE"));
        QCOMPARE(Pop3Codec::responseCode("-ERR [SYS/TEMP] later"), QByteArray("SYS/TEMP"));
        QCOMPARE(Pop3Codec::responseCode("-ERR no code [AUTH]"), QByteArray());
    }

    void apopDigest_data()
    {
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("digest");
        // RFC 1939 section 7's own example.
        QTest::newRow("rfc1939") << QByteArray("<1896.697170952@dbc.mtview.ca.us>") << QByteArray("tanstaaf")
                                 << QByteArray("c4c9334bac560ecc979e58001b3e22fb");
        // Checked with: printf '%s' '<1.2@host>secret' | md5sum
        QTest::newRow("dovecot-like") << QByteArray("<1.2@host>") << QByteArray("secret")
                                      << QCryptographicHash::hash("<1.2@host>secret", QCryptographicHash::Md5).toHex();
        QTest::newRow("8-bit secret") << QByteArray("<a@b>") << QByteArray("p\xe4ss")
                                      << QCryptographicHash::hash("<a@b>p\xe4ss", QCryptographicHash::Md5).toHex();
    }
    void apopDigest()
    {
        QFETCH(QByteArray, timestamp);
        QFETCH(QByteArray, secret);
        const QByteArray digest = Pop3Codec::apopDigest(timestamp, secret);
        QTEST(digest, "digest");
        QCOMPARE(digest, digest.toLower());
        QCOMPARE(digest.size(), 32);
    }

    void apopTimestamp_data()
    {
        QTest::addColumn<QByteArray>("greeting");
        QTest::addColumn<QByteArray>("timestamp"); // empty: refused
        QTest::newRow("rfc1939") << QByteArray("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>")
                                 << QByteArray("<1896.697170952@dbc.mtview.ca.us>");
        QTest::newRow("dovecot") << QByteArray("+OK Dovecot (Debian) ready. <1a2b.1.5f3e.abc+/=@host>")
                                 << QByteArray("<1a2b.1.5f3e.abc+/=@host>");
        QTest::newRow("none") << QByteArray("+OK ready") << QByteArray();
        QTest::newRow("empty <>") << QByteArray("+OK ready <>") << QByteArray();
        QTest::newRow("no @") << QByteArray("+OK ready <12345.678>") << QByteArray();
        QTest::newRow("nothing before @") << QByteArray("+OK ready <@host>") << QByteArray();
        QTest::newRow("nothing after @") << QByteArray("+OK ready <123@>") << QByteArray();
        QTest::newRow("two @") << QByteArray("+OK ready <1@2@host>") << QByteArray();
        QTest::newRow("8-bit") << QByteArray("+OK ready <12\xe9@host>") << QByteArray();
        QTest::newRow("space inside") << QByteArray("+OK ready <12 3@host>") << QByteArray();
        QTest::newRow("control byte") << QByteArray("+OK ready <12\x01@host>") << QByteArray();
        QTest::newRow("unterminated") << QByteArray("+OK ready <123@host") << QByteArray();
        QTest::newRow("over 255 bytes") << QByteArray("+OK <" + QByteArray(250, 'a') + "@host>") << QByteArray();
        QTest::newRow("255 bytes exactly") << QByteArray("+OK <" + QByteArray(248, 'a') + "@host>")
                                           << QByteArray("<" + QByteArray(248, 'a') + "@host>");
    }
    void apopTimestamp()
    {
        QFETCH(QByteArray, greeting);
        QFETCH(QByteArray, timestamp);
        const std::optional<QByteArray> got = Pop3Codec::apopTimestamp(greeting);
        if (timestamp.isEmpty())
            QVERIFY2(!got, got ? got->constData() : "");
        else
            QCOMPARE(got.value_or("(refused)"), timestamp);
    }

    void capaFilter()
    {
        const QList<QByteArray> in{"TOP", "UIDL", "STLS", "SASL PLAIN LOGIN", "sasl plain", "RESP-CODES", "USER"};
        QCOMPARE(Pop3Codec::filterCapabilitiesAfterLogin(in), (QList<QByteArray>{"TOP", "UIDL", "RESP-CODES", "USER"}));
    }

    void sanitize()
    {
        QCOMPARE(WireText::sanitizeForDisplay("-ERR \x1b[31mred\x1b[0m"), QStringLiteral("-ERR ?[31mred?[0m"));
        QCOMPARE(WireText::sanitizeForDisplay(QByteArray(300, 'x'), 10), QStringLiteral("xxxxxxxxxx..."));
        QVERIFY(!WireText::sanitizeForDisplay("a\r\nb\0c").contains(QLatin1Char('\n')));
    }

    void responseKinds()
    {
        using Pop3Codec::parseCommand;
        QCOMPARE(responseKindFor(parseCommand("RETR 1")), ResponseKind::MultiLineIfOk);
        QCOMPARE(responseKindFor(parseCommand("top 1 0")), ResponseKind::MultiLineIfOk);
        QCOMPARE(responseKindFor(parseCommand("LIST")), ResponseKind::MultiLineIfOk);
        QCOMPARE(responseKindFor(parseCommand("LIST 2")), ResponseKind::SingleLine);
        QCOMPARE(responseKindFor(parseCommand("UIDL")), ResponseKind::MultiLineIfOk);
        QCOMPARE(responseKindFor(parseCommand("UIDL 3")), ResponseKind::SingleLine);
        QCOMPARE(responseKindFor(parseCommand("CAPA")), ResponseKind::Capabilities);
        QCOMPARE(responseKindFor(parseCommand("STAT")), ResponseKind::SingleLine);
        QCOMPARE(responseKindFor(parseCommand("DELE 1")), ResponseKind::SingleLine);
    }
};

QTEST_GUILESS_MAIN(TestPop3Codec)
#include "net/wiretext.h"
#include "tst_pop3codec.moc"
