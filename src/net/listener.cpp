#include "net/listener.h"

#include <sys/socket.h>

#include <boost/asio/detail/socket_option.hpp>

#include "base/log.h"

namespace wsc::net {

namespace {
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
constexpr int listen_backlog = 4096;
constexpr std::chrono::milliseconds accept_backoff{100};
}  // namespace

Listener::Listener(Worker& worker, asio::ip::tcp::endpoint endpoint, AcceptHandler on_accept)
    : worker_(worker),
      endpoint_(endpoint),
      on_accept_(std::move(on_accept)),
      acceptor_(worker.context().get_executor()),
      backoff_(worker.context().get_executor()) {}

void Listener::ensure_port_free(const asio::ip::tcp::endpoint& endpoint) {
    if (endpoint.port() == 0) {
        return;
    }
    // Bound without SO_REUSEPORT, this socket conflicts with any listener on the port,
    // including another wscd's SO_REUSEPORT ones, which our own binds would silently join.
    asio::io_context io;
    asio::ip::tcp::acceptor probe(io);
    probe.open(endpoint.protocol());
    probe.set_option(asio::socket_base::reuse_address(true));  // TIME_WAIT is no conflict
    boost::system::error_code ec;
    probe.bind(endpoint, ec);
    if (ec == asio::error::address_in_use) {
        throw boost::system::system_error(ec, "port " + std::to_string(endpoint.port()) +
                                                  " is already in use by another process");
    }
}

std::uint16_t Listener::open() {
    acceptor_.open(endpoint_.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.set_option(ReusePort(true));
    acceptor_.bind(endpoint_);
    acceptor_.listen(listen_backlog);
    acceptor_.non_blocking(true);
    return acceptor_.local_endpoint().port();
}

void Listener::start() {
    is_stopped_ = false;
    accept_next();
}

void Listener::stop() {
    is_stopped_ = true;
    boost::system::error_code ec;
    backoff_.cancel();
    acceptor_.close(ec);
}

void Listener::accept_next() {
    if (is_stopped_) {
        return;
    }
    acceptor_.async_accept([this](boost::system::error_code ec, Socket socket) {
        on_accepted(ec, std::move(socket));
    });
}

void Listener::on_accepted(boost::system::error_code ec, Socket socket) {
    if (is_stopped_ || ec == asio::error::operation_aborted) {
        return;
    }
    if (ec) {
        errors_.inc();
        // Out of descriptors (or memory): the pending connection stays in the backlog; pause
        // instead of spinning on the same error, and let closing connections free some.
        log::warn("worker {}: accept failed: {}; retrying in {} ms", worker_.index(), ec.message(),
                  accept_backoff.count());
        backoff_.expires_after(accept_backoff);
        backoff_.async_wait([this](boost::system::error_code wait_ec) {
            if (!wait_ec) {
                accept_next();
            }
        });
        return;
    }
    accepted_.inc();
    on_accept_(std::move(socket));
    accept_next();
}

}  // namespace wsc::net
