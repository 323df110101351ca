#pragma once
/// FrameRing: a FIFO of shared frames in a growable ring. Holds no heap memory until the first
/// push, and gives a grown ring back once it drains (a small one is kept for the next burst).
///
/// @par Thread Safety
/// Owning worker's thread only.

#include <cstdint>
#include <memory>

#include "base/shared_bytes.h"

namespace wsc::core {

class FrameRing {
public:
    void push_back(base::SharedBytes frame);
    base::SharedBytes pop_front() noexcept;
    /// The oldest frame after popping none of them: at(0) is the front.
    [[nodiscard]] const base::SharedBytes& at(std::uint32_t i) const noexcept {
        return slots_[(head_ + i) & (capacity_ - 1)];  // capacity_ is a power of two
    }
    [[nodiscard]] std::uint32_t size() const noexcept { return count_; }
    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
    void clear() noexcept;

private:
    void grow();

    std::unique_ptr<base::SharedBytes[]> slots_;  // capacity_ slots, null until first push
    std::uint32_t capacity_ = 0;
    std::uint32_t head_ = 0;
    std::uint32_t count_ = 0;
};

}  // namespace wsc::core
