#include "smtp/popbeforesmtp.h"

#include "core/health.h"
#include "core/logging.h"
#include "core/poploginregistry.h"
#include "net/upstreamsocket.h"
#include "pop3/pop3login.h"

namespace mailshim {

PopBeforeSmtp::PopBeforeSmtp(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, [this] {
        m_done = true;
        Q_EMIT ready();
    });
}

PopBeforeSmtp::~PopBeforeSmtp()
{
    if (m_login) {
        m_login->disconnect(this);
        m_login->cancel();
    }
}

void PopBeforeSmtp::start()
{
    const std::optional<ListenerConfig> &pop = m_settings.popListener;
    if (!pop || !pop->upstream) {
        fail(Message(QT_TRANSLATE_NOOP("Engine", "receive mail first: the POP3 listener \"%1\" is not configured"),
                     {m_settings.window.listener}));
        return;
    }
    const UpstreamConfig &server = *pop->upstream;
    m_hostKey = Health::hostKey(server.host, server.effectivePort());
    if (const std::optional<qint64> since = m_settings.registry->msSinceLogin(m_hostKey);
        since && *since < qint64(m_settings.window.windowSeconds) * 1000) {
        emitLog(LogLevel::LowLevel, Message(QT_TRANSLATE_NOOP("Engine", "POP before SMTP: %1 logged in %2 s ago"),
                                            {m_hostKey, *since / 1000}));
        waitForDelay(*since);
        return;
    }
    if (!pop->storedPassword || pop->user.isEmpty() || !m_settings.passwords) {
        fail(Message(QT_TRANSLATE_NOOP("Engine", "receive mail first: this server lets you send only after a POP3 "
                                                 "login, and \"%1\" has no stored password for MailShim to log in"),
                     {pop->name}));
        return;
    }
    const CredentialKey key{server.host, server.effectivePort(), pop->user};
    m_settings.passwords->lookup(key, this, [this, key](const PasswordAnswer &answer) {
        if (answer.status == PasswordAnswer::Status::Found) {
            logIn(answer.password);
            return;
        }
        fail(answer.status == PasswordAnswer::Status::NotFound
                 ? Message(QT_TRANSLATE_NOOP("Engine", "receive mail first: no stored password for %1"),
                           {key.toString()})
                 : Message(QT_TRANSLATE_NOOP("Engine", "receive mail first: keychain unavailable (%1)"),
                           {answer.detail}),
             ServerError::Kind::Auth);
    });
}

void PopBeforeSmtp::logIn(const QByteArray &password)
{
    const ListenerConfig &pop = *m_settings.popListener;
    Pop3Login::Settings settings;
    settings.server = *pop.upstream;
    settings.user = pop.user.toUtf8();
    settings.password = password;
    settings.timeouts = m_settings.timeouts;
    settings.retry = m_settings.retry;
    settings.loopPorts = m_settings.ownPorts;
    settings.tlsSessions = m_settings.tlsSessions;
    emitLog(LogLevel::LowLevel,
            Message(QT_TRANSLATE_NOOP("Engine", "POP before SMTP: logging in to %1 as %2"), {m_hostKey, pop.user}));
    m_login = new Pop3Login(std::move(settings), this);
    connect(m_login, &Pop3Login::log, this, &PopBeforeSmtp::log);
    connect(m_login, &Pop3Login::ready, this, [this] {
        UpstreamSocket *socket = m_login->takeSocket();
        m_login->deleteLater(); // inside its own signal
        m_login = nullptr;
        // QUIT at once: nothing read, nothing deleted. The window is open from this login on.
        socket->setParent(nullptr);
        connect(socket, &UpstreamSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &UpstreamSocket::errorOccurred, socket, &QObject::deleteLater);
        socket->write("QUIT\r\n");
        socket->disconnectFromHost();
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
        m_settings.registry->record(m_hostKey);
        waitForDelay(0);
    });
    connect(m_login, &Pop3Login::failed, this, [this](const ServerError &error) {
        m_login->deleteLater();
        m_login = nullptr;
        fail(Message(QT_TRANSLATE_NOOP("Engine", "receive mail first: the POP3 login failed: %1"), {error.message}),
             error.kind);
    });
    m_login->start();
}

void PopBeforeSmtp::waitForDelay(qint64 msSinceLogin)
{
    const qint64 wait = qMax<qint64>(0, qint64(m_settings.window.delaySeconds) * 1000 - msSinceLogin);
    if (wait > 0)
        emitLog(LogLevel::LowLevel,
                Message(QT_TRANSLATE_NOOP("Engine", "POP before SMTP: waiting %1 ms for the login to take effect"),
                        {wait}));
    m_delay.start(int(wait));
}

void PopBeforeSmtp::fail(const Message &message, ServerError::Kind kind)
{
    if (m_done)
        return;
    m_done = true;
    emitLog(LogLevel::Problems, message);
    Q_EMIT failed(message, kind);
}

void PopBeforeSmtp::emitLog(LogLevel level, const Message &text)
{
    Q_EMIT log(level, QString::fromLatin1(lcSmtp().categoryName()), text);
}

} // namespace mailshim
