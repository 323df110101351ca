#pragma once
/// HttpPipeline: one keep-alive HTTP/1.1 connection that sends requests without waiting for
/// answers (pipelining) and hands each response, in order, to a callback. Several of them make
/// the trigger that pushes messages through a gateway's HTTP API at a fixed rate.
///
/// Responses must carry Content-Length (every target we drive does).
///
/// @par Thread Safety
/// The io_context's thread only.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>

namespace wscbench {

namespace asio = boost::asio;

class HttpPipeline {
public:
    /// `status` 0 means the connection failed (`body` says why); no more responses follow.
    using OnResponse = std::function<void(unsigned status, std::string_view body)>;

    HttpPipeline(asio::io_context& io, OnResponse on_response);
    /// Connects; `done` gets the error (empty on success).
    void connect(const asio::ip::tcp::endpoint& server, std::function<void(std::string)> done);
    /// Queues one complete request (headers and body).
    void send(std::string_view request);

    [[nodiscard]] std::size_t outstanding() const noexcept { return outstanding_; }
    [[nodiscard]] bool is_connected() const noexcept { return is_connected_; }

private:
    void flush();
    void read_more();
    void parse();
    void fail(const std::string& why);

    asio::ip::tcp::socket socket_;
    OnResponse on_response_;
    std::string out_, writing_;
    std::string in_;
    std::size_t in_used_ = 0;
    std::size_t outstanding_ = 0;
    bool is_writing_ = false;
    bool is_connected_ = false;
};

}  // namespace wscbench
