#pragma once
/// OutboundQueue: the frames waiting to be written to one connection.
///
/// Holds references to immutable shared frames (never copies), bounded in bytes and in count.
/// Frames leave in one gather write per loop turn: `gather` fills an iovec-style array up to a
/// byte budget and `consume` retires what the socket took, remembering how far into the first
/// frame a partial write got. A queue that never held a frame holds no heap memory; a drained one
/// keeps at most a four-slot ring.
///
/// @par Thread Safety
/// Owning worker's thread only.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <boost/asio/buffer.hpp>

#include "base/shared_bytes.h"
#include "core/send_status.h"

namespace wsc::core {

struct QueueLimits {
    std::size_t max_bytes = 4 * 1024 * 1024;  // frames accepted beyond this are dropped
    std::size_t max_count = 10000;            // seed 000 message_queue.size
};

class OutboundQueue {
public:
    OutboundQueue() = default;
    OutboundQueue(const OutboundQueue&) = delete;
    OutboundQueue& operator=(const OutboundQueue&) = delete;
    ~OutboundQueue() { clear(); }

    /// Appends `frame` unless that would pass `limits`; `force` (control frames, close) ignores
    /// the limits. Returns backpressure past half of the byte limit.
    SendStatus push(base::SharedBytes frame, const QueueLimits& limits, bool force = false);

    /// Fills `out` with the unsent bytes, frame by frame, up to `budget_bytes`; returns the number
    /// of buffers used.
    std::size_t gather(std::span<boost::asio::const_buffer> out, std::size_t budget_bytes) const;
    /// Retires `written` bytes from the front (whole frames and a partial one).
    void consume(std::size_t written) noexcept;

    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    /// Unsent bytes queued.
    [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
    void clear() noexcept;

private:
    void grow();

    std::unique_ptr<base::SharedBytes[]> ring_;  // capacity_ slots, null while empty
    std::uint32_t capacity_ = 0;
    std::uint32_t head_ = 0;  // index of the oldest frame
    std::uint32_t count_ = 0;
    std::uint32_t head_sent_bytes_ = 0;  // bytes of the oldest frame already written
    std::size_t bytes_ = 0;
};

}  // namespace wsc::core
