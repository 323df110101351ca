#pragma once
/// Session: one WebSocket connection after the handshake.
///
/// Reads with the sans-I/O ws::MessageReader straight out of a pooled buffer, hands complete
/// messages to its SessionHandler, and writes queued shared frames in one gather write per loop
/// turn. Heartbeats, the idle timeout and the close handshake run off the worker's timer wheel.
///
/// Closing (RFC 6455 §7): when the peer closes, we echo its status code and reason and, once
/// the echo is out, half-close TCP (the server closes first, §7.1.1), then drop the connection
/// at the peer's EOF or after `close_timeout`. When we close (shutdown, heartbeat timeout,
/// application), we send our close frame and wait up to `close_timeout` for the peer's. On a
/// protocol error we send the matching close code and half-close the same way.
///
/// @par Thread Safety
/// Owning worker's thread only.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/shared_bytes.h"
#include "core/outbound_queue.h"
#include "core/send_status.h"
#include "core/session_handler.h"
#include "core/session_info.h"
#include "core/worker_context.h"
#include "net/connection.h"
#include "ws/close_code.h"
#include "ws/deflate_negotiation.h"
#include "ws/message_reader.h"
#include "ws/opcode.h"

namespace wsc::core {

class Session final : public net::Connection {
public:
    /// `handshake_response` (the 101) is queued before anything else. `info` names the user
    /// of an application session (null for the echo endpoint).
    Session(net::Worker& worker, net::Socket socket, WorkerContext& context,
            SessionHandler& handler, ws::DeflateParams deflate, std::string_view handshake_response,
            std::unique_ptr<SessionInfo> info = nullptr);
    ~Session() override;

    void start() override;
    void begin_shutdown() override;
    /// Consumes frames the client sent right behind its handshake request (call after start()).
    void consume_early_bytes(std::span<const std::byte> bytes);

    /// Encodes and queues one message (compressed when negotiated and large enough).
    SendStatus send_message(ws::Opcode opcode, std::span<const std::byte> payload);
    /// Queues an already encoded frame; shared frames are not copied. When the queue refuses
    /// it, the frame is dropped and counted, and with `overflow: close` a normal or high one
    /// closes the session as a slow consumer (4002).
    SendStatus send_frame(base::SharedBytes frame, Priority priority = Priority::normal);
    /// Queues a replayed message (resume) past the queue limits: a replay is bounded by the
    /// stream's retention (`streams.max_messages`), and dropping part of it would punch the
    /// very gap the client asked to fill.
    void send_replayed(std::span<const std::byte> envelope);
    /// Starts the closing handshake with `code` (a no-op once closing).
    void close(ws::CloseCode code, std::string_view reason);
    /// Calls the handler's on_deadline() once `after` has passed, unless cleared first or the
    /// session closes. One deadline per session; setting it again replaces it.
    void set_handler_deadline(std::chrono::milliseconds after);
    void clear_handler_deadline() noexcept { handler_deadline_ = {}; }

    [[nodiscard]] const ws::DeflateParams& deflate() const noexcept { return deflate_; }
    /// The user this session belongs to, or null (echo endpoint).
    [[nodiscard]] SessionInfo* info() const noexcept { return info_.get(); }
    /// "<worker>-<slot>-<generation>": unique on the node, and names the ConnId.
    [[nodiscard]] std::string session_id() const;
    /// The ConnId a session id names, or nullopt if `id` is not one.
    static std::optional<net::ConnId> parse_session_id(std::string_view id);
    [[nodiscard]] WorkerContext& context() const noexcept { return context_; }
    [[nodiscard]] std::size_t queued_bytes() const noexcept { return queue_.bytes(); }

private:
    enum class Phase : std::uint8_t {
        open,            // messages flow both ways
        closing,         // our close frame is queued; waiting for the peer's
        closed_by_peer,  // close frames exchanged; half-closed once ours is out, until EOF
        failed,          // protocol error: close frame queued, half-closed after, until EOF
    };
    struct ReaderEvents;

    void on_readable() override;
    void on_writable() override;
    void on_flush() override;
    void on_timer_expired() override;
    void on_close() noexcept override;

    void consume(std::span<std::byte> bytes);
    void handle_message(ws::Opcode opcode, std::span<const std::byte> payload);
    void handle_peer_close(ws::CloseCode code, std::string_view reason);
    void fail(std::error_code ec);
    void write_queue();
    void after_drain();
    void schedule_timer();
    void queue_close_frame(ws::CloseCode code, std::string_view reason);

    // Every change to the queue goes through these, so the worker's queue-depth gauges
    // (GET /api/wsc/stats, /metrics) stay exact without scanning sessions.
    struct QueueDepth {
        std::size_t frames;
        std::size_t bytes;
    };
    [[nodiscard]] QueueDepth queue_depth() const noexcept {
        return {queue_.count(), queue_.bytes()};
    }
    SendStatus enqueue(base::SharedBytes frame, Priority priority, bool force = false);
    /// Calls the handler; an exception it throws is counted and logged and closes the session
    /// with 1011, and never reaches the worker.
    template <class Call>
    void call_handler(const char* event, Call&& call);
    void account_queue(QueueDepth before) noexcept;
    void clear_queue() noexcept;

    WorkerContext& context_;
    SessionHandler& handler_;
    std::unique_ptr<SessionInfo> info_;
    ws::MessageReader reader_;
    OutboundQueue queue_;
    net::TimerWheel::Clock::time_point last_rx_;    // last inbound bytes
    net::TimerWheel::Clock::time_point next_ping_;  // next heartbeat ping
    net::TimerWheel::Clock::time_point close_deadline_;
    net::TimerWheel::Clock::time_point handler_deadline_{};  // none when zero
    ws::DeflateParams deflate_;
    ws::CloseCode close_code_ = ws::CloseCode::abnormal;  // reported to on_close
    Phase phase_ = Phase::open;
    bool is_read_paused_ = false;  // outbound queue past its high-water mark
    bool is_half_closed_ = false;  // we shut down our sending side
};

}  // namespace wsc::core
