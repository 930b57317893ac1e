#pragma once

// BenchMailbox: the benchmark's messages, generated (nothing checked in): one of 64 MiB and 1000 of 4 KiB for the
// throughput user, one 4 KiB message for the user of the session and concurrency runs (so Dovecot's own work per
// login stays small and the path's cost shows).

#include <QByteArray>
#include <QList>

namespace BenchMailbox {

constexpr qsizetype kLargeSize = 64 * 1024 * 1024;
constexpr int kSmallCount = 1000;
constexpr qsizetype kSmallSize = 4096;

// Message 1 is the large one, 2..1001 the small ones; LF line ends, as stored.
QList<QByteArray> throughputMessages();
QList<QByteArray> sessionMessages();

} // namespace BenchMailbox
