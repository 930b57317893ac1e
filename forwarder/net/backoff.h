#pragma once

// backoffMs: the one exponential back-off MailShim uses for every retry (connect attempts, a busy port, a name
// that does not resolve): initialMs doubled attempt times, capped at maxMs. attempt 0 gives initialMs.

namespace mailshim {

int backoffMs(int attempt, int initialMs, int maxMs);

} // namespace mailshim
