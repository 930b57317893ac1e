// SmtpCodec: replies (multi-line, malformed), EHLO capabilities (AUTH in both forms, SIZE), AUTH PLAIN and LOGIN
// data, the EHLO reply MailShim gives the client, and the end of a DATA stream however it is cut.

#include "smtp/smtpcodec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace mailshim;

namespace {

// Postfix 3.7's EHLO reply on the submission port after STARTTLS (as Debian's Postfix with Dovecot SASL sends it).
SmtpReply postfixEhlo()
{
    SmtpReplyReader reader;
    const QList<QByteArray> lines{
        "250-mail.example.org", "250-PIPELINING",          "250-SIZE 52428800", "250-ETRN", "250-AUTH PLAIN LOGIN",
        "250-AUTH=PLAIN LOGIN", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",      "250-DSN",  "250-SMTPUTF8",
        "250 CHUNKING"};
    for (const QByteArray &line : lines)
        reader.feed(line);
    return reader.take();
}

} // namespace

class TestSmtpCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replies_data()
    {
        QTest::addColumn<QList<QByteArray>>("lines");
        QTest::addColumn<int>("result"); // of the last line
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("lineCount");
        using R = SmtpReplyReader::Result;
        QTest::newRow("single") << QList<QByteArray>{"220 mail.example.org ESMTP"} << int(R::Complete) << 220 << 1;
        QTest::newRow("bare code") << QList<QByteArray>{"250"} << int(R::Complete) << 250 << 1;
        QTest::newRow("multi-line 220") << QList<QByteArray>{"220-first", "220-second", "220 third"} << int(R::Complete)
                                        << 220 << 3;
        QTest::newRow("still open") << QList<QByteArray>{"250-a", "250-b"} << int(R::NeedMore) << 250 << 2;
        QTest::newRow("code changes") << QList<QByteArray>{"250-a", "251 b"} << int(R::Invalid) << 0 << 0;
        QTest::newRow("not a code") << QList<QByteArray>{"+OK Dovecot ready."} << int(R::Invalid) << 0 << 0;
        QTest::newRow("HTTP") << QList<QByteArray>{"HTTP/1.1 400 Bad Request"} << int(R::Invalid) << 0 << 0;
        QTest::newRow("code 100") << QList<QByteArray>{"100 continue"} << int(R::Invalid) << 0 << 0;
        QTest::newRow("no separator") << QList<QByteArray>{"250OK"} << int(R::Invalid) << 0 << 0;
        QTest::newRow("two digits") << QList<QByteArray>{"25 ok"} << int(R::Invalid) << 0 << 0;
    }

    void replies()
    {
        QFETCH(QList<QByteArray>, lines);
        QFETCH(int, result);
        SmtpReplyReader reader;
        SmtpReplyReader::Result last = SmtpReplyReader::Result::NeedMore;
        for (const QByteArray &line : lines)
            last = reader.feed(line);
        QCOMPARE(int(last), result);
        if (last == SmtpReplyReader::Result::Complete) {
            const SmtpReply reply = reader.take();
            QTEST(reply.code, "code");
            QTEST(int(reply.lines.size()), "lineCount");
        }
    }

    void invalidStaysInvalid()
    {
        SmtpReplyReader reader;
        QCOMPARE(reader.feed("garbage"), SmtpReplyReader::Result::Invalid);
        QCOMPARE(reader.feed("250 ok"), SmtpReplyReader::Result::Invalid);
    }

    void endlessReplyIsRefused()
    {
        SmtpReplyReader reader;
        SmtpReplyReader::Result last = SmtpReplyReader::Result::NeedMore;
        for (int i = 0; i <= SmtpReplyReader::kMaxLines && last == SmtpReplyReader::Result::NeedMore; ++i)
            last = reader.feed("250-X-PADDING");
        QCOMPARE(last, SmtpReplyReader::Result::Invalid);
    }

    void capabilitiesOfPostfix()
    {
        const SmtpCapabilities caps = SmtpCodec::capabilities(postfixEhlo());
        QVERIFY(caps.has("PIPELINING"));
        QVERIFY(caps.has("SMTPUTF8"));
        QVERIFY(caps.has("CHUNKING"));
        QVERIFY(!caps.has("MAIL.EXAMPLE.ORG")); // the first line is the server's name, not a keyword
        QCOMPARE(caps.sizeLimit, std::optional<qint64>(52428800));
        QCOMPARE(caps.authMechanisms, (QSet<QByteArray>{"PLAIN", "LOGIN"}));
        QCOMPARE(SmtpCodec::bestAuthMechanism(caps), std::optional<QByteArray>("PLAIN"));
    }

    void capabilitiesOldAuthFormAndLoginOnly()
    {
        // Outlook.com offers LOGIN only; some old servers announce only the pre-RFC "AUTH=" form.
        SmtpReplyReader reader;
        reader.feed("250-smtp.example.com Hello");
        reader.feed("250-SIZE");
        reader.feed("250 AUTH=login");
        const SmtpCapabilities caps = SmtpCodec::capabilities(reader.take());
        QCOMPARE(caps.authMechanisms, (QSet<QByteArray>{"LOGIN"}));
        QCOMPARE(caps.sizeLimit, std::optional<qint64>(0)); // SIZE without a number: no fixed limit
        QCOMPARE(SmtpCodec::bestAuthMechanism(caps), std::optional<QByteArray>("LOGIN"));
        QVERIFY(!SmtpCodec::bestAuthMechanism(SmtpCapabilities{}));
    }

    void commands()
    {
        const SmtpCommand mail = SmtpCodec::parseCommand("mail FROM:<a@example.org> SIZE=100");
        QCOMPARE(mail.verb, QByteArray("MAIL"));
        QCOMPARE(mail.argument, QByteArray("FROM:<a@example.org> SIZE=100"));
        QCOMPARE(SmtpCodec::parseCommand("DATA").verb, QByteArray("DATA"));
        QVERIFY(SmtpCodec::parseCommand("DATA").argument.isEmpty());
    }

    void authPlain_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("valid");
        QTest::newRow("no authzid") << QByteArray("\0alice\0secret", 13) << true;
        QTest::newRow("own authzid") << QByteArray("alice\0alice\0secret", 18) << true;
        QTest::newRow("other authzid") << QByteArray("root\0alice\0secret", 17) << false;
        QTest::newRow("two parts") << QByteArray("alice\0secret", 12) << false;
        QTest::newRow("four parts") << QByteArray("\0alice\0sec\0ret", 14) << false;
        QTest::newRow("empty password") << QByteArray("\0alice\0", 7) << false;
        QTest::newRow("CRLF in password") << QByteArray("\0alice\0sec\r\nQUIT", 16) << false;
    }

    void authPlain()
    {
        QFETCH(QByteArray, raw);
        QFETCH(bool, valid);
        const std::optional<SmtpCredentials> decoded = SmtpCodec::decodeAuthPlain(raw.toBase64());
        QCOMPARE(decoded.has_value(), valid);
        if (valid) {
            QCOMPARE(decoded->user, QByteArray("alice"));
            QCOMPARE(decoded->password, QByteArray("secret"));
            QCOMPARE(SmtpCodec::decodeAuthPlain(SmtpCodec::encodeAuthPlain(*decoded))->password, QByteArray("secret"));
        }
        QVERIFY(!SmtpCodec::decodeAuthPlain("not base64!"));
    }

    void authLoginLines()
    {
        QCOMPARE(SmtpCodec::decodeBase64Line(QByteArray("alice").toBase64()), std::optional<QByteArray>("alice"));
        QVERIFY(!SmtpCodec::decodeBase64Line(QByteArray("al\0ice", 6).toBase64())); // NUL in AUTH data
        QVERIFY(!SmtpCodec::decodeBase64Line("*"));
    }

    void localEhloReply()
    {
        const QByteArray reply = SmtpCodec::localEhloReply("MailShim", SmtpCodec::capabilities(postfixEhlo()));
        QVERIFY(reply.startsWith("250-MailShim\r\n"));
        QVERIFY(reply.endsWith("250 AUTH=LOGIN PLAIN\r\n"));
        for (const char *offered :
             {"PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "SIZE 52428800", "SMTPUTF8", "AUTH LOGIN PLAIN"})
            QVERIFY2(reply.contains(QByteArray("250-") + offered + "\r\n"), offered);
        QVERIFY(!reply.contains("STARTTLS"));
        QVERIFY(!reply.contains("CHUNKING"));
        // A server without SMTPUTF8 or SIZE: not offered on its behalf.
        const QByteArray bare = SmtpCodec::localEhloReply("MailShim", SmtpCapabilities{});
        QVERIFY(!bare.contains("SMTPUTF8"));
        QVERIFY(!bare.contains("SIZE"));
        // Parsed back as a reply, it is one well-formed 250.
        SmtpReplyReader reader;
        SmtpReplyReader::Result last = SmtpReplyReader::Result::NeedMore;
        for (const QByteArray &line : reply.split('\n'))
            if (!line.isEmpty())
                last = reader.feed(line.chopped(1));
        QCOMPARE(last, SmtpReplyReader::Result::Complete);
    }

    void dataEndsAtTheDotLineHoweverCut()
    {
        // A message with dot-stuffed lines, a "." inside a line, a bare LF and a CR alone, then the terminator and a
        // pipelined command: cut at every position into two reads, the message ends exactly after ".\r\n".
        const QByteArray message = "Subject: t\r\n\r\n..stuffed\r\na.b\r\n.x\r\nbare\nlf\r\nlone\rcr\r\n.\r\n";
        const QByteArray stream = message + "QUIT\r\n";
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            SmtpDataTracker tracker;
            qsizetype taken = tracker.feed(QByteArrayView(stream).first(cut));
            if (!tracker.ended())
                taken += tracker.feed(QByteArrayView(stream).sliced(cut));
            QVERIFY2(tracker.ended(), qPrintable(QString::number(cut)));
            QCOMPARE(taken, message.size());
        }
    }

    void dataRandomCuts()
    {
        // Random messages of lines that start with dots (stuffed, as a client sends them), cut into random reads.
        QRandomGenerator random(20261207);
        for (int round = 0; round < 300; ++round) {
            QByteArray message;
            const int lines = random.bounded(1, 30);
            for (int l = 0; l < lines; ++l) {
                QByteArray line(random.bounded(0, 12), 'x');
                if (random.bounded(3) == 0)
                    line.prepend(".."); // a stuffed dot: never the end
                message += line + "\r\n";
            }
            message += ".\r\n";
            SmtpDataTracker tracker;
            qsizetype at = 0;
            qsizetype taken = 0;
            while (!tracker.ended() && at < message.size()) {
                const qsizetype piece = qMin<qsizetype>(random.bounded(1, 8), message.size() - at);
                taken += tracker.feed(QByteArrayView(message).sliced(at, piece));
                at += piece;
            }
            QVERIFY(tracker.ended());
            QCOMPARE(taken, message.size());
        }
    }

    void dataAgreesWithAPlainSearch()
    {
        // Dot-heavy noise of '.', CR, LF and letters, cut at random: the tracker ends where a plain search for
        // CRLF "." CRLF ends (the stream's start counts as a line start), or takes everything when there is none.
        QRandomGenerator random(7122026);
        const char alphabet[] = {'.', '\r', '\n', 'a', '.', '\r', '\n'};
        for (int round = 0; round < 3000; ++round) {
            QByteArray stream(random.bounded(0, 200), Qt::Uninitialized);
            for (char &c : stream)
                c = alphabet[random.bounded(int(sizeof alphabet))];
            const qsizetype found = ("\r\n" + stream).indexOf("\r\n.\r\n");
            const qsizetype expected = found < 0 ? stream.size() : found + 3;
            SmtpDataTracker tracker;
            qsizetype at = 0;
            qsizetype taken = 0;
            while (!tracker.ended() && at < stream.size()) {
                const qsizetype piece = qMin<qsizetype>(random.bounded(1, 40), stream.size() - at);
                taken += tracker.feed(QByteArrayView(stream).sliced(at, piece));
                at += piece;
            }
            QVERIFY2(taken == expected && tracker.ended() == (found >= 0), stream.toPercentEncoding().constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestSmtpCodec)
#include "tst_smtpcodec.moc"
