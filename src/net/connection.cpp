#include "net/connection.h"

#include "base/log.h"
#include "net/worker.h"

namespace wsc::net {

// Completion handlers are one pointer, so Asio's recycled handler memory covers them and a
// pending wait costs no extra allocation per event.
struct Connection::ReadReady {
    Connection* connection;
    void operator()(boost::system::error_code ec) const { connection->handle_wait(ec, true); }
};
struct Connection::WriteReady {
    Connection* connection;
    void operator()(boost::system::error_code ec) const { connection->handle_wait(ec, false); }
};

Connection::Connection(Worker& worker, Socket socket)
    : worker_(&worker), socket_(std::move(socket)) {
    boost::system::error_code ec;
    socket_.non_blocking(true, ec);
}

Connection::~Connection() {
    if (is_scheduled()) {
        worker_->timers().cancel(*this);
    }
}

ConnId Connection::id() const noexcept {
    return ConnId{worker_->index(), slot_, generation_};
}

void Connection::wait_readable() {
    if (is_closing_ || is_waiting_read_) {
        return;
    }
    is_waiting_read_ = true;
    ++pending_ops_;
    socket_.async_wait(Socket::wait_read, ReadReady{this});
}

void Connection::wait_writable() {
    if (is_closing_ || is_waiting_write_) {
        return;
    }
    is_waiting_write_ = true;
    ++pending_ops_;
    socket_.async_wait(Socket::wait_write, WriteReady{this});
}

void Connection::handle_wait(boost::system::error_code ec, bool readable) {
    (readable ? is_waiting_read_ : is_waiting_write_) = false;
    if (!is_closing_) {
        if (ec) {
            log::debug("connection {}: wait failed: {}", slot_, ec.message());
            close_now();
        } else if (readable) {
            on_readable();
        } else {
            on_writable();
        }
    }
    release_op();
}

void Connection::request_flush() {
    if (is_closing_ || is_flush_requested_) {
        return;
    }
    is_flush_requested_ = true;
    ++pending_ops_;
    worker_->enqueue_flush(*this);
}

boost::system::result<std::size_t, std::error_code> Connection::read_some(
    std::span<std::byte> buffer) {
    boost::system::error_code ec;
    std::size_t n = socket_.read_some(asio::buffer(buffer.data(), buffer.size()), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
        return std::size_t{0};
    }
    if (ec) {
        return std::error_code(ec);
    }
    return n;
}

void Connection::close_now() noexcept {
    if (is_closing_) {
        return;
    }
    is_closing_ = true;
    on_close();
    worker_->timers().cancel(*this);
    boost::system::error_code ec;
    socket_.close(ec);
    // Hold one reference of our own so the release below frees us if nothing else is pending.
    ++pending_ops_;
    release_op();
}

void Connection::release_op() noexcept {
    if (--pending_ops_ == 0 && is_closing_) {
        worker_->destroy_later(*this);
    }
}

}  // namespace wsc::net
