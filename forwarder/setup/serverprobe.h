#pragma once

// ServerProbe: the background check behind the setup wizard and the "Test" button. Looks at the plain and
// the TLS port of a server at the same time (PortProbe for POP3, SmtpPortProbe for SMTP's 587 and 465), recommends
// a security mode (ProbeReport::recommend) and, when given a user and password, tries a real login with that mode
// through the engine's own Pop3Login or SmtpLogin, so the test logs in exactly the way the forwarder will. A password
// is never sent over a link that is unprotected or protected only by a certificate the user has not pinned.

#include "setup/portprobe.h"
#include "setup/probereport.h"

#include <QObject>
#include <QPointer>
#include <optional>

namespace mailshim {

class Pop3Login;
class SmtpLogin;
struct ServerError;

class ServerProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerProbe)

public:
    explicit ServerProbe(QObject *parent = nullptr);
    ~ServerProbe() override;

    // Starts a probe (a running one is cancelled first). Emits progress() and then exactly one finished(),
    // always asynchronously, unless cancel() comes first.
    void start(const ProbeRequest &request);
    // Reads the certificate of one port for the listener editor: mode Tls or ApopTls means implicit TLS,
    // Stls means STLS (POP3) or STARTTLS (SMTP) on a plain port. Emits exactly one certificateFetched(), unless
    // cancel() comes first.
    void fetchCertificate(const QString &host, quint16 port, Security mode, const QString &caFile,
                          int timeoutSeconds = 10, Protocol protocol = Protocol::Pop3);
    // Stops the probe and any certificate fetch at once; nothing is emitted for them afterwards.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const QString &step, int percent);
    void finished(const mailshim::ProbeReport &report);
    // certificate: what the server presented (nullopt if the handshake never got that far); error: why the
    // certificate or the connection is not usable as it is, empty when it is trusted.
    void certificateFetched(const std::optional<mailshim::CertificateInfo> &certificate, const QString &error);

private:
    void onStep(const QString &text);
    void onPortFinished(QObject *probe, const PortReport &report);
    QObject *startPortProbe(const PortProbe::Settings &settings, Protocol protocol);
    void startLogin();
    void startSmtpLogin();
    void onLoginReady();
    void onLoginFailed(const mailshim::ServerError &error);
    void complete();
    void onFetchFinished(QObject *probe, const PortReport &fetched);
    void emitFetchedLater(const QString &error);

    ProbeRequest m_request;
    ProbeReport m_report;
    // A PortProbe or an SmtpPortProbe, as the request's protocol says.
    QPointer<QObject> m_plain;
    QPointer<QObject> m_tls;
    QPointer<Pop3Login> m_login;
    QPointer<SmtpLogin> m_smtpLogin;
    QPointer<QObject> m_fetch;
    bool m_running = false;
    int m_stepsDone = 0;
    quint64 m_generation = 0; // bumped by cancel(): queued emissions of an older run are dropped
};

} // namespace mailshim
