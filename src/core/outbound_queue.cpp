#include "core/outbound_queue.h"

#include <algorithm>

namespace wsc::core {

namespace {
constexpr std::uint32_t initial_capacity = 4;
// A drained queue keeps its first small ring (48 bytes with malloc's overhead) for the next
// message; a ring grown by a burst is given back.
constexpr std::uint32_t retained_capacity = initial_capacity;
}  // namespace

SendStatus OutboundQueue::push(base::SharedBytes frame, const QueueLimits& limits, bool force) {
    if (!force && (count_ >= limits.max_count || bytes_ + frame.size() > limits.max_bytes)) {
        return SendStatus::dropped;
    }
    if (count_ == capacity_) {
        grow();
    }
    bytes_ += frame.size();
    ring_[(head_ + count_) % capacity_] = std::move(frame);
    ++count_;
    return bytes_ > limits.max_bytes / 2 ? SendStatus::backpressure : SendStatus::queued;
}

void OutboundQueue::grow() {
    std::uint32_t capacity = capacity_ == 0 ? initial_capacity : capacity_ * 2;
    auto ring = std::make_unique<base::SharedBytes[]>(capacity);
    for (std::uint32_t i = 0; i < count_; ++i) {
        ring[i] = std::move(ring_[(head_ + i) % capacity_]);
    }
    ring_ = std::move(ring);
    capacity_ = capacity;
    head_ = 0;
}

std::size_t OutboundQueue::gather(std::span<boost::asio::const_buffer> out,
                                  std::size_t budget_bytes) const {
    std::size_t used = 0;
    std::size_t total = 0;
    for (std::uint32_t i = 0; i < count_ && used < out.size() && total < budget_bytes; ++i) {
        auto bytes = ring_[(head_ + i) % capacity_].bytes();
        if (i == 0) {
            bytes = bytes.subspan(head_sent_bytes_);
        }
        const std::size_t take = std::min(bytes.size(), budget_bytes - total);
        out[used++] = boost::asio::const_buffer(bytes.data(), take);
        total += take;
    }
    return used;
}

void OutboundQueue::consume(std::size_t written) noexcept {
    bytes_ -= written;
    while (written > 0) {
        base::SharedBytes& front = ring_[head_];
        const std::size_t left = front.size() - head_sent_bytes_;
        if (written < left) {
            head_sent_bytes_ += static_cast<std::uint32_t>(written);
            return;
        }
        written -= left;
        front = base::SharedBytes();
        head_sent_bytes_ = 0;
        head_ = (head_ + 1) % capacity_;
        --count_;
    }
    if (count_ == 0) {
        head_ = 0;
        if (capacity_ > retained_capacity) {
            ring_.reset();
            capacity_ = 0;
        }
    }
}

void OutboundQueue::clear() noexcept {
    for (std::uint32_t i = 0; i < count_; ++i) {
        ring_[(head_ + i) % capacity_] = base::SharedBytes();
    }
    count_ = 0;
    head_ = 0;
    head_sent_bytes_ = 0;
    bytes_ = 0;
    ring_.reset();
    capacity_ = 0;
}

}  // namespace wsc::core
