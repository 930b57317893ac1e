#pragma once

// What the fuzz targets share: the one QCoreApplication some of them need, a quiet Qt log, byte helpers over
// libFuzzer's FuzzedDataProvider, and FUZZ_CHECK, which turns a broken invariant into a finding (an abort that
// libFuzzer reports and saves, like a sanitizer's).

#include <QByteArray>
#include <fuzzer/FuzzedDataProvider.h>

namespace mailshim::fuzz {

// Creates the process's QCoreApplication once (targets with sockets, timers or an event loop), with Qt's own log
// silenced: the code under test logs on every bad input, and a fuzzer runs millions of them.
void ensureApplication();
// Silences Qt's log for targets without an application.
void quietQtLog();

QByteArray takeBytes(FuzzedDataProvider &in, size_t maxLength);
QByteArray takeRest(FuzzedDataProvider &in);

[[noreturn]] void fail(const char *condition, const char *file, int line);

} // namespace mailshim::fuzz

#define FUZZ_CHECK(condition)                                                                                          \
    do {                                                                                                               \
        if (!(condition))                                                                                              \
            ::mailshim::fuzz::fail(#condition, __FILE__, __LINE__);                                                    \
    } while (false)
