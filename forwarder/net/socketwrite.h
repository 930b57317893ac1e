#pragma once

// SocketWrite: sends bytes on a TCP socket now, instead of on the next turn of the event loop.
// QAbstractSocket::write() only queues the bytes and arms a write notifier; they leave on the next loop iteration,
// and with the glib event dispatcher arming and disarming that notifier wakes the loop each time: two extra poll
// rounds per relayed reply and per command, on the critical path of every small RETR.

#include <QByteArray>
#include <QTcpSocket>

namespace mailshim::SocketWrite {

// With nothing queued, the pieces go out in one sendmsg(2) (gathered, not copied together) on UNIX; whatever the
// kernel does not take goes through Qt's buffer as before, so bytesToWrite() and bytesWritten() still drive
// back-pressure. Elsewhere, or with bytes already queued, Qt's buffer takes them and is flushed at once. Pieces must
// not be empty and must own their bytes (never QByteArray::fromRawData): Qt's buffer keeps large ones by reference.
// The flush may signal bytesWritten before this returns. The socket carries the bytes as they are (never a
// QSslSocket in encrypted mode).
void now(QTcpSocket *socket, const QByteArray *pieces, qsizetype count);
void now(QTcpSocket *socket, const QByteArray &data);

} // namespace mailshim::SocketWrite
