#include "setup/probereport.h"

#include "net/message.h"
#include "net/tlsverifier.h"

namespace mailshim {

namespace {

bool hasError(const QList<QSslError> &errors, QSslError::SslError kind)
{
    for (const QSslError &error : errors) {
        if (error.error() == kind)
            return true;
    }
    return false;
}

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QStringLiteral("?");
}

QString portProblem(const PortReport &port, bool tlsPort, Protocol protocol = Protocol::Pop3)
{
    if (!port.reachable || !port.error.isEmpty())
        return port.error.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "not reachable"), {}).translated()
                                    : port.error;
    if (tlsPort || port.stls) {
        if (!port.tlsError.isEmpty())
            return port.tlsError;
    }
    if (!port.greetingOk)
        return protocol == Protocol::Smtp ? Message(QT_TRANSLATE_NOOP("Engine", "no 220 greeting"), {}).translated()
                                          : Message(QT_TRANSLATE_NOOP("Engine", "no +OK greeting"), {}).translated();
    if (tlsPort)
        return Message(QT_TRANSLATE_NOOP("Engine", "no usable TLS"), {}).translated();
    return protocol == Protocol::Smtp ? Message(QT_TRANSLATE_NOOP("Engine", "no STARTTLS offered"), {}).translated()
                                      : Message(QT_TRANSLATE_NOOP("Engine", "no STLS offered"), {}).translated();
}

// SMTP: tls (465) > starttls (587), trusted before pinned; never plain (port 25 is for servers, and blocked for
// most home connections). A mode counts once its port greeted with 220 and answered EHLO inside TLS.
void recommendSmtp(ProbeReport &report)
{
    const auto classify = [&report](Security mode, const PortReport &port, bool offered) {
        if (!offered)
            return;
        if (port.tlsOk)
            report.workingModes << mode;
        else if (port.tlsNeedsPin())
            report.pinnableModes << mode;
    };
    const bool tlsAnswers = report.implicitTls.greetingOk && report.implicitTls.error.isEmpty();
    const bool startTlsAnswers = report.plain.stls && report.plain.error.isEmpty();
    classify(Security::Tls, report.implicitTls, tlsAnswers);
    classify(Security::Stls, report.plain, startTlsAnswers);

    const QString tlsProblem = portProblem(report.implicitTls, true, Protocol::Smtp);
    const QString plainProblem = portProblem(report.plain, false, Protocol::Smtp);
    const QString whereTls = Message(QT_TRANSLATE_NOOP("Engine", "port %1"), {report.tlsPort}).translated();
    const QString wherePlain = Message(QT_TRANSLATE_NOOP("Engine", "port %1"), {report.plainPort}).translated();

    if (!report.workingModes.isEmpty()) {
        report.recommended = report.workingModes.first();
        const std::optional<CertificateInfo> certificate = report.certificateFor(*report.recommended);
        const QString trust = certificate && !certificate->trusted
                                  ? Message(QT_TRANSLATE_NOOP("Engine", "the certificate you pinned"), {}).translated()
                                  : Message(QT_TRANSLATE_NOOP("Engine", "a trusted certificate"), {}).translated();
        if (*report.recommended == Security::Tls)
            report.reason =
                Message(QT_TRANSLATE_NOOP("Engine", "%1 offers TLS with %2 for %3."), {whereTls, trust, report.host})
                    .translated();
        else
            report.reason = Message(QT_TRANSLATE_NOOP("Engine", "%1 offers STARTTLS with %2 for %3; %4: %5."),
                                    {wherePlain, trust, report.host, whereTls, tlsProblem})
                                .translated();
    } else if (!report.pinnableModes.isEmpty()) {
        report.recommended = report.pinnableModes.first();
        report.recommendationNeedsPin = true;
        const CertificateInfo certificate = *report.certificateFor(*report.recommended);
        report.reason =
            Message(
                QT_TRANSLATE_NOOP("Engine",
                                  "%1 works, but only after you pin the certificate of %2 port %3: it is not trusted "
                                  "(%4). Pin its key (SHA-256 %5) only if you know it is your server's."),
                {securityName(*report.recommended, Protocol::Smtp), report.host, report.portFor(*report.recommended),
                 certificate.problems.join(QStringLiteral("; ")), QString::fromLatin1(certificate.spkiSha256Hex)})
                .translated();
    } else {
        report.reason = Message(QT_TRANSLATE_NOOP("Engine", "No protected mode works (%1: %2; %3: %4)."),
                                {whereTls, tlsProblem, wherePlain, plainProblem})
                            .translated();
        if (report.plain.greetingOk && !report.plain.stls)
            report.reason += Message(QT_TRANSLATE_NOOP("Engine", " The server answers plain SMTP only; MailShim will "
                                                                 "not recommend sending the password unprotected."),
                                     {})
                                 .translated();
        return;
    }
    if (!report.offersAuth(*report.recommended))
        report.reason += Message(QT_TRANSLATE_NOOP("Engine", " The server offers no login (AUTH) there: it may "
                                                             "accept mail only after a POP3 login (POP before SMTP)."),
                                 {})
                             .translated();
}

} // namespace

CertificateInfo certificateInfo(const QSslCertificate &peer, const QList<QSslError> &errors, const TlsPolicy &policy)
{
    CertificateInfo info;
    info.subject = peer.subjectDisplayName();
    info.issuer = peer.issuerDisplayName();
    info.notBefore = peer.effectiveDate();
    info.notAfter = peer.expiryDate();
    info.spkiSha256Hex = TlsVerifier::publicKeySha256(peer);
    info.trusted = errors.isEmpty();
    info.hostnameMatches = !hasError(errors, QSslError::HostNameMismatch);
    info.selfSigned = peer.isSelfSigned() || hasError(errors, QSslError::SelfSignedCertificate);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    info.expired = hasError(errors, QSslError::CertificateExpired) || (info.notAfter.isValid() && info.notAfter < now);
    info.notYetValid =
        hasError(errors, QSslError::CertificateNotYetValid) || (info.notBefore.isValid() && info.notBefore > now);
    info.pinMatches = !policy.pinSha256.isEmpty() && policy.pinSha256 == info.spkiSha256Hex;
    // Would the engine accept these errors if the user pinned exactly this key? Ask the engine's own rule.
    TlsPolicy pinned = policy;
    pinned.pinSha256 = info.spkiSha256Hex;
    info.pinnable = !peer.isNull() && TlsVerifier::ignorableErrors(pinned, errors, info.spkiSha256Hex).has_value();
    for (const QSslError &error : errors)
        info.problems << error.errorString();
    return info;
}

QString CertificateInfo::describe() const
{
    QStringList lines;
    lines << Message(QT_TRANSLATE_NOOP("Engine", "Issued to: %1"),
                     {subject.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "(no name)"), {}).translated() : subject})
                 .translated();
    lines << Message(QT_TRANSLATE_NOOP("Engine", "Issued by: %1%2"),
                     {issuer.isEmpty() ? Message(QT_TRANSLATE_NOOP("Engine", "(no name)"), {}).translated() : issuer,
                      selfSigned ? Message(QT_TRANSLATE_NOOP("Engine", " (self-signed)"), {}).translated() : QString()})
                 .translated();
    lines << Message(QT_TRANSLATE_NOOP("Engine", "Valid from %1 to %2%3"),
                     {dateText(notBefore), dateText(notAfter),
                      expired       ? Message(QT_TRANSLATE_NOOP("Engine", " (expired)"), {}).translated()
                      : notYetValid ? Message(QT_TRANSLATE_NOOP("Engine", " (not yet valid)"), {}).translated()
                                    : QString()})
                 .translated();
    lines << Message(QT_TRANSLATE_NOOP("Engine", "Public key SHA-256: %1"), {QString::fromLatin1(spkiSha256Hex)})
                 .translated();
    if (trusted)
        lines << Message(QT_TRANSLATE_NOOP("Engine", "Trusted for this server name."), {}).translated();
    else if (pinMatches)
        lines << Message(QT_TRANSLATE_NOOP("Engine", "Not trusted, but its key matches your pin."), {}).translated();
    else
        lines << Message(QT_TRANSLATE_NOOP("Engine", "Not trusted: %1"), {problems.join(QStringLiteral("; "))})
                     .translated();
    return lines.join(QLatin1Char('\n'));
}

bool PortReport::tlsNeedsPin() const
{
    return !tlsOk && certificate && certificate->pinnable;
}

std::optional<CertificateInfo> ProbeReport::certificateFor(Security mode) const
{
    switch (mode) {
    case Security::Stls:
        return plain.certificate;
    case Security::Tls:
    case Security::ApopTls:
        return implicitTls.certificate;
    case Security::Plain:
    case Security::Apop:
        break;
    }
    return std::nullopt;
}

quint16 ProbeReport::portFor(Security mode) const
{
    return mode == Security::Tls || mode == Security::ApopTls ? tlsPort : plainPort;
}

bool ProbeReport::offersAuth(Security mode) const
{
    const PortReport &port = mode == Security::Tls ? implicitTls : plain;
    return port.authMechanisms.contains(QStringLiteral("PLAIN")) ||
           port.authMechanisms.contains(QStringLiteral("LOGIN"));
}

void ProbeReport::recommend()
{
    workingModes.clear();
    pinnableModes.clear();
    recommended.reset();
    recommendationNeedsPin = false;
    reason.clear();
    if (protocol == Protocol::Smtp) {
        recommendSmtp(*this);
        return;
    }

    const bool tlsGreets = implicitTls.greetingOk;
    const auto classify = [this](Security mode, bool tlsOk, bool needsPin, bool extra) {
        if (!extra)
            return;
        if (tlsOk)
            workingModes << mode;
        else if (needsPin)
            pinnableModes << mode;
    };
    classify(Security::Tls, implicitTls.tlsOk, implicitTls.tlsNeedsPin(), tlsGreets);
    classify(Security::Stls, plain.tlsOk, plain.tlsNeedsPin(), plain.stls);
    classify(Security::ApopTls, implicitTls.tlsOk, implicitTls.tlsNeedsPin(), tlsGreets && implicitTls.apopTimestamp);
    const bool apopWorks = plain.greetingOk && plain.apopTimestamp;
    if (apopWorks)
        workingModes << Security::Apop;

    const QString tlsProblem = portProblem(implicitTls, true);
    const QString plainProblem = portProblem(plain, false);
    const QString where995 = Message(QT_TRANSLATE_NOOP("Engine", "port %1"), {tlsPort}).translated();
    const QString where110 = Message(QT_TRANSLATE_NOOP("Engine", "port %1"), {plainPort}).translated();

    if (!workingModes.isEmpty() && workingModes.first() != Security::Apop) {
        recommended = workingModes.first();
        const std::optional<CertificateInfo> certificate = certificateFor(*recommended);
        const QString trust = certificate && !certificate->trusted
                                  ? Message(QT_TRANSLATE_NOOP("Engine", "the certificate you pinned"), {}).translated()
                                  : Message(QT_TRANSLATE_NOOP("Engine", "a trusted certificate"), {}).translated();
        if (*recommended == Security::Tls)
            reason = Message(QT_TRANSLATE_NOOP("Engine", "%1 offers TLS with %2 for %3."), {where995, trust, host})
                         .translated();
        else
            reason = Message(QT_TRANSLATE_NOOP("Engine", "%1 offers STLS with %2 for %3; %4: %5."),
                             {where110, trust, host, where995, tlsProblem})
                         .translated();
        return;
    }
    if (!pinnableModes.isEmpty()) {
        recommended = pinnableModes.first();
        recommendationNeedsPin = true;
        const CertificateInfo certificate = *certificateFor(*recommended);
        reason =
            Message(QT_TRANSLATE_NOOP(
                        "Engine", "%1 works, but only after you pin the certificate of %2 port %3: it is not trusted "
                                  "(%4). Pin its key (SHA-256 %5) only if you know it is your server's."),
                    {securityName(*recommended), host, portFor(*recommended),
                     certificate.problems.join(QStringLiteral("; ")), QString::fromLatin1(certificate.spkiSha256Hex)})
                .translated();
        if (apopWorks)
            reason +=
                Message(QT_TRANSLATE_NOOP("Engine", " Without a pin, apop works, but mail travels unencrypted."), {})
                    .translated();
        return;
    }
    if (apopWorks) {
        recommended = Security::Apop;
        reason = Message(QT_TRANSLATE_NOOP(
                             "Engine", "No usable TLS (%1: %2; %3: %4). APOP keeps the password off the wire, but mail "
                                       "travels unencrypted (legacy)."),
                         {where995, tlsProblem, where110, plainProblem})
                     .translated();
        return;
    }
    reason = Message(QT_TRANSLATE_NOOP("Engine", "No protected mode works (%1: %2; %3: %4)."),
                     {where995, tlsProblem, where110, plainProblem})
                 .translated();
    if (plain.greetingOk)
        reason += Message(QT_TRANSLATE_NOOP(
                              "Engine", " The server answers plain POP3 only; MailShim will not recommend sending the "
                                        "password unprotected."),
                          {})
                      .translated();
}

} // namespace mailshim
