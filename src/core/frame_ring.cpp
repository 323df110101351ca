#include "core/frame_ring.h"

namespace wsc::core {

namespace {
// Capacities are powers of two (4, 8, 16…), so a position wraps with a mask, not a division.
constexpr std::uint32_t initial_capacity = 4;
}  // namespace

void FrameRing::grow() {
    const std::uint32_t capacity = capacity_ == 0 ? initial_capacity : capacity_ * 2;
    auto slots = std::make_unique<base::SharedBytes[]>(capacity);
    for (std::uint32_t i = 0; i < count_; ++i) {
        slots[i] = std::move(slots_[(head_ + i) & (capacity_ - 1)]);
    }
    slots_ = std::move(slots);
    capacity_ = capacity;
    head_ = 0;
}

void FrameRing::push_back(base::SharedBytes frame) {
    if (count_ == capacity_) {
        grow();
    }
    slots_[(head_ + count_) & (capacity_ - 1)] = std::move(frame);
    ++count_;
}

base::SharedBytes FrameRing::pop_front() noexcept {
    base::SharedBytes frame = std::move(slots_[head_]);
    head_ = (head_ + 1) & (capacity_ - 1);
    if (--count_ == 0) {
        head_ = 0;
        if (capacity_ > kept_capacity) {
            clear();  // a backlog's ring
        }
    }
    return frame;
}

void FrameRing::trim() noexcept {
    if (count_ == 0 && capacity_ > initial_capacity) {
        clear();
    }
}

void FrameRing::clear() noexcept {
    slots_.reset();
    capacity_ = 0;
    head_ = 0;
    count_ = 0;
}

}  // namespace wsc::core
