#include "core/session.h"

#include <array>
#include <cstring>

#include "base/log.h"
#include "core/close_codes.h"
#include "net/worker.h"
#include "ws/error.h"
#include "ws/frame_writer.h"

namespace wsc::core {

namespace {
constexpr int max_reads_per_event = 4;
constexpr std::size_t max_gather_buffers = 64;
using Clock = net::TimerWheel::Clock;
}  // namespace

/// Adapts the reader's callbacks to the session (the ws::ReaderHandler concept).
struct Session::ReaderEvents {
    Session& session;
    void on_message(ws::Opcode opcode, std::span<const std::byte> payload) {
        session.handle_message(opcode, payload);
    }
    void on_ping(std::span<const std::byte> payload) {
        // RFC 6455 §5.5.3: answer with a pong carrying the same application data.
        if (session.phase_ == Phase::open) {
            session.send_frame(ws::make_frame(ws::Opcode::pong, payload), Priority::high);
        }
    }
    void on_pong(std::span<const std::byte>) {}
    void on_close(ws::CloseCode code, std::string_view reason) {
        session.handle_peer_close(code, reason);
    }
};

Session::Session(net::Worker& worker, net::Socket socket, WorkerContext& context,
                 SessionHandler& handler, ws::DeflateParams deflate,
                 std::string_view handshake_response, std::unique_ptr<SessionInfo> info)
    : Connection(worker, std::move(socket)),
      context_(context),
      handler_(handler),
      info_(std::move(info)),
      deflate_(deflate) {
    enqueue(base::SharedBytes::copy_of(handshake_response), Priority::high, true);
    context_.stats.sessions.inc();
    context_.stats.sessions_opened.inc();
}

Session::~Session() {
    clear_queue();
}

template <class Call>
void Session::call_handler(const char* event, Call&& call) {
    try {
        call();
    } catch (const std::exception& e) {
        // The application's bug, not the peer's: count it, log it, end this session only.
        context_.stats.handler_errors.inc();
        log::error("session {} failed: {}", event, e.what());
        close(ws::CloseCode::internal_error, "internal error");  // a no-op once closing
    }
}

SendStatus Session::enqueue(base::SharedBytes frame, Priority priority, bool force) {
    const QueueDepth before = queue_depth();
    const SendStatus status =
        queue_.push(std::move(frame), context_.settings.queue, priority, force);
    account_queue(before);
    return status;
}

void Session::account_queue(QueueDepth before) noexcept {
    const QueueDepth after = queue_depth();
    context_.stats.queued_frames.add(static_cast<std::int64_t>(after.frames) -
                                     static_cast<std::int64_t>(before.frames));
    context_.stats.queued_bytes.add(static_cast<std::int64_t>(after.bytes) -
                                    static_cast<std::int64_t>(before.bytes));
}

void Session::clear_queue() noexcept {
    const QueueDepth before = queue_depth();
    queue_.clear();
    account_queue(before);
}

std::string Session::session_id() const {
    const net::ConnId conn = id();
    return std::to_string(conn.worker) + "-" + std::to_string(conn.slot) + "-" +
           std::to_string(conn.generation);
}

void Session::start() {
    const auto now = Clock::now();
    last_rx_ = now;
    next_ping_ = now + context_.settings.heartbeat_interval;
    request_flush();
    call_handler("on_open", [&] { handler_.on_open(*this); });
    schedule_timer();
    wait_readable();
}

void Session::consume_early_bytes(std::span<const std::byte> bytes) {
    if (bytes.empty() || is_closing()) {
        return;
    }
    auto lease = worker().buffers().acquire();
    auto buffer = lease.span();
    while (!bytes.empty() && !is_closing()) {
        const std::size_t n = std::min(bytes.size(), buffer.size());
        std::memcpy(buffer.data(), bytes.data(), n);
        consume(buffer.first(n));
        bytes = bytes.subspan(n);
    }
}

std::optional<net::ConnId> Session::parse_session_id(std::string_view id) {
    std::uint32_t parts[3] = {0, 0, 0};
    std::size_t part = 0;
    bool has_digit = false;
    for (char c : id) {
        if (c == '-') {
            if (!has_digit || ++part == 3) {
                return std::nullopt;
            }
            has_digit = false;
        } else if (c >= '0' && c <= '9' && parts[part] <= (UINT32_MAX - 9) / 10) {
            parts[part] = parts[part] * 10 + static_cast<std::uint32_t>(c - '0');
            has_digit = true;
        } else {
            return std::nullopt;
        }
    }
    if (part != 2 || !has_digit) {
        return std::nullopt;
    }
    return net::ConnId{parts[0], parts[1], parts[2]};
}

// ---------------------------------------------------------------------------------------------
// Reading

void Session::on_readable() {
    auto lease = worker().buffers().acquire();
    const std::span<std::byte> buffer = lease.span();
    for (int i = 0; i < max_reads_per_event; ++i) {
        auto read = read_some(buffer);
        if (!read) {
            // EOF or reset. After a close handshake or a failure this is the expected end;
            // otherwise the peer vanished without a close frame (reported as 1006).
            close_now();
            return;
        }
        const std::size_t n = *read;
        if (n == 0) {
            break;
        }
        last_rx_ = Clock::now();
        context_.stats.bytes_received.inc(n);
        consume(buffer.first(n));
        if (is_closing() || is_read_paused_) {
            return;  // a drained queue resumes reading (after_drain)
        }
        if (n < buffer.size()) {
            break;
        }
    }
    wait_readable();
}

void Session::consume(std::span<std::byte> bytes) {
    if (reader_.is_closed()) {
        return;  // after the peer's close frame or a protocol error, input is discarded
    }
    ReaderEvents events{*this};
    ws::Inflater* inflater = deflate_.enabled ? &context_.inflater : nullptr;
    if (std::error_code ec = reader_.consume(bytes, context_.settings.limits, inflater, events)) {
        fail(ec);
    }
    if (!reader_.in_message()) {
        reader_.release_buffers();
    }
}

void Session::handle_message(ws::Opcode opcode, std::span<const std::byte> payload) {
    context_.stats.messages_received.inc();
    if (phase_ != Phase::open) {
        return;  // RFC 6455 §5.5.1: data after our close frame is discarded
    }
    call_handler("on_message", [&] { handler_.on_message(*this, opcode, payload); });
}

void Session::handle_peer_close(ws::CloseCode code, std::string_view reason) {
    close_code_ = code;
    if (phase_ == Phase::open) {
        // RFC 6455 §5.5.1: reply with a close frame, echoing the status code received (and
        // its reason, which clients then report as the server's).
        queue_close_frame(code, reason);
        phase_ = Phase::closed_by_peer;
    } else if (phase_ == Phase::closing) {
        phase_ = Phase::closed_by_peer;  // the handshake we started is complete
    }
    close_deadline_ = Clock::now() + context_.settings.close_timeout;
    schedule_timer();
    request_flush();
}

void Session::fail(std::error_code ec) {
    context_.stats.protocol_errors.inc();
    const ws::CloseCode code = ws::close_code_for(ec);
    log::debug("session {}: protocol error: {} (closing with {})", id().slot, ec.message(),
               static_cast<int>(code));
    if (phase_ == Phase::open) {
        queue_close_frame(code, ws::close_reason_for(ec));
    }
    close_code_ = code;
    phase_ = Phase::failed;
    close_deadline_ = Clock::now() + context_.settings.close_timeout;
    schedule_timer();
    request_flush();
}

// ---------------------------------------------------------------------------------------------
// Writing

SendStatus Session::send_message(ws::Opcode opcode, std::span<const std::byte> payload) {
    if (deflate_.enabled && payload.size() >= context_.settings.compression_min_bytes) {
        return send_frame(
            context_.deflater.compress_frame(opcode, payload, deflate_.server_max_window_bits));
    }
    return send_frame(ws::make_frame(opcode, payload));
}

SendStatus Session::send_frame(base::SharedBytes frame, Priority priority) {
    if (is_closing() || phase_ != Phase::open) {
        return SendStatus::dropped;
    }
    const SendStatus status = enqueue(std::move(frame), priority);
    if (status == SendStatus::dropped) {
        // Persisted messages are not lost by a drop: the client gets them back by resuming.
        context_.stats.frames_dropped.inc();
        if (priority != Priority::low && context_.settings.overflow == OverflowPolicy::close) {
            context_.stats.slow_consumers_closed.inc();
            close(close_codes::slow_consumer, "slow consumer");
        }
        return status;
    }
    context_.stats.messages_sent.inc();
    if (status == SendStatus::backpressure) {
        is_read_paused_ = true;  // stop producing echoes/requests until the peer reads
    }
    request_flush();
    return status;
}

void Session::send_replayed(std::span<const std::byte> envelope) {
    if (is_closing() || phase_ != Phase::open) {
        return;
    }
    base::SharedBytes frame =
        deflate_.enabled && envelope.size() >= context_.settings.compression_min_bytes
            ? context_.deflater.compress_frame(ws::Opcode::text, envelope,
                                               deflate_.server_max_window_bits)
            : ws::make_frame(ws::Opcode::text, envelope);
    enqueue(std::move(frame), Priority::normal, true);
    context_.stats.messages_sent.inc();
    request_flush();
}

void Session::queue_close_frame(ws::CloseCode code, std::string_view reason) {
    enqueue(ws::make_close_frame(code, reason), Priority::high, true);
}

void Session::on_flush() {
    write_queue();
}

void Session::on_writable() {
    write_queue();
}

void Session::write_queue() {
    while (!queue_.empty()) {
        std::array<boost::asio::const_buffer, max_gather_buffers> buffers;
        const std::size_t count = queue_.gather(buffers, context_.settings.write_budget_bytes);
        std::size_t gathered = 0;
        for (std::size_t i = 0; i < count; ++i) {
            gathered += buffers[i].size();
        }
        // Many small frames (a fan-out backlog) go out as one contiguous buffer: the kernel's
        // per-segment work in sendmsg costs more than copying a few KiB here. One buffer goes
        // out by send(), which spares the kernel importing a msghdr and an iovec.
        boost::system::result<std::size_t, std::error_code> written{std::size_t{0}};
        if (count == 1) {
            written = write_some(buffers[0]);
        } else if (gathered <= context_.send_scratch.size()) {
            std::byte* at = context_.send_scratch.data();
            for (std::size_t i = 0; i < count; ++i) {
                std::memcpy(at, buffers[i].data(), buffers[i].size());
                at += buffers[i].size();
            }
            written = write_some(boost::asio::const_buffer(context_.send_scratch.data(), gathered));
        } else {
            written = write_some(std::span<const boost::asio::const_buffer>(buffers.data(), count));
        }
        if (!written) {
            close_now();
            return;
        }
        const QueueDepth before = queue_depth();
        queue_.consume(*written);
        account_queue(before);
        context_.stats.bytes_sent.inc(*written);
        if (*written < gathered) {
            wait_writable();  // the kernel's send buffer is full
            return;
        }
    }
    after_drain();
}

void Session::after_drain() {
    if ((phase_ == Phase::closed_by_peer || phase_ == Phase::failed) && !is_half_closed_) {
        // RFC 6455 §7.1.1: the server starts the TCP close. A half-close sends our FIN right
        // behind the close frame; we keep reading (and discarding) until the peer's EOF, so
        // bytes it sent after its close frame can't make the kernel reset the connection and
        // destroy our close frame in flight. close_timeout bounds the wait.
        boost::system::error_code ec;
        socket().shutdown(net::Socket::shutdown_send, ec);
        is_half_closed_ = true;
    }
    if (is_read_paused_) {
        is_read_paused_ = false;
        wait_readable();
    }
}

// ---------------------------------------------------------------------------------------------
// Closing and timers

void Session::close(ws::CloseCode code, std::string_view reason) {
    if (is_closing() || phase_ != Phase::open) {
        return;
    }
    queue_close_frame(code, reason);
    close_code_ = code;
    phase_ = Phase::closing;
    close_deadline_ = Clock::now() + context_.settings.close_timeout;
    schedule_timer();
    request_flush();
}

void Session::begin_shutdown() {
    close(close_codes::server_draining, "server shutting down");
}

void Session::set_handler_deadline(std::chrono::milliseconds after) {
    handler_deadline_ = Clock::now() + after;
    schedule_timer();
}

void Session::schedule_timer() {
    if (is_closing()) {
        return;
    }
    if (phase_ != Phase::open) {
        worker().timers().schedule(*this, close_deadline_);
        return;
    }
    auto due = Clock::time_point::max();
    if (context_.settings.heartbeat_enabled) {
        due = std::min(next_ping_, last_rx_ + context_.settings.heartbeat_timeout);
    }
    if (handler_deadline_ != Clock::time_point{}) {
        due = std::min(due, handler_deadline_);
    }
    if (due != Clock::time_point::max()) {
        worker().timers().schedule(*this, due);
    }
}

void Session::on_timer_expired() {
    const auto now = Clock::now();
    if (phase_ != Phase::open) {
        if (now >= close_deadline_) {
            context_.stats.close_timeouts.inc();
            close_now();
            return;
        }
    } else if (context_.settings.heartbeat_enabled) {
        if (now - last_rx_ >= context_.settings.heartbeat_timeout) {
            // Half-open or silent peer: a close frame is a courtesy it will likely never read.
            context_.stats.heartbeat_timeouts.inc();
            log::debug("session {}: heartbeat timeout", id().slot);
            queue_close_frame(close_codes::heartbeat_timeout, "heartbeat timeout");
            close_code_ = close_codes::heartbeat_timeout;
            write_queue();
            close_now();
            return;
        }
        if (now >= next_ping_) {
            queue_.trim();  // a heartbeat apart: what a burst grew is no longer needed
            enqueue(context_.ping_frame, Priority::high, true);
            context_.stats.pings_sent.inc();
            next_ping_ = now + context_.settings.heartbeat_interval;
            request_flush();
        }
    }
    if (phase_ == Phase::open && handler_deadline_ != Clock::time_point{} &&
        now >= handler_deadline_) {
        handler_deadline_ = {};
        call_handler("on_deadline", [&] { handler_.on_deadline(*this); });
    }
    schedule_timer();
}

void Session::on_close() noexcept {
    context_.stats.sessions.dec();
    context_.stats.sessions_closed.inc();
    context_.release_session();
    call_handler("on_close", [&] { handler_.on_close(*this, close_code_, {}); });
    clear_queue();
    reader_.release_buffers();
}

}  // namespace wsc::core
