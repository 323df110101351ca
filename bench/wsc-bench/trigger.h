#pragma once
/// Trigger: pushes benchmark messages through the target's HTTP API at the run's rate, over a
/// few pipelined keep-alive connections, and counts what the server accepted and to how many
/// connections it said it delivered (the expected receipts).
///
/// Every message's data is `{"t":<CLOCK_MONOTONIC ns at send>,"k":<index>,"p":"…"}`, padded to
/// the run's message size; receivers compute latency from `t` and order from `k`.
///
/// @par Thread Safety
/// The io_context's thread only.

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "http_pipeline.h"
#include "options.h"

namespace wscbench {

struct TriggerStats {
    std::uint64_t messages_sent = 0;  // messages put on the wire
    std::uint64_t requests_sent = 0;
    std::uint64_t requests_ok = 0;        // 2xx
    std::uint64_t requests_failed = 0;    // other statuses and lost connections
    std::uint64_t expected_receipts = 0;  // sum of delivered_to
    std::uint64_t backlogged_ticks = 0;   // ticks when every connection's window was full
    std::string first_error;
};

class Trigger {
public:
    Trigger(asio::io_context& io, const Options& options);

    /// Connects the API connections; `done` gets an error text (empty on success).
    void connect(std::function<void(std::string)> done);
    /// Sends for the run's duration, then calls `done`.
    void run(std::function<void()> done);

    [[nodiscard]] const TriggerStats& stats() const noexcept { return stats_; }
    [[nodiscard]] std::size_t outstanding() const noexcept;

private:
    void tick();
    /// Sends a broadcast, or `batch` messages to random users.
    bool send_one_request(bool broadcast);
    std::string data_for(std::uint64_t index) const;
    std::string request_for(std::uint64_t first_index, std::size_t messages, bool broadcast);
    void on_response(unsigned status, std::string_view body);

    const Options& options_;
    std::vector<std::unique_ptr<HttpPipeline>> pipelines_;
    asio::steady_timer timer_;
    std::function<void()> done_;
    std::mt19937_64 random_{42};
    std::string padding_;
    std::int64_t started_ns_ = 0;
    std::size_t next_pipeline_ = 0;
    std::uint64_t broadcasts_sent_ = 0;  // mixed: requests that were broadcasts
    TriggerStats stats_;
};

}  // namespace wscbench
