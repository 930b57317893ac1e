// The control channel's framing and its JSON forms: what a malformed or oversized frame turns into, and
// that status and log records survive the trip.

#include "service/control/controlprotocol.h"

#include <QJsonDocument>
#include <QTest>

using namespace mailshim;
using ControlProtocol::FrameReader;

class TestControlProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void credentialKeyRoundTrip()
    {
        const CredentialKey key{QStringLiteral("Pop.Example.com"), 995, QStringLiteral("alice@example.com")};
        QString error;
        const std::optional<CredentialKey> back =
            ControlProtocol::credentialKeyFromJson(ControlProtocol::credentialKeyToJson(key), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->host, key.host);
        QCOMPARE(back->port, key.port);
        QCOMPARE(back->user, key.user);
        // Through the wire form too.
        const std::optional<QJsonObject> decoded = ControlProtocol::decode(
            ControlProtocol::encode({{QStringLiteral("key"), ControlProtocol::credentialKeyToJson(key)}}).trimmed(),
            &error);
        QVERIFY(decoded);
        QVERIFY(ControlProtocol::credentialKeyFromJson(decoded->value(QStringLiteral("key")), &error));
        // A refresh token's entry (RefreshTokenStore::keyFor) has port 0; a mail server's never.
        const CredentialKey token{QStringLiteral("oauth2/microsoft/common"), 0, QStringLiteral("alice@contoso.com")};
        const std::optional<CredentialKey> tokenBack =
            ControlProtocol::credentialKeyFromJson(ControlProtocol::credentialKeyToJson(token), &error);
        QVERIFY2(tokenBack, qPrintable(error));
        QCOMPARE(tokenBack->port, quint16(0));
        QCOMPARE(tokenBack->host, token.host);
        for (const char *bad : {R"({"host":"h","port":70000,"user":"u"})", R"({"host":"","port":1,"user":"u"})",
                                R"({"host":"h","port":0,"user":"u"})", R"({"host":"oauth2/x","port":-1,"user":"u"})",
                                R"({"host":"h","port":1.5,"user":"u"})", R"({"host":"h","port":"1","user":"u"})",
                                R"({"host":"h\u0000","port":1,"user":"u"})", R"([1])"}) {
            const QJsonValue value = QJsonDocument::fromJson(bad).isArray()
                                         ? QJsonValue(QJsonDocument::fromJson(bad).array())
                                         : QJsonValue(QJsonDocument::fromJson(bad).object());
            error.clear();
            QVERIFY2(!ControlProtocol::credentialKeyFromJson(value, &error), bad);
            QVERIFY(error.contains(QStringLiteral("\"key\"")));
        }
    }

    void splitsLinesAcrossChunks()
    {
        FrameReader reader;
        reader.append("{\"a\":1}\r\n{\"b\"");
        auto line = reader.next();
        QVERIFY(line);
        QCOMPARE(line->text, QByteArray("{\"a\":1}"));
        QVERIFY(!reader.next());
        reader.append(":2}\n");
        line = reader.next();
        QVERIFY(line);
        QCOMPARE(line->text, QByteArray("{\"b\":2}"));
        QVERIFY(!reader.next());
    }

    void overlongLineIsReportedOnceAndSkipped()
    {
        FrameReader reader;
        const QByteArray big(ControlProtocol::kMaxLineBytes + 10, 'x');
        reader.append(big.left(ControlProtocol::kMaxLineBytes / 2));
        QVERIFY(!reader.next()); // not yet over the limit
        reader.append(big.mid(ControlProtocol::kMaxLineBytes / 2));
        auto line = reader.next();
        QVERIFY(line);
        QVERIFY(line->tooLong);
        QVERIFY(!reader.next());             // the rest of it is dropped silently...
        reader.append("yyyy\n{\"ok\":1}\n"); // ...up to its end
        line = reader.next();
        QVERIFY(line);
        QVERIFY(!line->tooLong);
        QCOMPARE(line->text, QByteArray("{\"ok\":1}"));
    }

    void overlongLineInOneChunk()
    {
        FrameReader reader;
        reader.append(QByteArray(ControlProtocol::kMaxLineBytes + 1, 'x') + "\n{}\n");
        auto line = reader.next();
        QVERIFY(line && line->tooLong);
        line = reader.next();
        QVERIFY(line && !line->tooLong);
        QCOMPARE(line->text, QByteArray("{}"));
    }

    void decodeNamesTheProblem()
    {
        QString error;
        QVERIFY(!ControlProtocol::decode("{\"id\":", &error));
        QVERIFY2(error.startsWith(QStringLiteral("not JSON")), qPrintable(error));
        QVERIFY(!ControlProtocol::decode("[1,2]", &error));
        QCOMPARE(error, QStringLiteral("not a JSON object"));
        QVERIFY(ControlProtocol::decode("{\"cmd\":\"status\"}", &error));
    }

    void statusRoundTrip()
    {
        ListenerStatus status;
        status.state = ListenerStatus::State::Waiting;
        status.detail = QStringLiteral("waiting for network");
        status.activeSessions = 3;
        status.totalSessions = 1234567890123ULL;
        status.rejectedSessions = 7;
        status.lastConnection = QDateTime::currentDateTime();
        status.lastOk = false;
        status.lastResult = QStringLiteral("cannot reach pop.example.net");
        status.lastFailure = ServerError::Kind::Tls;
        const ListenerStatus back = ControlProtocol::statusFromJson(ControlProtocol::statusToJson(status));
        QCOMPARE(back.state, status.state);
        QCOMPARE(back.detail, status.detail);
        QCOMPARE(back.activeSessions, 3);
        QCOMPARE(back.totalSessions, status.totalSessions);
        QCOMPARE(back.rejectedSessions, quint64(7));
        QCOMPARE(back.lastConnection, status.lastConnection);
        QCOMPARE(back.lastOk, false);
        QCOMPARE(back.lastResult, status.lastResult);
        QCOMPARE(back.lastFailure, ServerError::Kind::Tls);
    }

    void logRecordRoundTrip()
    {
        const LogRecord record{QDateTime::currentDateTime(),
                               LogLevel::LowLevel,
                               QStringLiteral("mailshim.pop3"),
                               QStringLiteral("isp"),
                               42,
                               QStringLiteral("RETR 1"),
                               Message(QT_TRANSLATE_NOOP("Engine", "client: %1"), {QStringLiteral("RETR")})};
        const LogRecord back = ControlProtocol::logRecordFromJson(ControlProtocol::logRecordToJson(record));
        QCOMPARE(back.format(), record.format());
        QVERIFY(back.message == record.message); // the window can still word it in the user's language
    }

    void configFromTheWireIsValidated()
    {
        const ConfigLoadResult result = ControlProtocol::configFromJson(
            QJsonObject{{QStringLiteral("listeners"), QJsonArray{QJsonObject{{QStringLiteral("name"), 5}}}}});
        QVERIFY(!result.ok());
        QCOMPARE(result.errors.first().field, QStringLiteral("listeners[0].name"));
    }
};

QTEST_GUILESS_MAIN(TestControlProtocol)
#include "tst_controlprotocol.moc"
