// A real chain, end to end: three separate mailshim-service processes and the real Dovecot.
//   A (routing, separator '%', standing in for POPFile) -> B (routing, separator ':', standing in for the
//   antivirus proxy) -> C (fixed upstream, tls) -> Dovecot's POP3S port.
// Each instance's listener is the one ChainModel writes for its place in the chain. Python's poplib logs in at
// A with the user name ChainModel computes and retrieves every message byte for byte; ChainTester reports a
// working chain, and for a broken one the hop that refused and its reply.

#include "core/configloader.h"
#include "dovecotfixture.h"
#include "enginetestbed.h"
#include "setup/chainmodel.h"
#include "setup/chaintester.h"
#include "testprocess.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace mailshim;

class TestChainEndToEnd : public QObject
{
    Q_OBJECT

private:
    DovecotFixture m_dovecot;
    Chain m_chain;
    std::unique_ptr<QProcess> m_services[3];
    QByteArray m_logs[3];

    // The listener MailShim instance i runs: the model's config for a MailShim standing at hop i.
    ListenerConfig listenerFor(const Chain &chain, int i) const
    {
        Chain asMailShim = chain;
        asMailShim.hops[i].kind = ChainHopKind::MailShim;
        ListenerConfig base;
        base.name = chain.hops.at(i).name;
        base.failedAccountRetrySeconds = 0;
        return ChainModel::mailShimListener(asMailShim, i, base);
    }

    bool startService(int i, const ListenerConfig &listener, QString *error)
    {
        Config config = EngineTestbed::baseConfig();
        config.logLevel = LogLevel::LowLevel;
        config.listeners = {listener};
        const QString path = m_dovecot.workDir() + QStringLiteral("/chain-%1.json").arg(i);
        if (!ConfigLoader::saveFile(config, path, error))
            return false;
        if (m_services[i])
            TestProcess::stop(*m_services[i], 5000);
        m_services[i] = std::make_unique<QProcess>();
        m_logs[i].clear();
        QProcess &p = *m_services[i];
        p.start(QStringLiteral(MAILSHIM_SERVICE_BINARY),
                {QStringLiteral("--console"), QStringLiteral("--config"), path});
        if (!p.waitForStarted()) {
            *error = p.errorString();
            return false;
        }
        const bool listening = QTest::qWaitFor(
            [&] {
                m_logs[i] += p.readAllStandardError();
                return m_logs[i].contains("listening on");
            },
            10000);
        if (!listening)
            *error = QString::fromUtf8(m_logs[i]);
        return listening;
    }

    ChainTestResult runTester(const Chain &chain, const QByteArray &password)
    {
        ChainTester tester;
        QSignalSpy done(&tester, &ChainTester::finished);
        tester.start(chain, password, 10);
        if (!done.wait(60000))
            return ChainTestResult{};
        return done.first().first().value<ChainTestResult>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ChainTestResult>();
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
        ChainHop a;
        a.kind = ChainHopKind::PopFile;
        a.name = QStringLiteral("POPFile (A)");
        a.separator = '%';
        a.port = EngineTestbed::freePort();
        ChainHop b = a;
        b.name = QStringLiteral("Antivirus (B)");
        b.separator = ':';
        do
            b.port = EngineTestbed::freePort();
        while (b.port == a.port);
        ChainHop c;
        c.kind = ChainHopKind::MailShim;
        c.name = QStringLiteral("MailShim (C)");
        do
            c.port = EngineTestbed::freePort();
        while (c.port == a.port || c.port == b.port);
        m_chain.hops = {a, b, c};
        m_chain.server.host = m_dovecot.tlsHostName();
        m_chain.server.port = m_dovecot.pop3sPort();
        m_chain.server.security = Security::Tls;
        m_chain.server.caFile = m_dovecot.caFile();
        m_chain.server.user = DovecotFixture::user();
        QVERIFY(!ChainModel::hasErrors(ChainModel::problems(m_chain)));
        for (int i = 0; i < 3; ++i)
            QVERIFY2(startService(i, listenerFor(m_chain, i), &error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        for (int i = 0; i < 3; ++i) {
            if (!m_services[i])
                continue;
            TestProcess::stop(*m_services[i], 5000);
            m_logs[i] += m_services[i]->readAllStandardError();
            QVERIFY2(!m_logs[i].contains(DovecotFixture::password().toUtf8()), "a password reached a log");
        }
    }

    void realClientRetrievesEveryMessage()
    {
        const QByteArray name = ChainModel::clientUserName(m_chain);
        QCOMPARE(name, QStringLiteral("127.0.0.1%%1%127.0.0.1:%2:alice")
                           .arg(m_chain.hops.at(1).port)
                           .arg(m_chain.hops.at(2).port)
                           .toUtf8());
        PopClients::Endpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = m_chain.hops.at(0).port;
        endpoint.user = QString::fromUtf8(name);
        endpoint.password = DovecotFixture::password();
        endpoint.mode = PopClients::Mode::Plain;
        const qsizetype logStart = m_dovecot.log().size();
        const PopClients::Result r = PopClients::poplibRetrAll(endpoint, m_dovecot.workDir());
        QVERIFY2(r.ok, qPrintable(r.describe()));
        QCOMPARE(r.messages.size(), m_dovecot.messages().size());
        for (int i = 0; i < r.messages.size(); ++i)
            QVERIFY2(r.messages.at(i) == m_dovecot.messages().at(i),
                     qPrintable(QStringLiteral("message %1").arg(i + 1)));
        // The last link was MailShim C's TLS, with the plain user name at the server.
        QVERIFY2(m_dovecot.waitForLog("user=<alice>", logStart), m_dovecot.log().mid(logStart).constData());
        QVERIFY2(m_dovecot.log().mid(logStart).contains("TLS"), m_dovecot.log().mid(logStart).constData());
        QVERIFY(m_dovecot.waitForSessionsToEnd());
    }

    void testerReportsAWorkingChain()
    {
        const ChainTestResult result = runTester(m_chain, DovecotFixture::password().toUtf8());
        QVERIFY2(result.ok(), qPrintable(result.describe()));
        QCOMPARE(result.hop, -1);
        QVERIFY2(result.stat.startsWith(QStringLiteral("+OK %1 ").arg(m_dovecot.messageCount())),
                 qPrintable(result.stat));
        QVERIFY(m_dovecot.waitForSessionsToEnd());
    }

    void testerNamesTheRefusingHop()
    {
        // B's allow-list no longer has C: B refuses the name it should accept, and says so.
        Chain elsewhere = m_chain;
        elsewhere.hops[2].port = quint16(m_chain.hops.at(2).port == 65535 ? 1 : m_chain.hops.at(2).port + 1);
        QString error;
        QVERIFY2(startService(1, listenerFor(elsewhere, 1), &error), qPrintable(error));
        const ChainTestResult result = runTester(m_chain, DovecotFixture::password().toUtf8());
        QCOMPARE(result.outcome, ChainTestResult::Outcome::Refused);
        QCOMPARE(result.hop, 1);
        QCOMPARE(result.hopName, QStringLiteral("Antivirus (B)"));
        QVERIFY2(result.reply.contains(QStringLiteral("allow-list")), qPrintable(result.reply));
        QVERIFY2(result.describe().contains(QStringLiteral("Antivirus (B)")), qPrintable(result.describe()));
        QVERIFY2(startService(1, listenerFor(m_chain, 1), &error), qPrintable(error));
        QVERIFY(m_dovecot.waitForSessionsToEnd());
    }

    void testerBlamesTheLastHopForAWrongPassword()
    {
        const qsizetype logStart = m_dovecot.log().size();
        const ChainTestResult result = runTester(m_chain, "wrong password");
        QCOMPARE(result.outcome, ChainTestResult::Outcome::Refused);
        QCOMPARE(result.hop, 2);
        QCOMPARE(result.command, QByteArray("PASS"));
        QVERIFY2(result.reply.contains(QStringLiteral("[AUTH]")), qPrintable(result.reply));
        // Once through the chain, once at C to find where: never more against the account.
        QVERIFY(m_dovecot.waitForSessionsToEnd());
        QTest::qWait(300);
        QCOMPARE(m_dovecot.log().mid(logStart).count("auth failed"), 2);
    }

    void testerFindsAHopThatIsNotRunning()
    {
        Chain missing = m_chain;
        missing.hops[1].port = EngineTestbed::freePort();
        const ChainTestResult result = runTester(missing, DovecotFixture::password().toUtf8());
        QCOMPARE(result.outcome, ChainTestResult::Outcome::Unreachable);
        QCOMPARE(result.hop, 1);
        QCOMPARE(result.port, missing.hops.at(1).port);
    }
};

QTEST_GUILESS_MAIN(TestChainEndToEnd)
#include "tst_chainend2end.moc"
