#pragma once

// ProcessSetup: what both programs (the tray and the service) do before Qt starts, so that a normal run prints
// nothing the user did not ask for: no debug or info records of MailShim's own categories unless QT_LOGGING_RULES
// asks for them, and, on Linux, no "XDG_RUNTIME_DIR not set" warning when run as root or from a plain shell.

namespace mailshim::ProcessSetup {

// Call first thing in main(), before the QCoreApplication is made.
void prepare();

} // namespace mailshim::ProcessSetup
