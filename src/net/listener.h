#pragma once
/// Listener: one SO_REUSEPORT accepting socket per worker; the kernel spreads new connections
/// across the workers' listeners and each connection stays on the worker that accepted it.
///
/// @par Thread Safety
/// open() before the worker runs; start() and stop() on the worker's thread.

#include <cstdint>
#include <functional>

#include <boost/asio/steady_timer.hpp>

#include "metrics/counter.h"
#include "net/socket.h"
#include "net/worker.h"

namespace wsc::net {

class Listener {
public:
    /// Receives each accepted socket on the worker's thread.
    using AcceptHandler = std::function<void(Socket)>;

    Listener(Worker& worker, asio::ip::tcp::endpoint endpoint, AcceptHandler on_accept);

    /// Throws boost::system::system_error if another process listens on `endpoint`'s port:
    /// with SO_REUSEPORT our binds would otherwise share it and split its traffic.
    static void ensure_port_free(const asio::ip::tcp::endpoint& endpoint);
    /// Binds and listens. Throws boost::system::system_error naming the address on failure
    /// (control plane). Returns the bound port (useful with port 0).
    std::uint16_t open();
    void start();
    /// Closes the listening socket; connections already accepted are unaffected. Idempotent.
    void stop();

    [[nodiscard]] std::uint64_t accepted_count() const noexcept { return accepted_.value(); }
    [[nodiscard]] std::uint64_t error_count() const noexcept { return errors_.value(); }

private:
    void accept_next();
    void on_accepted(boost::system::error_code ec, Socket socket);

    Worker& worker_;
    asio::ip::tcp::endpoint endpoint_;
    AcceptHandler on_accept_;
    Acceptor acceptor_;
    asio::basic_waitable_timer<std::chrono::steady_clock,
                               asio::wait_traits<std::chrono::steady_clock>, Executor>
        backoff_;
    bool is_stopped_ = false;
    metrics::Counter accepted_;
    metrics::Counter errors_;
};

}  // namespace wsc::net
