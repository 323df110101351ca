#pragma once
/// OutboundQueue: the frames waiting to be written to one connection.
///
/// Holds references to immutable shared frames (never copies), bounded in bytes and in count,
/// in two lanes: `high` messages (and control frames) overtake queued `normal` and `low` ones.
/// A frame already partly written always finishes first, so frames never interleave on the
/// wire. Frames leave in one gather write per loop turn: `gather` fills an iovec-style array up
/// to a byte budget and `consume` retires what the socket took.
///
/// Limits by priority (STYLE.md point 17): `low` is refused once the queue is half full,
/// `normal` once it is full, `high` only past twice the limits. A refused frame is the caller's
/// to count and act on (drop or close the slow consumer).
///
/// @par Thread Safety
/// Owning worker's thread only.

#include <cstddef>
#include <cstdint>
#include <span>

#include <boost/asio/buffer.hpp>

#include "base/shared_bytes.h"
#include "core/frame_ring.h"
#include "core/send_status.h"

namespace wsc::core {

enum class Priority : std::uint8_t { low, normal, high };

struct QueueLimits {
    std::size_t max_bytes = 4 * 1024 * 1024;  // queued bytes of normal messages
    std::size_t max_count = 1000;             // queued messages (seed 000 message_queue.size)
};

class OutboundQueue {
public:
    /// Queues `frame` in the lane of its priority; `force` (the handshake, control frames, the
    /// close frame, a resume replay) ignores the limits but not the order.
    /// Returns dropped when the priority's limit is reached, backpressure past half the byte
    /// limit, else queued.
    SendStatus push(base::SharedBytes frame, const QueueLimits& limits,
                    Priority priority = Priority::normal, bool force = false);

    /// Fills `out` with unsent bytes, frame by frame, up to `budget_bytes`: the frame in
    /// flight, then the high lane, then the normal lane. Returns the number of buffers used.
    std::size_t gather(std::span<boost::asio::const_buffer> out, std::size_t budget_bytes) const;
    /// Retires `written` bytes in gather order.
    void consume(std::size_t written) noexcept;

    [[nodiscard]] bool empty() const noexcept { return count() == 0; }
    [[nodiscard]] std::size_t count() const noexcept {
        return (in_flight_ ? 1 : 0) + urgent_.size() + normal_.size();
    }
    /// Unsent bytes queued.
    [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
    void clear() noexcept;
    /// Gives back ring storage kept from earlier bursts (see FrameRing::trim).
    void trim() noexcept {
        urgent_.trim();
        normal_.trim();
    }

private:
    base::SharedBytes in_flight_;       // partly written; finishes before anything else
    std::uint32_t in_flight_sent_ = 0;  // bytes of it already written
    FrameRing urgent_;                  // high priority and control frames
    FrameRing normal_;                  // normal and low priority
    std::size_t bytes_ = 0;
};

}  // namespace wsc::core
