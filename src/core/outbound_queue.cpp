#include "core/outbound_queue.h"

#include <algorithm>

namespace wsc::core {

SendStatus OutboundQueue::push(base::SharedBytes frame, const QueueLimits& limits,
                               Priority priority, bool force) {
    if (!force) {
        // low: half the limits; normal: the limits; high: twice the limits.
        const std::size_t scale_num = priority == Priority::high     ? 4
                                      : priority == Priority::normal ? 2
                                                                     : 1;
        const std::size_t max_count = limits.max_count * scale_num / 2;
        const std::size_t max_bytes = limits.max_bytes * scale_num / 2;
        if (count() >= max_count || bytes_ + frame.size() > max_bytes) {
            return SendStatus::dropped;
        }
    }
    bytes_ += frame.size();
    if (priority == Priority::high) {
        urgent_.push_back(std::move(frame));
    } else {
        normal_.push_back(std::move(frame));
    }
    return bytes_ > limits.max_bytes / 2 ? SendStatus::backpressure : SendStatus::queued;
}

std::size_t OutboundQueue::gather(std::span<boost::asio::const_buffer> out,
                                  std::size_t budget_bytes) const {
    std::size_t used = 0;
    std::size_t total = 0;
    auto add = [&](std::span<const std::byte> bytes) {
        if (used == out.size() || total >= budget_bytes) {
            return false;
        }
        const std::size_t take = std::min(bytes.size(), budget_bytes - total);
        out[used++] = boost::asio::const_buffer(bytes.data(), take);
        total += take;
        return true;
    };
    if (in_flight_ && !add(in_flight_.bytes().subspan(in_flight_sent_))) {
        return used;
    }
    for (std::uint32_t i = 0; i < urgent_.size(); ++i) {
        if (!add(urgent_.at(i).bytes())) {
            return used;
        }
    }
    for (std::uint32_t i = 0; i < normal_.size(); ++i) {
        if (!add(normal_.at(i).bytes())) {
            return used;
        }
    }
    return used;
}

void OutboundQueue::consume(std::size_t written) noexcept {
    bytes_ -= written;
    while (written > 0) {
        if (!in_flight_) {
            // The next frame in gather order becomes the one in flight.
            in_flight_ = !urgent_.empty() ? urgent_.pop_front() : normal_.pop_front();
            in_flight_sent_ = 0;
        }
        const std::size_t left = in_flight_.size() - in_flight_sent_;
        if (written < left) {
            in_flight_sent_ += static_cast<std::uint32_t>(written);
            return;
        }
        written -= left;
        in_flight_ = base::SharedBytes();
        in_flight_sent_ = 0;
    }
}

void OutboundQueue::clear() noexcept {
    in_flight_ = base::SharedBytes();
    in_flight_sent_ = 0;
    urgent_.clear();
    normal_.clear();
    bytes_ = 0;
}

}  // namespace wsc::core
