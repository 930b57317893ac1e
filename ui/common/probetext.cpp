#include "ui/common/probetext.h"

#include "ui/common/securitytext.h"

namespace mailshim {

namespace {
QString mark(bool ok)
{
    return ok ? QStringLiteral("<span style='color:#1b7f3b'>&#10004;</span> ")
              : QStringLiteral("<span style='color:#b00020'>&#10008;</span> ");
}
} // namespace

QString ProbeText::portLines(const QString &title, const PortReport &port, Protocol protocol)
{
    QString html = QStringLiteral("<b>%1</b><br>").arg(title.toHtmlEscaped());
    if (!port.reachable)
        return html + mark(false) + tr("not reachable: %1").arg(port.error.toHtmlEscaped()) + QStringLiteral("<br>");
    if (!port.banner.isEmpty())
        html += mark(true) + tr("greeting: %1").arg(port.banner.left(120).toHtmlEscaped()) + QStringLiteral("<br>");
    if (protocol == Protocol::Pop3)
        html += mark(port.apopTimestamp) +
                (port.apopTimestamp ? tr("offers APOP") : tr("no APOP timestamp in the greeting")) +
                QStringLiteral("<br>");
    if (!port.capabilities.isEmpty())
        html += mark(true) + tr("capabilities: %1").arg(port.capabilities.join(QStringLiteral(", ")).toHtmlEscaped()) +
                QStringLiteral("<br>");
    if (protocol == Protocol::Smtp && port.greetingOk && (port.certificate || !port.authMechanisms.isEmpty())) {
        const bool auth = !port.authMechanisms.isEmpty();
        html +=
            mark(auth) +
            (auth ? tr("login methods (AUTH): %1").arg(port.authMechanisms.join(QStringLiteral(", ")).toHtmlEscaped())
                  : tr("no login (AUTH) offered inside TLS")) +
            QStringLiteral("<br>");
    }
    if (port.certificate) {
        html += mark(port.tlsOk) +
                (port.tlsOk ? tr("encryption works") : tr("encryption failed: %1").arg(port.tlsError.toHtmlEscaped())) +
                QStringLiteral("<br>");
        const CertificateInfo &cert = *port.certificate;
        html +=
            mark(cert.trusted) +
            (cert.trusted
                 ? tr("certificate trusted")
                 : tr("certificate not trusted: %1").arg(cert.problems.join(QStringLiteral("; ")).toHtmlEscaped())) +
            QStringLiteral("<br>");
    } else if (!port.tlsError.isEmpty()) {
        html += mark(false) + tr("encryption failed: %1").arg(port.tlsError.toHtmlEscaped()) + QStringLiteral("<br>");
    }
    return html;
}

QString ProbeText::recommendation(const ProbeReport &report)
{
    if (!report.recommended)
        return tr("No secure way to reach this server was found. %1").arg(report.reason);
    QString text =
        tr("Recommended: %1. %2")
            .arg(SecurityText::label(*report.recommended, report.portFor(*report.recommended), report.protocol),
                 report.reason);
    if (report.recommendationNeedsPin)
        text += QLatin1Char(' ') + tr("The server's certificate is not trusted by this computer; MailShim will "
                                      "trust exactly this certificate (pin) if you accept it.");
    return text;
}

QString ProbeText::html(const ProbeReport &report)
{
    QString html;
    const bool smtp = report.protocol == Protocol::Smtp;
    if (report.plainPort) { // 0: this port was not checked
        html += portLines(smtp ? tr("Port %1 (SMTP submission)").arg(report.plainPort)
                               : tr("Port %1 (POP3)").arg(report.plainPort),
                          report.plain, report.protocol);
        if (report.plain.stls)
            html += mark(true) + (smtp ? tr("offers STARTTLS") : tr("offers STARTTLS (STLS)")) + QStringLiteral("<br>");
    }
    if (report.tlsPort) {
        if (!html.isEmpty())
            html += QStringLiteral("<br>");
        html += portLines(smtp ? tr("Port %1 (SMTP over TLS)").arg(report.tlsPort)
                               : tr("Port %1 (POP3 over TLS)").arg(report.tlsPort),
                          report.implicitTls, report.protocol);
    }
    if (report.loginOk)
        html += QStringLiteral("<br>") + mark(*report.loginOk) +
                (*report.loginOk ? tr("login works") : tr("login refused: %1").arg(report.loginReply.toHtmlEscaped()));
    html += QStringLiteral("<p><b>%1</b></p>").arg(recommendation(report).toHtmlEscaped());
    return html;
}

} // namespace mailshim
