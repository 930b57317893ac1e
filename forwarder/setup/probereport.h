#pragma once

// ProbeReport: what ServerProbe found out about a mail server, as plain structs the setup wizard and the
// listener editor show, plus the recommendation of a security mode. recommend() is a pure function of the
// two port reports, so the rules for choosing a mode are tested without sockets. The same structs describe an
// incoming (POP3: 110 and 995) and an outgoing (SMTP: 587 with STARTTLS and 465) server; protocol says which.

#include "core/config.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>
#include <optional>

namespace mailshim {

struct ProbeRequest
{
    Protocol protocol = Protocol::Pop3; // SMTP: plainPort is the submission port (587), tlsPort the SMTPS one (465)
    QString host;            // a DNS name or IP address; it is also the name the certificate must carry (SNI, RFC 7817)
    quint16 plainPort = 110; // 0: not checked
    quint16 tlsPort = 995;   // 0: not checked
    QString caFile;          // extra CA certificates (PEM), as TlsPolicy::caFile
    QByteArray pinSha256;    // a pin the user already set (TlsPolicy::pinSha256 format); empty: none
    // Optional: when both are set, a real login is tried with the recommended mode (never over a link
    // that is unprotected or protected only by a certificate the user has not pinned yet).
    QByteArray user;
    QByteArray password;
    int timeoutSeconds = 10; // for each network step (connect, handshake, each reply)
    QSet<quint16> loopPorts; // MailShim's own listening ports: the login test never logs in to itself
};

struct CertificateInfo
{
    QString subject;
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray spkiSha256Hex; // lowercase hex SHA-256 of the public key: the TlsPolicy::pinSha256 format
    bool trusted = false;     // no certificate error at all with the request's CA file
    bool hostnameMatches = false;
    bool selfSigned = false;
    bool expired = false;
    bool notYetValid = false;
    bool pinnable = false;   // the handshake completed and a pin on this key would make the engine accept it
    bool pinMatches = false; // the key equals the request's pin
    QStringList problems;    // plain words, one per certificate error

    // Several lines of plain text for a dialog: who it is for, who issued it, validity, key hash, problems.
    QString describe() const;
};

// Builds the description of a peer certificate from the errors its handshake reported.
CertificateInfo certificateInfo(const QSslCertificate &peer, const QList<QSslError> &errors, const TlsPolicy &policy);

struct PortReport
{
    bool reachable = false;     // a TCP connection was made
    QString error;              // why the port is unusable (refused, timeout, bad greeting); empty if usable
    QString banner;             // the greeting, sanitized for display (also when it is not +OK)
    bool greetingOk = false;    // the greeting was +OK (over TLS, when the port is TLS)
    bool apopTimestamp = false; // the greeting carries a valid APOP timestamp (Pop3Codec's strict check)
    QStringList capabilities;   // CAPA lines (on the plain port: those sent before STLS); SMTP: EHLO keywords
    bool stls = false;          // plain port: STLS offered (CAPA, or +OK to STLS when CAPA is missing); SMTP: STARTTLS
    QStringList authMechanisms; // SMTP: the AUTH mechanisms offered inside TLS (none outside TLS count)
    // TLS works the way the engine would run it with the request's CA file and pin: handshake done and the
    // certificate accepted. False for an untrusted certificate (see certificate->pinnable).
    bool tlsOk = false;
    QString tlsError; // why TLS is not usable: handshake failure or the certificate's problems
    std::optional<CertificateInfo> certificate;

    // TLS completed, but the certificate is accepted only once the user pins its key.
    bool tlsNeedsPin() const;
};

struct ProbeReport
{
    Protocol protocol = Protocol::Pop3;
    QString host; // as connected to: lowercase, IDN in ASCII
    quint16 plainPort = 110;
    quint16 tlsPort = 995;
    PortReport plain;       // plainPort: banner, APOP timestamp, CAPA, STLS (and its handshake)
    PortReport implicitTls; // tlsPort: handshake, certificate, then banner, APOP timestamp and CAPA inside TLS

    // Modes that work as the request is configured (trusted certificate or matching pin), best first.
    // Plain is never listed: running without protection must stay an explicit choice in the config.
    QList<Security> workingModes;
    // Modes that work once the certificate shown is pinned, best first.
    QList<Security> pinnableModes;
    std::optional<Security> recommended;
    bool recommendationNeedsPin = false; // pin certificateFor(*recommended) before using it
    QString reason;                      // plain words: why this mode, or why none

    std::optional<bool> loginOk; // set only when a login was tried
    QString loginReply;          // the server's reply to the login, or why there was none (sanitized)

    // Fills workingModes, pinnableModes, recommended, recommendationNeedsPin and reason from the port
    // reports. Order of preference: tls > stls > apop+tls > apop (SMTP: tls > starttls), trusted TLS modes before
    // pinned ones and a pinned TLS mode before APOP without TLS. Never plain.
    void recommend();
    // SMTP: the port of mode offers AUTH PLAIN or LOGIN inside TLS (without, the server may want POP before SMTP).
    bool offersAuth(Security mode) const;
    // The certificate a mode relies on: the STLS one for stls, the port-995 one for tls and apop+tls.
    std::optional<CertificateInfo> certificateFor(Security mode) const;
    quint16 portFor(Security mode) const;
};

} // namespace mailshim

Q_DECLARE_METATYPE(mailshim::ProbeReport)
Q_DECLARE_METATYPE(mailshim::CertificateInfo)
Q_DECLARE_METATYPE(std::optional<mailshim::CertificateInfo>)
