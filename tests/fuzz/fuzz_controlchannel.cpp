// The control channel as the service serves it: the real service/control/ControlConnection reading arbitrary bytes
// from a client, decoding each request and executing it (status, config, setConfig, setListenerEnabled, setPaused,
// reload, recentLog, subscribe, shutdown, and anything else), with subscriptions pushing events back.
//
// The connection gets one end of an AF_UNIX socket pair as its QLocalSocket; the fuzzer writes the input to the other
// end in pieces, runs the event loop until it is quiet after each piece (as fuzz_pop3session does), reads every reply,
// then closes its end. The engine behind it is a stand-in EngineBackend that keeps a Config, validates what it is
// given with the engine's own EngineBackend::validate, and signals every change: what is under test is the channel,
// not the engine (fuzz_configloader and fuzz_pop3session cover those).
//
// Checked besides the sanitizers: every line the service sends is one JSON object (an event, or a reply saying ok or
// not), and the connection deletes itself once the client is gone.

#include "fuzzsupport.h"
#include "service/control/controlconnection.h"
#include "service/control/controlprotocol.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QPointer>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using namespace mailshim;

namespace {

class StandInBackend final : public EngineBackend
{
public:
    QString location() const override { return QStringLiteral("fuzz"); }
    Config config() const override { return m_config; }
    QList<ConfigIssue> setConfig(const Config &config) override
    {
        const ConfigLoadResult checked = validate(config);
        if (!checked.ok())
            return checked.errors;
        m_config = checked.config;
        Q_EMIT configChanged();
        for (const ListenerConfig &listener : m_config.listeners) {
            ListenerStatus status;
            status.state = listener.enabled ? ListenerStatus::State::Listening : ListenerStatus::State::Stopped;
            Q_EMIT statusChanged(listener.name, status);
        }
        LogRecord record;
        record.text = QStringLiteral("config changed");
        m_log.append(record);
        Q_EMIT logRecord(record);
        return {};
    }
    ListenerStatus status(const QString &) const override { return {}; }
    QList<LogRecord> recentLog() const override { return m_log; }
    bool isPaused() const override { return m_paused; }
    void setPaused(bool paused) override
    {
        m_paused = paused;
        Q_EMIT pausedChanged(paused);
    }

private:
    Config m_config;
    QList<LogRecord> m_log;
    bool m_paused = false;
};

void pump(int fd, QByteArray *received)
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    int quiet = 0;
    for (int pass = 0; pass < 200 && quiet < 2; ++pass) {
        bool busy = dispatcher->processEvents(QEventLoop::AllEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        char buffer[65536];
        while (fd >= 0) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n <= 0)
                break;
            received->append(buffer, n);
            busy = true;
        }
        quiet = busy ? 0 : quiet + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApplication();
    static const ControlServer::Hooks hooks{
        [] { return QList<ConfigIssue>{}; },
        [] {},
        [] {
            return QJsonObject{{QStringLiteral("configPath"), QStringLiteral("/nonexistent/mailshim.json")}};
        },
    };
    FuzzedDataProvider in(data, size);

    int pair[2];
    FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) == 0);
    StandInBackend backend;
    auto *socket = new QLocalSocket;
    FUZZ_CHECK(socket->setSocketDescriptor(pair[0]));
    QPointer<ControlConnection> connection = new ControlConnection(socket, &backend, hooks, nullptr);
    QByteArray received;
    pump(pair[1], &received);

    while (in.remaining_bytes() > 0) {
        const QByteArray piece = fuzz::takeBytes(in, 1024);
        qsizetype done = 0;
        while (done < piece.size()) {
            const ssize_t n = ::send(pair[1], piece.constData() + done, size_t(piece.size() - done), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            done += n;
        }
        pump(pair[1], &received);
    }
    ::close(pair[1]);
    pump(-1, &received);
    FUZZ_CHECK(!connection); // gone with its client

    // Every line the service sent is one JSON object: an event, or a reply that says ok or not.
    const QList<QByteArray> lines = received.split('\n');
    FUZZ_CHECK(lines.last().isEmpty()); // the last line ended too
    for (qsizetype k = 0; k + 1 < lines.size(); ++k) {
        QString error;
        const std::optional<QJsonObject> reply = ControlProtocol::decode(lines.at(k), &error);
        FUZZ_CHECK(reply.has_value());
        FUZZ_CHECK(reply->contains(QStringLiteral("event")) || reply->value(QStringLiteral("ok")).isBool());
    }
    return 0;
}
