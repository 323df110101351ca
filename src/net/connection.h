#pragma once
/// Connection: the part every TCP connection shares, whatever it speaks (HTTP or WebSocket).
///
/// A connection belongs to the worker that accepted it for its whole life (DESIGN.md "Shape").
/// It waits for readiness rather than posting a read with a buffer, so an idle connection holds
/// no read buffer: on readability it borrows one from the worker's pool, reads until the socket
/// would block, parses in place and gives the buffer back.
///
/// Closing takes two phases (STYLE.md point 11): close_now() marks the connection closing, stops
/// its timer and closes the socket, which cancels pending waits. The worker frees the object
/// once the last in-flight handler has run, at the end of the loop turn.
///
/// @par Thread Safety
/// Every member runs on the owning worker's thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include <boost/system/result.hpp>

#include "net/conn_id.h"
#include "net/socket.h"
#include "net/timer_wheel.h"

namespace wsc::net {

class Worker;

class Connection : public TimerEntry {
public:
    Connection(Worker& worker, Socket socket);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    virtual ~Connection();

    [[nodiscard]] Worker& worker() const noexcept { return *worker_; }
    [[nodiscard]] ConnId id() const noexcept;
    [[nodiscard]] bool is_closing() const noexcept { return is_closing_; }

    /// Starts I/O; called by the worker right after it adopted the connection.
    virtual void start() = 0;
    /// The server is draining: finish what is in flight and close with "going away".
    virtual void begin_shutdown() = 0;
    /// Closes the socket now. Idempotent; memory is released once pending handlers have run.
    void close_now() noexcept;

protected:
    /// Arms one readiness wait; `on_readable` / `on_writable` run when it completes.
    void wait_readable();
    void wait_writable();
    virtual void on_readable() = 0;
    virtual void on_writable() = 0;
    /// Runs once after request_flush(), behind the tasks already queued (on a busy worker, when
    /// the worker's flush sweep reaches it), so that everything queued meanwhile leaves in one
    /// gather write (STYLE.md point 16).
    virtual void on_flush() {}
    void request_flush();
    /// Called once, when close_now() runs, before the socket closes.
    virtual void on_close() noexcept {}

    /// Non-blocking read: bytes read, 0 if it would block, or an error (eof included).
    boost::system::result<std::size_t, std::error_code> read_some(std::span<std::byte> buffer);
    /// Non-blocking gather write: bytes written (0 if it would block), or an error.
    template <class ConstBufferSequence>
    boost::system::result<std::size_t, std::error_code> write_some(
        const ConstBufferSequence& buffers) {
        boost::system::error_code ec;
        const std::size_t n = socket_.write_some(buffers, ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
            return std::size_t{0};
        }
        if (ec) {
            return std::error_code(ec);
        }
        return n;
    }

    [[nodiscard]] Socket& socket() noexcept { return socket_; }
    [[nodiscard]] bool is_waiting_readable() const noexcept { return is_waiting_read_; }
    [[nodiscard]] bool is_waiting_writable() const noexcept { return is_waiting_write_; }

private:
    friend class Worker;
    struct ReadReady;
    struct WriteReady;

    void handle_wait(boost::system::error_code ec, bool readable);
    void release_op() noexcept;

    Worker* worker_;                 // owner; outlives the connection
    Socket socket_;                  // non-blocking
    std::uint32_t slot_ = 0;         // index in the worker's table
    std::uint32_t generation_ = 0;   // ConnId generation of this slot
    std::uint16_t pending_ops_ = 0;  // handlers that still hold `this`
    bool is_closing_ = false;
    bool is_waiting_read_ = false;
    bool is_waiting_write_ = false;
    bool is_flush_requested_ = false;
};

}  // namespace wsc::net
