// The control pipe on Windows (issue 16, item 2), run under Wine by installer/windows/wine-proof.sh: the pipe's
// security descriptor as Windows reads it back (GetSecurityInfo, then SDDL) holds exactly the intended entries; every
// client is authorised by its token against the list (an injected list that does not name this user refuses it); a
// program that takes the pipe's name first makes the service refuse to serve there, and makes the client refuse to
// talk on the service's well-known name. What Wine cannot show (it enforces no ACL, and every program runs as one
// user): docs/windows.md#the-control-pipe.

#include "net/message.h"
#include "service/control/controlclient.h"
#include "service/control/controlpipe_win.h"
#include "service/control/controlserver.h"
#include "service/control/localenginebackend.h"
#include "service/control/peeridentity.h"
#include "service/servicepaths.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>
#include <qt_windows.h>

using namespace mailshim;

namespace {

// A SID of nobody on this machine, for the lists this test injects.
const QString kStranger = QStringLiteral("S-1-5-21-1111111111-2222222222-3333333333-4242");

QString uniqueName(const char *what)
{
    return QStringLiteral("MailShim-test-%1-%2").arg(QLatin1String(what)).arg(GetCurrentProcessId());
}

// The entries of an SDDL DACL ("D:P(A;;FA;;;SY)(...)") in upper case, each without its parentheses.
QStringList aces(const QString &sddl)
{
    QStringList result;
    const QRegularExpression entry(QStringLiteral("\\(([^)]*)\\)"));
    for (auto it = entry.globalMatch(sddl); it.hasNext();)
        result << it.next().captured(1).toUpper();
    result.sort();
    return result;
}

// What ControlClient (the tray's end) gets from a server of this thread: the client blocks while it waits, so it runs
// in a thread of its own while this one serves.
struct ClientResult
{
    bool connected = false;
    bool refused = false;
    bool statusOk = false;
    QString error;
};

ClientResult connectFromAnotherThread(const QString &name)
{
    ClientResult result;
    std::atomic_bool done{false};
    std::unique_ptr<QThread> worker(QThread::create([&] {
        ControlClient client;
        result.connected = client.connectTo(name, 5000, &result.error);
        result.refused = client.refused();
        if (result.connected)
            result.statusOk = client.call(QStringLiteral("status")).value(QStringLiteral("ok")).toBool();
        done = true;
    }));
    worker->start();
    if (!QTest::qWaitFor([&] { return done.load(); }, 15000))
        qWarning("the client thread did not finish in 15 s");
    worker->wait();
    return result;
}

} // namespace

class TestControlPipe : public QObject
{
    Q_OBJECT

private:
    LocalEngineBackend m_backend{Config{}, [](const Config &, QString *) { return true; }, nullptr};

private Q_SLOTS:
    void securityDescriptorHasExactlyTheIntendedEntries()
    {
        const QString own = ControlPipe::currentUserSid();
        QVERIFY(!own.isEmpty());
        const QString served = QStringLiteral("S-1-5-21-1111111111-2222222222-3333333333-1001");
        ControlServer server(&m_backend, {});
        server.setAuthorizedUsers({own, QStringLiteral("S-1-5-18"), QStringLiteral("S-1-5-32-544"), served});
        const QString name = uniqueName("sddl");
        QString error;
        QVERIFY2(server.listen(name, &error), qPrintable(error));
        QCOMPARE(server.fullName(), QStringLiteral("\\\\.\\pipe\\") + name);

        const qintptr pipe = ControlPipe::openClient(name, 3000, &error);
        QVERIFY2(pipe != -1, qPrintable(error));
        const QString sddl = ControlPipe::readSecurityDescriptor(pipe, &error);
        ControlPipe::closePipe(pipe);
        QVERIFY2(!sddl.isEmpty(), qPrintable(error));
        qInfo("the pipe's DACL as read back: %s (this process runs as %s)", qPrintable(sddl), qPrintable(own));

        QVERIFY2(sddl.startsWith(QLatin1String("D:P")), qPrintable(sddl)); // protected: nothing inherited
        QStringList expected = {QStringLiteral("A;;FA;;;SY"), QStringLiteral("A;;FA;;;BA"),
                                QStringLiteral("A;;0X12008B;;;") + served.toUpper()};
        if (own != QLatin1String("S-1-5-18") && own != QLatin1String("S-1-5-32-544"))
            expected << QStringLiteral("A;;FA;;;") + own.toUpper();
        expected.sort();
        QCOMPARE(aces(sddl), expected);
        // And so nothing for Everyone, Authenticated Users, anonymous logons, interactive or network users.
        for (const char *anyone : {";WD", ";AU", ";AN", ";IU", ";NU", ";BU", "S-1-1-0", "S-1-5-11"})
            QVERIFY2(!sddl.toUpper().contains(QLatin1String(anyone)), anyone);
    }

    void sddlIsBuiltFromTheList()
    {
        // Pure: the service's own account gets full control once, the served users data access only, and what is not
        // a SID is left out rather than guessed.
        const QString sddl = ControlPipe::securityDescriptorSddl(
            QStringLiteral("S-1-5-18"), {QStringLiteral("S-1-5-18"), kStranger, kStranger, QStringLiteral("alice")});
        QCOMPARE(sddl, QStringLiteral("D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x12008b;;;%1)").arg(kStranger));
    }

    void serverSeesTheClientsToken()
    {
        ControlPipe::Listener listener;
        const QString name = uniqueName("token");
        QString error;
        QVERIFY2(listener.listen(name, ControlPipe::securityDescriptorSddl(ControlPipe::currentUserSid(), {}), &error),
                 qPrintable(error));
        QSignalSpy connected(&listener, &ControlPipe::Listener::connected);
        const qintptr client = ControlPipe::openClient(name, 3000, &error);
        QVERIFY2(client != -1, qPrintable(error));
        QVERIFY(connected.wait(3000));
        const auto server = connected.first().at(0).value<qintptr>();
        const ControlPipe::ClientToken token = ControlPipe::clientToken(server);
        QVERIFY2(token.known, qPrintable(token.error));
        QCOMPARE(token.userSid, ControlPipe::currentUserSid());
        // Windows names both ends' processes; Wine answers process 0 for both, which reads as "not known".
        if (token.processId != -1)
            QCOMPARE(token.processId, qint64(GetCurrentProcessId()));
        if (ControlPipe::serverProcessId(client) != -1)
            QCOMPARE(ControlPipe::serverProcessId(client), qint64(GetCurrentProcessId()));
        else
            qInfo("GetNamedPipeServerProcessId/GetNamedPipeClientProcessId name no process here (Wine)");
        ControlPipe::closePipe(client);
        ControlPipe::closePipe(server);
    }

    void listedUserIsServed()
    {
        ControlServer server(&m_backend, {});
        QVERIFY(server.authorizedUsers().contains(ControlPipe::currentUserSid())); // the default
        const QString name = uniqueName("listed");
        QString error;
        QVERIFY2(server.listen(name, &error), qPrintable(error));
        const ClientResult client = connectFromAnotherThread(name);
        QVERIFY2(client.connected, qPrintable(client.error));
        QVERIFY(client.statusOk);
    }

    void userNotOnTheListIsRefused()
    {
        ControlServer server(&m_backend, {});
        server.setAuthorizedUsers({kStranger}); // injected: this test's user is not on it
        QSignalSpy logged(&server, &ControlServer::log);
        const QString name = uniqueName("refused");
        QString error;
        QVERIFY2(server.listen(name, &error), qPrintable(error));
        const ClientResult client = connectFromAnotherThread(name);
        QVERIFY(!client.connected);
        QVERIFY2(client.refused, qPrintable(client.error));
        qInfo("the client was told: %s", qPrintable(client.error));
        QVERIFY2(client.error.contains(QLatin1String("not authorised")) &&
                     client.error.contains(ControlPipe::currentUserSid()),
                 qPrintable(client.error));
        QCOMPARE(server.connectionCount(), 0);
        QVERIFY(!logged.isEmpty());
        QVERIFY(logged.first().at(1).value<Message>().english().contains(QStringLiteral("refused")));
    }

    void squatterMakesTheServiceRefuse()
    {
        // Another program made the name first (any user may create a pipe of any free name).
        const QString name = uniqueName("squatted");
        const QString full = ControlPipe::fullPipeName(name);
        const HANDLE squatter = CreateNamedPipeW(reinterpret_cast<const wchar_t *>(full.utf16()), PIPE_ACCESS_DUPLEX,
                                                 PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, nullptr);
        QVERIFY(squatter != INVALID_HANDLE_VALUE);
        ControlServer server(&m_backend, {});
        QString error;
        QVERIFY(!server.listen(name, &error));
        qInfo("the service says: %s", qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("already exists")) && error.contains(QLatin1String("refusing")),
                 qPrintable(error));
        CloseHandle(squatter);
    }

    void secondServiceOnTheSameNameIsRefused()
    {
        ControlServer first(&m_backend, {});
        const QString name = uniqueName("twice");
        QString error;
        QVERIFY2(first.listen(name, &error), qPrintable(error));
        ControlServer second(&m_backend, {});
        QVERIFY(!second.listen(name, &error));
        QVERIFY2(error.contains(QLatin1String("already exists")), qPrintable(error));
    }

    void clientChecksTheServiceProcess()
    {
        // The decision itself, with the process a pipe reports: on the service's name only the process the SCM
        // started as the MailShim service will do (none runs while the tests do); other names are not checked; a
        // pipe whose server the system does not name (Wine) cannot be checked.
        QString why;
        QVERIFY(!ControlPipe::checkServer(ServicePaths::controlChannelName(), 4242, &why));
        QVERIFY2(why.contains(QLatin1String("4242")) && why.contains(QLatin1String("not talking to it")),
                 qPrintable(why));
        QVERIFY(ControlPipe::checkServer(uniqueName("other"), 4242, &why));
        QVERIFY(ControlPipe::checkServer(ServicePaths::controlChannelName(), -1, &why));
    }

    void clientRefusesASquatterOnTheServicesPipe()
    {
        // No MailShim service runs in this Wine prefix when the tests do: whoever serves the service's well-known pipe
        // is a squatter, and the client says so instead of sending it anything.
        const QString full = ControlPipe::fullPipeName(ServicePaths::controlChannelName());
        const HANDLE squatter = CreateNamedPipeW(reinterpret_cast<const wchar_t *>(full.utf16()), PIPE_ACCESS_DUPLEX,
                                                 PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, nullptr);
        QVERIFY(squatter != INVALID_HANDLE_VALUE);
        QString error;
        const qintptr probe = ControlPipe::openClient(ServicePaths::controlChannelName(), 3000, &error);
        QVERIFY2(probe != -1, qPrintable(error));
        const qint64 served = ControlPipe::serverProcessId(probe);
        ControlPipe::closePipe(probe);
        if (served == -1) {
            CloseHandle(squatter);
            QSKIP("the system names no server process for the pipe (GetNamedPipeServerProcessId): the client's "
                  "decision is shown by clientChecksTheServiceProcess");
        }
        // A fresh instance of the squatter's pipe for the client (the probe used the first).
        const HANDLE again = CreateNamedPipeW(reinterpret_cast<const wchar_t *>(full.utf16()), PIPE_ACCESS_DUPLEX,
                                              PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, nullptr);
        QVERIFY(again != INVALID_HANDLE_VALUE);
        ControlClient client;
        QVERIFY(!client.connectTo(ServicePaths::controlChannelName(), 3000, &error));
        CloseHandle(again);
        qInfo("the client says: %s", qPrintable(error));
        QVERIFY2(client.untrustedServer(), qPrintable(error));
        QVERIFY2(error.contains(QString::number(GetCurrentProcessId())) &&
                     error.contains(QLatin1String("not talking to it")),
                 qPrintable(error));
        CloseHandle(squatter);
    }

    void consoleHasItsOwnPipe()
    {
        QVERIFY(ServicePaths::consoleControlChannelName() != ServicePaths::controlChannelName());
        QVERIFY(ServicePaths::consoleControlChannelName().endsWith(ControlPipe::currentUserSid()));
    }
};

QTEST_GUILESS_MAIN(TestControlPipe)
#include "tst_controlpipe.moc"
