#include "setup/serverprobe.h"

#include "core/logging.h"
#include "net/hostname.h"
#include "net/message.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "pop3/pop3login.h"
#include "setup/portprobe.h"
#include "setup/smtpportprobe.h"
#include "smtp/smtplogin.h"

#include <QTimer>

namespace mailshim {

namespace {

void dispose(QObject *object)
{
    if (object) {
        object->disconnect();
        object->deleteLater();
    }
}

void abortProbe(QObject *probe)
{
    if (auto *pop3 = qobject_cast<PortProbe *>(probe))
        pop3->abort();
    else if (auto *smtp = qobject_cast<SmtpPortProbe *>(probe))
        smtp->abort();
}

} // namespace

ServerProbe::ServerProbe(QObject *parent) : QObject(parent) {}

ServerProbe::~ServerProbe()
{
    cancel();
}

void ServerProbe::start(const ProbeRequest &request)
{
    cancel();
    m_request = request;
    m_request.timeoutSeconds = qMax(1, request.timeoutSeconds);
    m_report = ProbeReport{};
    m_report.protocol = request.protocol;
    m_report.host = request.host;
    m_report.plainPort = request.plainPort;
    m_report.tlsPort = request.tlsPort;
    m_running = true;
    m_stepsDone = 0;

    const std::optional<QString> host = HostName::normalize(request.host.toUtf8());
    if (!host) {
        const QString error = Message(QT_TRANSLATE_NOOP("Engine", "\"%1\" is not a valid host name"),
                                      {WireText::sanitizeForDisplay(request.host.toUtf8(), 80)})
                                  .translated();
        m_report.plain.error = error;
        m_report.implicitTls.error = error;
        QTimer::singleShot(0, this, [this, generation = m_generation] {
            if (generation == m_generation)
                complete();
        });
        return;
    }
    m_report.host = *host;
    qCInfo(lcProbe) << "probing" << *host << request.plainPort << request.tlsPort;
    Q_EMIT progress(Message(QT_TRANSLATE_NOOP("Engine", "Connecting to %1"), {*host}).translated(), 5);

    PortProbe::Settings settings;
    settings.host = *host;
    settings.tls.caFile = request.caFile;
    settings.tls.pinSha256 = request.pinSha256;
    settings.timeoutSeconds = m_request.timeoutSeconds;
    // A port of 0 is not looked at (the Test button checks only the port its listener uses). Each is started from the
    // event loop, so even an instant failure (refused) is reported after start() returns.
    if (request.plainPort) {
        settings.port = request.plainPort;
        m_plain = startPortProbe(settings, request.protocol);
    }
    if (request.tlsPort) {
        settings.port = request.tlsPort;
        settings.implicitTls = true;
        m_tls = startPortProbe(settings, request.protocol);
    }
    if (!m_plain && !m_tls) {
        m_report.plain.error = m_report.implicitTls.error =
            Message(QT_TRANSLATE_NOOP("Engine", "no port to check"), {}).translated();
        QTimer::singleShot(0, this, [this, generation = m_generation] {
            if (generation == m_generation)
                complete();
        });
    }
}

QObject *ServerProbe::startPortProbe(const PortProbe::Settings &settings, Protocol protocol)
{
    QObject *probe = nullptr;
    if (protocol == Protocol::Smtp) {
        auto *smtp = new SmtpPortProbe(settings, this);
        connect(smtp, &SmtpPortProbe::stepStarted, this, &ServerProbe::onStep);
        connect(smtp, &SmtpPortProbe::finished, this, [this, smtp] { onPortFinished(smtp, smtp->report()); });
        QTimer::singleShot(0, smtp, &SmtpPortProbe::start);
        probe = smtp;
    } else {
        auto *pop3 = new PortProbe(settings, this);
        connect(pop3, &PortProbe::stepStarted, this, &ServerProbe::onStep);
        connect(pop3, &PortProbe::finished, this, [this, pop3] { onPortFinished(pop3, pop3->report()); });
        QTimer::singleShot(0, pop3, &PortProbe::start);
        probe = pop3;
    }
    return probe;
}

void ServerProbe::cancel()
{
    ++m_generation;
    m_running = false;
    for (QObject *probe : {m_plain.data(), m_tls.data(), m_fetch.data()}) {
        abortProbe(probe);
        dispose(probe);
    }
    dispose(m_login); // its destructor aborts the socket, without QUIT
    dispose(m_smtpLogin);
    m_plain = nullptr;
    m_tls = nullptr;
    m_fetch = nullptr;
    m_login = nullptr;
    m_smtpLogin = nullptr;
    m_request.password.clear();
}

void ServerProbe::onStep(const QString &text)
{
    ++m_stepsDone;
    Q_EMIT progress(text, qMin(80, 5 + 7 * m_stepsDone));
}

void ServerProbe::onPortFinished(QObject *probe, const PortReport &report)
{
    if (!probe || !m_running)
        return;
    if (probe == m_plain)
        m_report.plain = report;
    else if (probe == m_tls)
        m_report.implicitTls = report;
    dispose(probe);
    if (probe == m_plain)
        m_plain = nullptr;
    else
        m_tls = nullptr;
    if (m_plain || m_tls)
        return;

    m_report.recommend();
    qCInfo(lcProbe) << "recommendation for" << m_report.host << ":" << m_report.reason;
    if (m_request.user.isEmpty() || m_request.password.isEmpty()) {
        complete();
        return;
    }
    if (!m_report.recommended) {
        m_report.reason += Message(QT_TRANSLATE_NOOP("Engine", " The login was not tried."), {}).translated();
        complete();
    } else if (m_report.recommendationNeedsPin) {
        m_report.reason +=
            Message(QT_TRANSLATE_NOOP("Engine", " The login was not tried: it waits until the certificate is pinned."),
                    {})
                .translated();
        complete();
    } else if (m_report.protocol == Protocol::Smtp && !m_report.offersAuth(*m_report.recommended)) {
        m_report.reason +=
            Message(QT_TRANSLATE_NOOP("Engine", " The login was not tried: the server offers no AUTH."), {})
                .translated();
        complete();
    } else if (m_report.protocol == Protocol::Smtp) {
        startSmtpLogin();
    } else {
        startLogin();
    }
}

void ServerProbe::startSmtpLogin()
{
    const Security mode = *m_report.recommended;
    SmtpLogin::Settings settings;
    settings.server.host = m_report.host;
    settings.server.port = m_report.portFor(mode);
    settings.server.security = mode;
    settings.server.protocol = Protocol::Smtp;
    settings.server.tls.caFile = m_request.caFile;
    settings.server.tls.pinSha256 = m_request.pinSha256;
    settings.credentials = SmtpCredentials{m_request.user, m_request.password};
    const int seconds = m_request.timeoutSeconds;
    settings.timeouts.connectSeconds = seconds;
    settings.timeouts.tlsSeconds = seconds;
    settings.timeouts.responseSeconds = seconds;
    settings.retry.connectAttempts = 1;
    settings.loopPorts = m_request.loopPorts;
    m_smtpLogin = new SmtpLogin(std::move(settings), this);
    connect(m_smtpLogin, &SmtpLogin::ready, this, [this] {
        m_report.loginOk = true;
        m_report.loginReply = QStringLiteral("AUTH %1").arg(QString::fromLatin1(m_smtpLogin->mechanism()));
        if (UpstreamSocket *socket = m_smtpLogin->takeSocket()) {
            socket->setParent(this);
            quitAndClose(socket, m_request.timeoutSeconds * 1000); // no MAIL was given: nothing is sent
        }
        dispose(m_smtpLogin);
        m_smtpLogin = nullptr;
        m_report.reason += Message(QT_TRANSLATE_NOOP("Engine", " The login test succeeded."), {}).translated();
        complete();
    });
    connect(m_smtpLogin, &SmtpLogin::failed, this, &ServerProbe::onLoginFailed);
    // SmtpLogin never puts AUTH data into its log text.
    connect(m_smtpLogin, &SmtpLogin::log, this, [](LogLevel, const QString &, const Message &text) {
        qCDebug(lcProbe) << "login test:" << text.english();
    });
    Q_EMIT progress(
        Message(QT_TRANSLATE_NOOP("Engine", "Logging in with %1"), {securityName(mode, Protocol::Smtp)}).translated(),
        85);
    m_smtpLogin->start();
}

void ServerProbe::startLogin()
{
    const Security mode = *m_report.recommended;
    Pop3Login::Settings settings;
    settings.server.host = m_report.host;
    settings.server.port = m_report.portFor(mode);
    settings.server.security = mode;
    settings.server.tls.caFile = m_request.caFile;
    settings.server.tls.pinSha256 = m_request.pinSha256;
    settings.user = m_request.user;
    settings.password = m_request.password;
    const int seconds = m_request.timeoutSeconds;
    settings.timeouts.connectSeconds = seconds;
    settings.timeouts.tlsSeconds = seconds;
    settings.timeouts.responseSeconds = seconds;
    settings.retry.connectAttempts = 1;
    settings.loopPorts = m_request.loopPorts;
    m_login = new Pop3Login(std::move(settings), this);
    connect(m_login, &Pop3Login::ready, this, &ServerProbe::onLoginReady);
    connect(m_login, &Pop3Login::failed, this, &ServerProbe::onLoginFailed);
    // Pop3Login never puts the password or the APOP digest into its log text.
    connect(m_login, &Pop3Login::log, this, [](LogLevel, const QString &, const Message &text) {
        qCDebug(lcProbe) << "login test:" << text.english();
    });
    Q_EMIT progress(Message(QT_TRANSLATE_NOOP("Engine", "Logging in with %1"), {securityName(mode)}).translated(), 85);
    m_login->start();
}

void ServerProbe::onLoginReady()
{
    m_report.loginOk = true;
    m_report.loginReply = WireText::sanitizeForDisplay(m_login->loginReply());
    UpstreamSocket *socket = m_login->takeSocket();
    if (socket) {
        socket->setParent(this);
        quitAndClose(socket, m_request.timeoutSeconds * 1000); // nothing was deleted, so QUIT commits nothing
    }
    dispose(m_login);
    m_login = nullptr;
    m_report.reason += Message(QT_TRANSLATE_NOOP("Engine", " The login test succeeded."), {}).translated();
    complete();
}

void ServerProbe::onLoginFailed(const ServerError &error)
{
    m_report.loginOk = false;
    m_report.loginReply = error.kind == ServerError::Kind::Auth ? WireText::sanitizeForDisplay(error.serverReply)
                                                                : error.message.translated();
    dispose(m_login);
    dispose(m_smtpLogin);
    m_login = nullptr;
    m_smtpLogin = nullptr;
    m_report.reason +=
        Message(QT_TRANSLATE_NOOP("Engine", " The login test failed: %1"), {m_report.loginReply}).translated();
    complete();
}

void ServerProbe::complete()
{
    m_running = false;
    m_request.password.clear();
    Q_EMIT progress(Message(QT_TRANSLATE_NOOP("Engine", "Done"), {}).translated(), 100);
    Q_EMIT finished(m_report);
}

void ServerProbe::fetchCertificate(const QString &host, quint16 port, Security mode, const QString &caFile,
                                   int timeoutSeconds, Protocol protocol)
{
    if (m_fetch) {
        abortProbe(m_fetch);
        dispose(m_fetch);
        m_fetch = nullptr;
    }
    const std::optional<QString> normalized = HostName::normalize(host.toUtf8());
    if (!normalized) {
        emitFetchedLater(Message(QT_TRANSLATE_NOOP("Engine", "\"%1\" is not a valid host name"),
                                 {WireText::sanitizeForDisplay(host.toUtf8(), 80)})
                             .translated());
        return;
    }
    if (!usesTls(mode)) {
        emitFetchedLater(Message(QT_TRANSLATE_NOOP("Engine", "%1 uses no TLS, so there is no certificate"),
                                 {securityName(mode, protocol)})
                             .translated());
        return;
    }
    PortProbe::Settings settings;
    settings.host = *normalized;
    settings.port = port;
    settings.implicitTls = mode != Security::Stls;
    settings.tls.caFile = caFile;
    settings.timeoutSeconds = qMax(1, timeoutSeconds);
    settings.stopAfterHandshake = true;
    if (protocol == Protocol::Smtp) {
        auto *probe = new SmtpPortProbe(settings, this);
        connect(probe, &SmtpPortProbe::finished, this, [this, probe] { onFetchFinished(probe, probe->report()); });
        QTimer::singleShot(0, probe, &SmtpPortProbe::start);
        m_fetch = probe;
    } else {
        auto *probe = new PortProbe(settings, this);
        connect(probe, &PortProbe::finished, this, [this, probe] { onFetchFinished(probe, probe->report()); });
        QTimer::singleShot(0, probe, &PortProbe::start);
        m_fetch = probe;
    }
}

void ServerProbe::emitFetchedLater(const QString &error)
{
    QTimer::singleShot(0, this, [this, error, generation = m_generation] {
        if (generation == m_generation)
            Q_EMIT certificateFetched(std::nullopt, error);
    });
}

void ServerProbe::onFetchFinished(QObject *probe, const PortReport &fetched)
{
    if (!probe || probe != m_fetch)
        return;
    const PortReport report = fetched;
    dispose(probe);
    m_fetch = nullptr;
    QString error = !report.error.isEmpty() ? report.error : report.tlsError;
    if (!report.certificate && error.isEmpty())
        error = Message(QT_TRANSLATE_NOOP("Engine", "the server presented no certificate"), {}).translated();
    Q_EMIT certificateFetched(report.certificate, error);
}

} // namespace mailshim
