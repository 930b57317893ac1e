#include "setup/smtpportprobe.h"

#include "core/logging.h"
#include "net/message.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "setup/probetls.h"

#include <algorithm>

namespace mailshim {

namespace {
constexpr int maxCapabilities = 64; // an EHLO reply longer than this is read to its end but not all kept

QString shownReply(const SmtpReply &reply)
{
    return WireText::sanitizeForDisplay(QByteArray::number(reply.code) + ' ' +
                                        reply.lines.value(reply.lines.size() - 1));
}
} // namespace

SmtpPortProbe::SmtpPortProbe(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SmtpPortProbe::onTimeout);
}

SmtpPortProbe::~SmtpPortProbe()
{
    if (m_socket)
        m_socket->abort();
}

QString SmtpPortProbe::where() const
{
    return QStringLiteral("%1:%2").arg(m_settings.host).arg(m_settings.port);
}

void SmtpPortProbe::start()
{
    m_socket = new UpstreamSocket(this);
    connect(m_socket, &UpstreamSocket::connected, this, &SmtpPortProbe::onConnected);
    connect(m_socket, &UpstreamSocket::encrypted, this, &SmtpPortProbe::onEncrypted);
    connect(m_socket, &UpstreamSocket::readyRead, this, &SmtpPortProbe::onReadyRead);
    connect(m_socket, &UpstreamSocket::errorOccurred, this, &SmtpPortProbe::onSocketError);
    enterStep(Step::Connecting);
    m_socket->connectToHost(m_settings.host, m_settings.port);
}

void SmtpPortProbe::abort()
{
    m_step = Step::Done;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
}

void SmtpPortProbe::enterStep(Step step)
{
    m_step = step;
    m_timer.start(m_settings.timeoutSeconds * 1000);
    qCDebug(lcProbe) << where() << stepName();
    Q_EMIT stepStarted(QStringLiteral("%1: %2").arg(where(), stepName()));
}

void SmtpPortProbe::onConnected()
{
    m_report.reachable = true;
    if (m_settings.implicitTls) {
        enterStep(Step::TlsHandshake);
        startTls();
    } else {
        enterStep(Step::Greeting);
    }
}

void SmtpPortProbe::startTls()
{
    if (!startProbeTls(m_socket, m_settings, &m_report))
        finish(false);
}

void SmtpPortProbe::onEncrypted()
{
    if (m_step != Step::TlsHandshake && m_step != Step::StartTlsHandshake)
        return;
    judgeProbeTls(m_socket, m_settings, &m_report, where());
    if (m_settings.stopAfterHandshake) {
        finish(true);
        return;
    }
    if (m_step == Step::TlsHandshake) {
        enterStep(Step::Greeting);
    } else {
        // RFC 3207: what was learned before TLS is forgotten; EHLO again and only its answer counts.
        m_reader = LineReader(512);
        m_replies = SmtpReplyReader();
        m_report.capabilities.clear();
        m_report.authMechanisms.clear();
        enterStep(Step::EhloInTls);
        send("EHLO mailshim.invalid");
    }
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void SmtpPortProbe::onReadyRead()
{
    if (!m_socket || m_step == Step::Done || m_step == Step::Idle || m_step == Step::Connecting ||
        m_step == Step::TlsHandshake || m_step == Step::StartTlsHandshake)
        return;
    m_reader.append(m_socket->readAll());
    while (m_step != Step::Done && m_step != Step::StartTlsHandshake) {
        const std::optional<QByteArray> line = m_reader.takeLine();
        if (!line)
            break;
        const SmtpReplyReader::Result result = m_replies.feed(*line);
        if (result == SmtpReplyReader::Result::Invalid) {
            m_report.error = Message(QT_TRANSLATE_NOOP("Engine", "sent a malformed SMTP reply (%1): %2"),
                                     {stepName(), WireText::sanitizeForDisplay(*line)})
                                 .translated();
            finish(false);
            return;
        }
        if (result == SmtpReplyReader::Result::Complete && !handleReply(m_replies.take()))
            return;
    }
    if (m_reader.overflowed() && m_step != Step::Done) {
        m_report.error =
            Message(QT_TRANSLATE_NOOP("Engine", "sent a line over 512 bytes (%1)"), {stepName()}).translated();
        finish(false);
    }
}

bool SmtpPortProbe::handleReply(const SmtpReply &reply)
{
    switch (m_step) {
    case Step::Greeting:
        m_report.banner = shownReply(reply);
        if (reply.code != 220) {
            m_report.error =
                Message(QT_TRANSLATE_NOOP("Engine", "did not greet with 220: %1"), {m_report.banner}).translated();
            finish(false);
            return false;
        }
        m_report.greetingOk = true;
        enterStep(Step::Ehlo);
        send("EHLO mailshim.invalid");
        return true;
    case Step::Ehlo:
    case Step::EhloInTls:
        return handleEhlo(reply);
    case Step::StartTlsReply:
        if (reply.code != 220) {
            m_report.stls = false;
            m_report.tlsError =
                Message(QT_TRANSLATE_NOOP("Engine", "STARTTLS refused: %1"), {shownReply(reply)}).translated();
            finish(true);
            return false;
        }
        m_report.stls = true;
        if (m_reader.hasPendingBytes() || m_socket->bytesAvailable() > 0) {
            m_report.tlsError =
                Message(QT_TRANSLATE_NOOP("Engine", "data after the 220 to STARTTLS (response injection?)"), {})
                    .translated();
            finish(false);
            return false;
        }
        enterStep(Step::StartTlsHandshake);
        startTls();
        return m_step != Step::Done;
    default:
        return true;
    }
}

bool SmtpPortProbe::handleEhlo(const SmtpReply &reply)
{
    if (reply.code != 250) {
        m_report.error = Message(QT_TRANSLATE_NOOP("Engine", "refused EHLO: %1"), {shownReply(reply)}).translated();
        finish(true);
        return false;
    }
    const SmtpCapabilities capabilities = SmtpCodec::capabilities(reply);
    m_report.capabilities.clear();
    for (qsizetype i = 1; i < reply.lines.size() && m_report.capabilities.size() < maxCapabilities; ++i)
        m_report.capabilities << WireText::sanitizeForDisplay(reply.lines.at(i).trimmed(), 120);
    const bool plainLink = m_step == Step::Ehlo && !m_settings.implicitTls;
    if (!plainLink) { // AUTH counts only inside TLS
        for (const QByteArray &mechanism : capabilities.authMechanisms)
            m_report.authMechanisms << QString::fromLatin1(mechanism);
        std::sort(m_report.authMechanisms.begin(), m_report.authMechanisms.end());
        finish(true);
        return false;
    }
    if (!capabilities.has("STARTTLS")) {
        m_report.tlsError = Message(QT_TRANSLATE_NOOP("Engine", "no STARTTLS offered"), {}).translated();
        finish(true);
        return false;
    }
    if (m_reader.hasPendingBytes()) { // an answer to a STARTTLS not yet sent
        m_report.tlsError =
            Message(QT_TRANSLATE_NOOP("Engine", "data after EHLO before STARTTLS was sent (response injection?)"), {})
                .translated();
        finish(false);
        return false;
    }
    enterStep(Step::StartTlsReply);
    send("STARTTLS");
    return true;
}

void SmtpPortProbe::send(const QByteArray &line)
{
    m_socket->write(line + "\r\n");
}

void SmtpPortProbe::onSocketError()
{
    if (m_step == Step::Done || !m_socket)
        return;
    const ProbePhase phase = m_step == Step::Connecting ? ProbePhase::Connecting
                             : m_step == Step::TlsHandshake || m_step == Step::StartTlsHandshake ? ProbePhase::Handshake
                                                                                                 : ProbePhase::Exchange;
    recordProbeSocketError(m_socket, m_settings, &m_report, phase, stepName());
    finish(false);
}

void SmtpPortProbe::onTimeout()
{
    const QString seconds = QString::number(m_settings.timeoutSeconds);
    if (m_step == Step::Connecting) {
        m_report.error = Message(QT_TRANSLATE_NOOP("Engine", "no connection within %1 s"), {seconds}).translated();
    } else if (m_step == Step::TlsHandshake || m_step == Step::StartTlsHandshake) {
        m_report.tlsError =
            Message(QT_TRANSLATE_NOOP("Engine", "no TLS handshake within %1 s"), {seconds}).translated();
    } else {
        m_report.error =
            Message(QT_TRANSLATE_NOOP("Engine", "no answer within %1 s (%2)"), {seconds, stepName()}).translated();
    }
    finish(false);
}

void SmtpPortProbe::finish(bool polite)
{
    if (m_step == Step::Done)
        return;
    m_step = Step::Done;
    m_timer.stop();
    if (m_socket) {
        UpstreamSocket *socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        if (polite && socket->state() == QAbstractSocket::ConnectedState) {
            quitAndClose(socket, m_settings.timeoutSeconds * 1000); // SMTP's QUIT is POP3's
        } else {
            socket->abort();
            socket->deleteLater();
        }
    }
    qCInfo(lcProbe) << where() << "done:" << (m_report.error.isEmpty() ? m_report.tlsError : m_report.error);
    Q_EMIT finished();
}

QString SmtpPortProbe::stepName() const
{
    switch (m_step) {
    case Step::Idle:
        return Message(QT_TRANSLATE_NOOP("Engine", "not started"), {}).translated();
    case Step::Connecting:
        return Message(QT_TRANSLATE_NOOP("Engine", "connecting"), {}).translated();
    case Step::TlsHandshake:
        return Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake"), {}).translated();
    case Step::Greeting:
        return Message(QT_TRANSLATE_NOOP("Engine", "waiting for the greeting"), {}).translated();
    case Step::Ehlo:
    case Step::EhloInTls:
        return QStringLiteral("EHLO");
    case Step::StartTlsReply:
        return QStringLiteral("STARTTLS");
    case Step::StartTlsHandshake:
        return Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake after STARTTLS"), {}).translated();
    case Step::Done:
        return Message(QT_TRANSLATE_NOOP("Engine", "done"), {}).translated();
    }
    return {};
}

} // namespace mailshim
