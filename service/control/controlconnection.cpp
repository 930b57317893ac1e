#include "service/control/controlconnection.h"

#include "credentials/credentialstore.h"

#include <QCoreApplication>

namespace mailshim {

namespace {

QJsonObject failure(const QString &error, const QList<ConfigIssue> &issues = {})
{
    QJsonObject reply{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}};
    if (!issues.isEmpty())
        reply.insert(QStringLiteral("issues"), ControlProtocol::issuesToJson(issues));
    return reply;
}

QJsonObject success(QJsonObject fields = {})
{
    fields.insert(QStringLiteral("ok"), true);
    return fields;
}

QJsonObject fromIssues(const QList<ConfigIssue> &issues)
{
    if (issues.isEmpty())
        return success();
    return failure(issues.first().toString(), issues);
}

} // namespace

ControlConnection::ControlConnection(QLocalSocket *socket, EngineBackend *backend, const ControlServer::Hooks &hooks,
                                     QObject *parent)
    : QObject(parent), m_socket(socket), m_backend(backend), m_hooks(hooks)
{
    socket->setParent(this);
    connect(socket, &QLocalSocket::readyRead, this, &ControlConnection::onReadyRead);
    connect(socket, &QLocalSocket::disconnected, this, &QObject::deleteLater);
    send(QJsonObject{{QStringLiteral("event"), QStringLiteral("hello")},
                     {QStringLiteral("protocol"), ControlProtocol::kVersion},
                     {QStringLiteral("version"), QCoreApplication::applicationVersion()},
                     {QStringLiteral("pid"), double(QCoreApplication::applicationPid())}});
}

ControlConnection::~ControlConnection() = default;

void ControlConnection::onReadyRead()
{
    m_reader.append(m_socket->readAll());
    while (!m_dropped) {
        const std::optional<ControlProtocol::FrameReader::Line> line = m_reader.next();
        if (!line)
            break;
        if (line->tooLong) {
            // Logged once per connection: a client must not be able to rotate the real history out of the files.
            if (!m_reportedOverlong)
                Q_EMIT log(LogLevel::Problems,
                           Message(QT_TRANSLATE_NOOP("Engine", "control channel: a request over %1 bytes was dropped"),
                                   {ControlProtocol::kMaxLineBytes}));
            m_reportedOverlong = true;
            send(failure(
                QStringLiteral("request too long (the limit is %1 bytes)").arg(ControlProtocol::kMaxLineBytes)));
            continue;
        }
        if (line->text.trimmed().isEmpty())
            continue;
        QString error;
        const std::optional<QJsonObject> request = ControlProtocol::decode(line->text, &error);
        if (!request) {
            send(failure(error));
            continue;
        }
        handle(*request);
    }
}

void ControlConnection::handle(const QJsonObject &request)
{
    const QJsonValue id = request.value(QStringLiteral("id"));
    const QJsonValue command = request.value(QStringLiteral("cmd"));
    if (command == QLatin1String("setPassword") || command == QLatin1String("forgetPassword")) {
        executePasswordCommand(command.toString(), request, id);
        return;
    }
    QJsonObject reply = command.isString() ? execute(command.toString(), request)
                                           : failure(QStringLiteral("the request has no \"cmd\" string"));
    if (!id.isUndefined())
        reply.insert(QStringLiteral("id"), id);
    send(reply);
}

QJsonObject ControlConnection::execute(const QString &command, const QJsonObject &request)
{
    if (command == QLatin1String("status"))
        return statusReply();
    if (command == QLatin1String("config"))
        return success({{QStringLiteral("config"), ControlProtocol::configToJson(m_backend->config())}});
    if (command == QLatin1String("setConfig")) {
        const QJsonValue config = request.value(QStringLiteral("config"));
        if (!config.isObject())
            return failure(QStringLiteral("setConfig needs a \"config\" object"));
        const ConfigLoadResult checked = ControlProtocol::configFromJson(config.toObject());
        if (!checked.ok())
            return fromIssues(checked.errors);
        return fromIssues(m_backend->setConfig(checked.config));
    }
    if (command == QLatin1String("setListenerEnabled")) {
        const QJsonValue name = request.value(QStringLiteral("listener"));
        const QJsonValue enabled = request.value(QStringLiteral("enabled"));
        if (!name.isString() || !enabled.isBool())
            return failure(
                QStringLiteral("setListenerEnabled needs \"listener\" (string) and \"enabled\" (true/false)"));
        return fromIssues(m_backend->setListenerEnabled(name.toString(), enabled.toBool()));
    }
    if (command == QLatin1String("setPaused")) {
        const QJsonValue paused = request.value(QStringLiteral("paused"));
        if (!paused.isBool())
            return failure(QStringLiteral("setPaused needs \"paused\" (true/false)"));
        m_backend->setPaused(paused.toBool());
        return success();
    }
    if (command == QLatin1String("reload"))
        return m_hooks.reload ? fromIssues(m_hooks.reload()) : failure(QStringLiteral("reload is not available"));
    if (command == QLatin1String("recentLog")) {
        const int limit = request.value(QStringLiteral("limit")).toInt(1000);
        const QList<LogRecord> records = m_backend->recentLog();
        QJsonArray array;
        for (qsizetype i = qMax<qsizetype>(0, records.size() - qMax(limit, 0)); i < records.size(); ++i)
            array.append(ControlProtocol::logRecordToJson(records.at(i)));
        return success({{QStringLiteral("records"), array}});
    }
    if (command == QLatin1String("subscribe")) {
        subscribe();
        return success();
    }
    if (command == QLatin1String("shutdown")) {
        if (!m_hooks.shutdown)
            return failure(QStringLiteral("shutdown is not available"));
        Q_EMIT log(LogLevel::Major, Message(QT_TRANSLATE_NOOP("Engine", "control channel: shutdown requested"), {}));
        QMetaObject::invokeMethod(
            this, [shutdown = m_hooks.shutdown] { shutdown(); }, Qt::QueuedConnection);
        return success();
    }
    return failure(QStringLiteral("unknown command \"%1\"").arg(command.left(64)));
}

void ControlConnection::executePasswordCommand(const QString &command, const QJsonObject &request, const QJsonValue &id)
{
    const auto reply = [this, id](QJsonObject answer) {
        if (!id.isUndefined())
            answer.insert(QStringLiteral("id"), id);
        send(answer);
    };
    // Only clients the server authorised get here (ControlServer::serve); the password itself goes nowhere but the
    // store: not into a reply, an event or the log.
    CredentialStore *store = m_hooks.credentials;
    if (!store) {
        reply(failure(QStringLiteral("this MailShim keeps no stored passwords")));
        return;
    }
    QString error;
    const std::optional<CredentialKey> key =
        ControlProtocol::credentialKeyFromJson(request.value(QStringLiteral("key")), &error);
    if (!key) {
        reply(failure(QStringLiteral("%1: %2").arg(command, error)));
        return;
    }
    // A refresh token (RefreshTokenStore's "oauth2/..." hosts) travels the same way as a password.
    const bool token = key->host.startsWith(QLatin1String("oauth2/"));
    const bool set = command == QLatin1String("setPassword");
    const auto done = [this, reply, set, token, key = *key](bool ok, const QString &why) {
        const QString account = key.toString();
        Q_EMIT log(
            ok ? LogLevel::Major : LogLevel::Problems,
            !ok ? Message(token ? QT_TRANSLATE_NOOP("Engine", "control channel: the sign-in of %1 was not stored: %2")
                                : QT_TRANSLATE_NOOP("Engine", "control channel: the password of %1 was not stored: %2"),
                          {account, why})
            : set ? Message(token ? QT_TRANSLATE_NOOP("Engine", "control channel: stored the sign-in of %1")
                                  : QT_TRANSLATE_NOOP("Engine", "control channel: stored the password of %1"),
                            {account})
                  : Message(token ? QT_TRANSLATE_NOOP("Engine", "control channel: forgot the sign-in of %1")
                                  : QT_TRANSLATE_NOOP("Engine", "control channel: forgot the password of %1"),
                            {account}));
        if (ok && m_hooks.credentialChanged)
            m_hooks.credentialChanged(key, set);
        reply(ok ? success() : failure(why));
    };
    if (!set) {
        store->remove(*key, this, done);
        return;
    }
    const QJsonValue password = request.value(QStringLiteral("password"));
    if (!password.isString() || password.toString().isEmpty()) {
        reply(failure(QStringLiteral("setPassword needs a non-empty \"password\" string")));
        return;
    }
    store->store(*key, password.toString().toUtf8(), this, done);
}

QJsonObject ControlConnection::statusReply() const
{
    QJsonArray listeners;
    for (const ListenerConfig &listener : m_backend->config().listeners) {
        listeners.append(
            QJsonObject{{QStringLiteral("name"), listener.name},
                        {QStringLiteral("status"), ControlProtocol::statusToJson(m_backend->status(listener.name))}});
    }
    QJsonObject reply{{QStringLiteral("paused"), m_backend->isPaused()}, {QStringLiteral("listeners"), listeners}};
    if (m_hooks.serviceInfo)
        reply.insert(QStringLiteral("service"), m_hooks.serviceInfo());
    return success(reply);
}

void ControlConnection::subscribe()
{
    if (m_subscribed)
        return;
    m_subscribed = true;
    connect(m_backend, &EngineBackend::statusChanged, this,
            [this](const QString &listener, const ListenerStatus &status) {
                send(QJsonObject{{QStringLiteral("event"), QStringLiteral("status")},
                                 {QStringLiteral("listener"), listener},
                                 {QStringLiteral("status"), ControlProtocol::statusToJson(status)}});
            });
    connect(m_backend, &EngineBackend::logRecord, this, [this](const LogRecord &record) {
        send(QJsonObject{{QStringLiteral("event"), QStringLiteral("log")},
                         {QStringLiteral("record"), ControlProtocol::logRecordToJson(record)}});
    });
    connect(m_backend, &EngineBackend::configChanged, this, [this] {
        send(QJsonObject{{QStringLiteral("event"), QStringLiteral("config")},
                         {QStringLiteral("config"), ControlProtocol::configToJson(m_backend->config())}});
    });
    connect(m_backend, &EngineBackend::pausedChanged, this, [this](bool paused) {
        send(QJsonObject{{QStringLiteral("event"), QStringLiteral("paused")}, {QStringLiteral("paused"), paused}});
    });
}

void ControlConnection::send(const QJsonObject &message)
{
    if (m_dropped)
        return;
    if (m_socket->bytesToWrite() > kMaxUnreadBytes) {
        // Not our log record: logging about it would queue yet another event for every subscriber.
        m_dropped = true;
        m_socket->abort();
        deleteLater();
        return;
    }
    m_socket->write(ControlProtocol::encode(message));
}

} // namespace mailshim
