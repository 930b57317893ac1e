#include "net/socketwrite.h"

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>
#endif

namespace mailshim::SocketWrite {

void now(QTcpSocket *socket, const QByteArray *pieces, qsizetype count)
{
    qsizetype done = 0;    // pieces sent in full
    qsizetype partial = 0; // bytes sent of pieces[done]
#ifdef Q_OS_UNIX
    if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState) {
        const int fd = int(socket->socketDescriptor());
        constexpr int kMaxIov = 16;
        iovec iov[kMaxIov];
        while (fd >= 0 && done < count) {
            int n = 0;
            for (qsizetype i = done; i < count && n < kMaxIov; ++i, ++n) {
                const qsizetype skip = i == done ? partial : 0;
                iov[n].iov_base = const_cast<char *>(pieces[i].constData() + skip);
                iov[n].iov_len = size_t(pieces[i].size() - skip);
            }
            msghdr message{};
            message.msg_iov = iov;
            message.msg_iovlen = size_t(n);
            ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
            if (sent < 0 && errno == EINTR)
                continue;
            if (sent <= 0)
                break; // EAGAIN: the rest waits in Qt's buffer; an error: Qt's own write sees it and reports it
            while (sent > 0) {
                const qsizetype left = pieces[done].size() - partial;
                if (sent >= left) {
                    sent -= left;
                    ++done;
                    partial = 0;
                } else {
                    partial += sent;
                    sent = 0;
                }
            }
        }
    }
#endif
    if (done == count)
        return;
    const bool nothingSent = done == 0 && partial == 0;
    for (qsizetype i = done; i < count; ++i)
        socket->write(i == done && partial > 0 ? pieces[i].sliced(partial) : pieces[i]);
    if (nothingSent)
        socket->flush(); // bytes already queued (or not UNIX): as much as the kernel takes now
}

void now(QTcpSocket *socket, const QByteArray &data)
{
    now(socket, &data, 1);
}

} // namespace mailshim::SocketWrite
