#include "setup/portprobe.h"

#include "core/logging.h"
#include "net/message.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"
#include "setup/probetls.h"

namespace mailshim {

namespace {
constexpr int maxCapabilities = 64; // a CAPA body longer than this is read to its end but not kept
} // namespace

PortProbe::PortProbe(Settings settings, QObject *parent) : QObject(parent), m_settings(std::move(settings))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PortProbe::onTimeout);
}

PortProbe::~PortProbe()
{
    if (m_socket)
        m_socket->abort();
}

QString PortProbe::where() const
{
    return QStringLiteral("%1:%2").arg(m_settings.host).arg(m_settings.port);
}

void PortProbe::start()
{
    // The engine's own socket and TLS client, so "trusted" here is exactly what the engine will decide.
    m_socket = new UpstreamSocket(this);
    connect(m_socket, &UpstreamSocket::connected, this, &PortProbe::onConnected);
    connect(m_socket, &UpstreamSocket::encrypted, this, &PortProbe::onEncrypted);
    connect(m_socket, &UpstreamSocket::readyRead, this, &PortProbe::onReadyRead);
    connect(m_socket, &UpstreamSocket::errorOccurred, this, &PortProbe::onSocketError);
    enterStep(Step::Connecting);
    m_socket->connectToHost(m_settings.host, m_settings.port);
}

void PortProbe::abort()
{
    m_step = Step::Done;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
}

void PortProbe::enterStep(Step step)
{
    m_step = step;
    m_timer.start(m_settings.timeoutSeconds * 1000);
    if (step == Step::CapaBody) // the same step as CapaStatus for whoever watches the progress
        return;
    qCDebug(lcProbe) << where() << stepName();
    Q_EMIT stepStarted(QStringLiteral("%1: %2").arg(where(), stepName()));
}

void PortProbe::onConnected()
{
    m_report.reachable = true;
    if (m_settings.implicitTls) {
        enterStep(Step::TlsHandshake);
        startTls();
    } else {
        enterStep(Step::Banner);
    }
}

void PortProbe::startTls()
{
    if (!startProbeTls(m_socket, m_settings, &m_report))
        finish(false);
}

void PortProbe::onEncrypted()
{
    if (m_step != Step::TlsHandshake && m_step != Step::StlsHandshake)
        return;
    judgeProbeTls(m_socket, m_settings, &m_report, where());
    if (m_settings.stopAfterHandshake || m_step == Step::StlsHandshake) {
        finish(true);
        return;
    }
    enterStep(Step::Banner);
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void PortProbe::onReadyRead()
{
    if (!m_socket || m_step == Step::Done || m_step == Step::Idle || m_step == Step::Connecting ||
        m_step == Step::TlsHandshake || m_step == Step::StlsHandshake)
        return;
    m_reader.append(m_socket->readAll());
    while (m_step != Step::Done && m_step != Step::StlsHandshake) {
        const std::optional<QByteArray> line = m_reader.takeLine();
        if (!line)
            break;
        if (!handleLine(*line))
            return;
    }
    if (m_reader.overflowed() && m_step != Step::Done) {
        m_report.error =
            Message(QT_TRANSLATE_NOOP("Engine", "sent a line over 512 bytes (%1)"), {stepName()}).translated();
        finish(false);
    }
}

bool PortProbe::handleLine(const QByteArray &line)
{
    switch (m_step) {
    case Step::Banner:
        return handleBanner(line);
    case Step::CapaStatus:
    case Step::CapaBody:
        return handleCapa(line);
    case Step::StlsReply:
        if (Pop3Codec::responseStatus(line) != Pop3Codec::Status::Ok) {
            m_report.stls = false;
            m_report.tlsError =
                Message(QT_TRANSLATE_NOOP("Engine", "STLS refused: %1"), {WireText::sanitizeForDisplay(line)})
                    .translated();
            finish(false);
            return false;
        }
        m_report.stls = true;
        if (m_reader.hasPendingBytes() || m_socket->bytesAvailable() > 0) {
            m_report.tlsError =
                Message(QT_TRANSLATE_NOOP("Engine", "data after the +OK to STLS (response injection?)"), {})
                    .translated();
            finish(false);
            return false;
        }
        enterStep(Step::StlsHandshake);
        startTls();
        return m_step != Step::Done;
    default:
        return true;
    }
}

bool PortProbe::handleBanner(const QByteArray &line)
{
    m_report.banner = WireText::sanitizeForDisplay(line);
    if (Pop3Codec::responseStatus(line) != Pop3Codec::Status::Ok) {
        m_report.error = Message(QT_TRANSLATE_NOOP("Engine", "did not greet with +OK"), {}).translated();
        finish(false);
        return false;
    }
    m_report.greetingOk = true;
    m_report.apopTimestamp = Pop3Codec::apopTimestamp(line).has_value();
    if (m_settings.stopAfterHandshake) { // only the STLS certificate is wanted: no need for CAPA
        sendStls();
        return true;
    }
    enterStep(Step::CapaStatus);
    send("CAPA");
    return true;
}

bool PortProbe::handleCapa(const QByteArray &line)
{
    if (m_step == Step::CapaStatus) {
        if (Pop3Codec::responseStatus(line) == Pop3Codec::Status::Ok) {
            enterStep(Step::CapaBody);
            return true;
        }
        // No CAPA (RFC 2449 is optional): on the plain port STLS itself is the test, as in Pop3Login.
        if (m_settings.implicitTls) {
            finish(true);
            return false;
        }
        sendStls();
        return true;
    }
    if (line != ".") {
        if (m_report.capabilities.size() < maxCapabilities)
            m_report.capabilities << WireText::sanitizeForDisplay(line.trimmed(), 120);
        if (Pop3Codec::parseCommand(line.trimmed()).keyword == "STLS")
            m_report.stls = true;
        return true;
    }
    if (m_settings.implicitTls || !m_report.stls) {
        finish(true);
        return false;
    }
    if (m_reader.hasPendingBytes()) { // an answer to a STLS not yet sent
        m_report.tlsError =
            Message(QT_TRANSLATE_NOOP("Engine", "data after CAPA before STLS was sent (response injection?)"), {})
                .translated();
        finish(false);
        return false;
    }
    sendStls();
    return true;
}

void PortProbe::sendStls()
{
    enterStep(Step::StlsReply);
    send("STLS");
}

void PortProbe::send(const QByteArray &line)
{
    m_socket->write(line + "\r\n");
}

void PortProbe::onSocketError()
{
    if (m_step == Step::Done || !m_socket)
        return;
    const ProbePhase phase = m_step == Step::Connecting                                      ? ProbePhase::Connecting
                             : m_step == Step::TlsHandshake || m_step == Step::StlsHandshake ? ProbePhase::Handshake
                                                                                             : ProbePhase::Exchange;
    recordProbeSocketError(m_socket, m_settings, &m_report, phase, stepName());
    finish(false);
}

void PortProbe::onTimeout()
{
    const QString seconds = QString::number(m_settings.timeoutSeconds);
    if (m_step == Step::Connecting) {
        m_report.error = Message(QT_TRANSLATE_NOOP("Engine", "no connection within %1 s"), {seconds}).translated();
    } else if (m_step == Step::TlsHandshake || m_step == Step::StlsHandshake) {
        m_report.tlsError =
            Message(QT_TRANSLATE_NOOP("Engine", "no TLS handshake within %1 s"), {seconds}).translated();
    } else {
        m_report.error =
            Message(QT_TRANSLATE_NOOP("Engine", "no answer within %1 s (%2)"), {seconds, stepName()}).translated();
    }
    finish(false);
}

void PortProbe::finish(bool polite)
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
            quitAndClose(socket, m_settings.timeoutSeconds * 1000);
        } else {
            socket->abort();
            socket->deleteLater();
        }
    }
    qCInfo(lcProbe) << where() << "done:" << (m_report.error.isEmpty() ? m_report.tlsError : m_report.error);
    Q_EMIT finished();
}

void quitAndClose(UpstreamSocket *socket, int timeoutMs)
{
    QObject::connect(socket, &UpstreamSocket::disconnected, socket, &QObject::deleteLater);
    socket->write("QUIT\r\n");
    socket->disconnectFromHost(); // flushes QUIT first; the server's reply is not needed
    QTimer::singleShot(timeoutMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

QString PortProbe::stepName() const
{
    switch (m_step) {
    case Step::Idle:
        return Message(QT_TRANSLATE_NOOP("Engine", "not started"), {}).translated();
    case Step::Connecting:
        return Message(QT_TRANSLATE_NOOP("Engine", "connecting"), {}).translated();
    case Step::TlsHandshake:
        return Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake"), {}).translated();
    case Step::Banner:
        return Message(QT_TRANSLATE_NOOP("Engine", "waiting for the greeting"), {}).translated();
    case Step::CapaStatus:
    case Step::CapaBody:
        return QStringLiteral("CAPA");
    case Step::StlsReply:
        return QStringLiteral("STLS");
    case Step::StlsHandshake:
        return Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake after STLS"), {}).translated();
    case Step::Done:
        return Message(QT_TRANSLATE_NOOP("Engine", "done"), {}).translated();
    }
    return {};
}

} // namespace mailshim
