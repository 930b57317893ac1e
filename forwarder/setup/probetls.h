#pragma once

// ProbeTls: the TLS half every port probe shares (POP3's PortProbe, SMTP's SmtpPortProbe). The probe lets a
// handshake finish whatever the verdict, so the wizard can show a certificate the user may want to pin; these
// functions start such a handshake and turn its outcome, or a socket error, into the report with the engine's own
// rules.

#include "setup/portprobe.h"

namespace mailshim {

class UpstreamSocket;

// Starts the client handshake on socket with the CA file and policy of settings, in inspection mode and without
// a cached session (the probe looks at the server afresh). False, with report->tlsError set, when there is no TLS
// context for the CA file.
bool startProbeTls(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report);

// After encrypted(): records the certificate, whether the engine would accept it (trusted, or the pin matches) and,
// if not, why, in plain words; logs the verdict for where.
void judgeProbeTls(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report,
                   const QString &where);

// What a socket error means at this point of a probe: at connect, the port is unreachable; during a handshake, TLS
// failed (the certificate, if any was seen, is recorded but cannot be pinned); later, the connection was lost in
// the step called stepName.
enum class ProbePhase { Connecting, Handshake, Exchange };
void recordProbeSocketError(UpstreamSocket *socket, const PortProbe::Settings &settings, PortReport *report,
                            ProbePhase phase, const QString &stepName);

} // namespace mailshim
