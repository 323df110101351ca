#pragma once
/// HttpConnection: an HTTP/1.1 connection before (or instead of) a WebSocket upgrade.
///
/// Parses requests with Beast's parser under header and body limits, answers them in order
/// (keep-alive and pipelining), and hands WebSocket handshakes to the router's upgrade hook.
/// A malformed request gets 400 (or 413/431) and the connection closes; a client that does not
/// complete a request within `request_timeout` (slowloris, idle keep-alive) is closed.
///
/// @par Thread Safety
/// Owning worker's thread only.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include <boost/beast/http/parser.hpp>

#include "http/http_stats.h"
#include "http/message.h"
#include "http/router.h"
#include "net/connection.h"

namespace wsc::http {

struct HttpSettings {
    std::size_t max_header_bytes = 8 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;
    std::chrono::milliseconds request_timeout{10'000};  // accept or last response -> request
    std::chrono::milliseconds linger_timeout{2'000};    // after our final response
    /// Set while the node drains: every response then carries "Connection: close". Null =
    /// never draining. Owned by the caller; outlives every connection.
    const std::atomic<bool>* is_node_draining = nullptr;
};

class HttpConnection final : public net::Connection {
public:
    HttpConnection(net::Worker& worker, net::Socket socket, const Router& router,
                   const HttpSettings& settings, HttpStats& stats);
    ~HttpConnection() override;

    void start() override;
    void begin_shutdown() override;

private:
    using Parser = beast_http::request_parser<beast_http::string_body>;

    void on_readable() override;
    void on_writable() override;
    void on_timer_expired() override;

    /// Parses as many complete requests from `input` as it holds; returns bytes consumed, or
    /// stops early once the connection is closing or was upgraded.
    std::size_t parse(std::span<const std::byte> input);
    void handle_request(std::span<const std::byte> rest);
    void reject(Status status, std::string_view code, std::string_view message);
    void write_output();
    void finish_and_close();
    void new_parser();
    void arm_request_timer();
    [[nodiscard]] bool is_draining() const noexcept;

    const Router& router_;
    const HttpSettings& settings_;
    HttpStats& stats_;
    std::optional<Parser> parser_;
    std::string input_;   // bytes read but not yet parsed (a partial request)
    std::string output_;  // serialized responses not yet written
    std::size_t output_sent_ = 0;
    bool is_closing_after_write_ = false;
    bool is_lingering_ = false;  // our last response is out; discarding input until EOF
    bool is_draining_ = false;
    bool is_upgraded_ = false;
};

}  // namespace wsc::http
