#include "net/socket_options.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace wsc::net {

std::error_code apply_tcp_options(Socket& socket, const TcpOptions& options) {
    boost::system::error_code ec;
    socket.set_option(asio::ip::tcp::no_delay(options.no_delay), ec);
    if (ec) {
        return ec;
    }
    socket.set_option(asio::socket_base::keep_alive(options.keep_alive), ec);
    if (ec || !options.keep_alive) {
        return ec;
    }
    // Asio has no portable keep-alive timing options; these are Linux's.
    int seconds = static_cast<int>(std::max<std::int64_t>(1, options.keep_alive_period.count()));
    int fd = socket.native_handle();
    if (::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &seconds, sizeof seconds) != 0 ||
        ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &seconds, sizeof seconds) != 0) {
        return std::error_code(errno, std::system_category());
    }
    return {};
}

}  // namespace wsc::net
