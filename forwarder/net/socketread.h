#pragma once

// SocketRead: reads a TCP socket to its end without leaving Qt's read buffer behind.
// A QTcpSocket reads the kernel's bytes into a QRingBuffer, and after they have been read out it keeps the block they
// were in (16 KiB, QIODEVICE_BUFFERSIZE) for the next read. A POP3 session is idle most of its life (a mail client
// holds the connection open), so that block, on each of a session's two sockets, was most of what an idle session
// cost. QIODevice::read(qint64) with exactly what one block holds hands that block over with the bytes (no copy), and
// it is freed with them; the next read takes a new one.

#include <QByteArray>
#include <QTcpSocket>
#include <cstring>

namespace mailshim::SocketRead {

// The block Qt reads into and keeps (QIODEVICE_BUFFERSIZE in Qt 5 and 6). A larger block, taken for a larger burst,
// Qt frees itself once read; and the bytes of a burst larger than this may span several blocks, which read(qint64)
// would copy together once more. So only what fits in one is taken by the block.
constexpr qint64 kQtReadBlock = 16 * 1024;

// Everything the socket holds (QIODevice::readAll() instead copies it into a new array of 16 KiB or more, and asks
// the device again into a reserved block, which keeps Qt's block allocated).
inline QByteArray all(QTcpSocket *socket)
{
    const qint64 available = socket->bytesAvailable();
    return available > 0 ? socket->read(available) : QByteArray(); // several blocks: copied together, freed
}

// Up to size bytes into data; the same as socket->read(data, size), but a read that takes all the socket holds takes
// Qt's block with it. Returns what was read (0 when nothing was there or the socket is closed).
inline qint64 into(QTcpSocket *socket, char *data, qint64 size)
{
    const qint64 available = socket->isOpen() ? socket->bytesAvailable() : 0;
    if (available <= 0 || size <= 0)
        return 0;
    if (size < available || available > kQtReadBlock)
        return qMax<qint64>(socket->read(data, size), 0);
    const QByteArray bytes = socket->read(available);
    std::memcpy(data, bytes.constData(), size_t(bytes.size()));
    return bytes.size();
}

} // namespace mailshim::SocketRead
