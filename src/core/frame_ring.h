#pragma once
/// FrameRing: a FIFO of shared frames in a growable ring. Holds no heap memory until the first
/// push. A drained ring keeps up to kept_capacity slots, so a session receiving a steady
/// stream of small batches (a broadcast every few milliseconds) doesn't grow and free its ring
/// on every write; a bigger ring (a slow consumer's backlog) is given back when it drains, and
/// trim() gives back a kept one too.
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
    /// Slots allocated (0 before the first push).
    [[nodiscard]] std::uint32_t capacity() const noexcept { return capacity_; }
    void clear() noexcept;
    /// If empty, gives back a ring grown past the first small one (the session's heartbeat
    /// calls this, so an idle session doesn't keep what a burst grew).
    void trim() noexcept;

    /// Slots a drained ring keeps (256 bytes of storage).
    static constexpr std::uint32_t kept_capacity = 32;

private:
    void grow();

    std::unique_ptr<base::SharedBytes[]> slots_;  // capacity_ slots, null until first push
    std::uint32_t capacity_ = 0;
    std::uint32_t head_ = 0;
    std::uint32_t count_ = 0;
};

}  // namespace wsc::core
