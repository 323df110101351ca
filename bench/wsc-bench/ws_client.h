#pragma once
/// WsClient: one RFC 6455 client connection for load tests: opening handshake, masked client
/// frames, unmasked server frames (fragmented or not), pings answered with pongs, the closing
/// handshake. No permessage-deflate is offered, so the server sends plain frames.
///
/// Light on purpose (one read buffer, no per-message allocation for whole frames), so that a
/// process can hold thousands of them and the tool is not what limits a run.
///
/// @par Thread Safety
/// The io_context's thread only.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace wscbench {

namespace asio = boost::asio;

class WsClient;

/// What happens on a client connection, told to whoever owns the clients.
class WsClientEvents {
public:
    virtual ~WsClientEvents() = default;
    /// The 101 arrived; `handshake_ns` from connect() to it.
    virtual void on_open(WsClient& client, std::int64_t handshake_ns) = 0;
    /// A complete text or binary message; `payload` is valid during the call only.
    virtual void on_message(WsClient& client, std::string_view payload) = 0;
    /// The connection is gone; `reason` says why, empty when we ended it (close(), abort()).
    virtual void on_closed(WsClient& client, bool was_open, std::string_view reason) = 0;
};

class WsClient {
public:
    WsClient(asio::io_context& io, WsClientEvents& events, std::size_t index);
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    /// Connects from `source` (port chosen by the kernel at connect time) to `server` and
    /// sends the upgrade request for `target` (path and query).
    void connect(const asio::ip::tcp::endpoint& server, const asio::ip::address& source,
                 std::string host_header, std::string target);
    /// Sends one masked text message.
    void send_text(std::string_view payload);
    /// Starts the closing handshake (1000); the connection ends when the server answers.
    void close();
    /// Drops the TCP connection at once, without a close frame (a "lost network").
    void abort();

    [[nodiscard]] std::size_t index() const noexcept { return index_; }
    [[nodiscard]] bool is_open() const noexcept { return state_ == State::open; }

private:
    enum class State : std::uint8_t { idle, connecting, handshaking, open, closing, closed };

    void read_more();
    void on_read(std::size_t bytes);
    bool parse_handshake();
    bool parse_frames();
    void queue_frame(std::uint8_t opcode, std::string_view payload);
    void flush();
    void finish(std::string_view reason);

    asio::ip::tcp::socket socket_;
    WsClientEvents& events_;
    std::size_t index_;
    State state_ = State::idle;
    std::int64_t connect_started_ns_ = 0;
    std::vector<char> in_;  // received, not yet parsed: in_[0, in_used_)
    std::size_t in_used_ = 0;
    std::string fragments_;  // a fragmented message being assembled
    std::string out_;        // frames waiting for the write in flight to finish
    std::string writing_;    // the write in flight
    bool is_writing_ = false;
    bool is_closed_by_server_ = false;
    std::uint32_t mask_state_;      // xorshift for the masking keys
    std::uint32_t generation_ = 0;  // one per connect(); stale handlers compare it
};

}  // namespace wscbench
