#include "setup/probetls.h"

#include "core/logging.h"
#include "net/message.h"
#include "net/tlsclientcontext.h"
#include "net/tlsverifier.h"
#include "net/upstreamsocket.h"
#include "net/wiretext.h"

namespace mailshim {

bool startProbeTls(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report)
{
    QString error;
    std::shared_ptr<TlsClientContext> context = TlsClientContext::forCaFile(settings.tls.caFile, &error);
    if (!context) {
        report->tlsError = Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake failed: %1"), {error}).translated();
        return false;
    }
    socket->setInspection(true);
    socket->startClientEncryption(std::move(context), settings.host, settings.tls, nullptr);
    return true;
}

namespace {
void recordCertificate(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report)
{
    const QSslCertificate peer = socket->peerCertificate();
    if (!peer.isNull())
        report->certificate = certificateInfo(peer, socket->peerErrors(), settings.tls);
}
} // namespace

void judgeProbeTls(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report,
                   const QString &where)
{
    recordCertificate(socket, settings, report);
    const bool pinOk = TlsVerifier::pinAccepts(settings.tls, socket->peerKeySha256());
    report->tlsOk = socket->trustVerdict().isEmpty();
    if (!report->tlsOk && !pinOk)
        report->tlsError =
            Message(QT_TRANSLATE_NOOP("Engine", "the certificate's key does not match the pinned key"), {})
                .translated();
    else if (!report->tlsOk)
        report->tlsError =
            Message(QT_TRANSLATE_NOOP("Engine", "certificate not trusted: %1"),
                    {report->certificate ? report->certificate->problems.join(QStringLiteral("; "))
                                         : Message(QT_TRANSLATE_NOOP("Engine", "no certificate"), {}).translated()})
                .translated();
    qCInfo(lcProbe) << where << "TLS:" << socket->tlsDescription() << (report->tlsOk ? "accepted" : "not accepted");
}

void recordProbeSocketError(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report,
                            ProbePhase phase, const QString &stepName)
{
    const QString text = WireText::sanitizeForDisplay(socket->errorString().toUtf8());
    switch (phase) {
    case ProbePhase::Connecting:
        report->reachable = false;
        report->error = Message(QT_TRANSLATE_NOOP("Engine", "cannot connect: %1"), {text}).translated();
        break;
    case ProbePhase::Handshake:
        recordCertificate(socket, settings, report);
        if (report->certificate)
            report->certificate->pinnable = false; // the handshake did not complete: a pin would not help
        report->tlsError = Message(QT_TRANSLATE_NOOP("Engine", "TLS handshake failed: %1"), {text}).translated();
        break;
    case ProbePhase::Exchange:
        report->error = Message(QT_TRANSLATE_NOOP("Engine", "connection lost (%1): %2"), {stepName, text}).translated();
        break;
    }
}

} // namespace mailshim
