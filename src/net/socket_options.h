#pragma once
/// TCP options applied to every accepted socket (seed 000 `tcp_*` keys).

#include <chrono>
#include <system_error>

#include "net/socket.h"

namespace wsc::net {

struct TcpOptions {
    bool no_delay = true;                        // TCP_NODELAY: frames leave at once
    bool keep_alive = true;                      // SO_KEEPALIVE
    std::chrono::seconds keep_alive_period{60};  // TCP_KEEPIDLE and TCP_KEEPINTVL
};

/// Applies `options` to an accepted socket. Returns the first failure (the caller logs it and
/// keeps the connection: these options tune, they don't make it work).
std::error_code apply_tcp_options(Socket& socket, const TcpOptions& options);

}  // namespace wsc::net
