#include "rawhop.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace RawHop {
namespace {

sockaddr_in loopback(quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

void noDelay(int fd)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

// Writes all of it (blocking sockets); false when the peer is gone.
bool writeAll(int fd, const char *data, ssize_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

void relay(int client, quint16 targetPort)
{
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in target = loopback(targetPort);
    if (server >= 0 && ::connect(server, reinterpret_cast<const sockaddr *>(&target), sizeof target) == 0) {
        noDelay(client);
        noDelay(server);
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        char buffer[64 * 1024]; // on this thread's stack: one per connection
        bool open = true;
        while (open && ::poll(fds, 2, -1) >= 0) {
            for (int side = 0; side < 2 && open; ++side) {
                if (!(fds[side].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const ssize_t n = ::read(fds[side].fd, buffer, sizeof buffer);
                open = n > 0 && writeAll(fds[1 - side].fd, buffer, n);
            }
        }
    }
    if (server >= 0)
        ::close(server);
    ::close(client);
}

} // namespace

int run(quint16 listenPort, quint16 targetPort)
{
    ::signal(SIGPIPE, SIG_IGN);
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    const sockaddr_in address = loopback(listenPort);
    if (listener < 0 || ::bind(listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(listener, 128) != 0) {
        std::perror("raw hop: cannot listen");
        return 1;
    }
    for (;;) {
        const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            std::perror("raw hop: accept");
            return 1;
        }
        std::thread(relay, client, targetPort).detach();
    }
}

} // namespace RawHop
