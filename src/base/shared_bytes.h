#pragma once
/// SharedBytes: an immutable, reference-counted byte buffer (one allocation: count, size, bytes).
///
/// An encoded WebSocket frame is built once and then shared by every connection queue that
/// sends it (STYLE.md point 15). The reference count is deliberately *not* atomic: a
/// SharedBytes and all its copies belong to one worker thread. Bytes built on another thread
/// arrive as a `std::shared_ptr` (atomic count); `view_of` wraps one such reference per worker
/// in a local block, so the worker's recipients share it with plain increments and the
/// atomic count is touched once per worker, not once per connection.
///
/// @par Thread Safety
/// Distinct objects: safe. Copies of one object: only from the owning worker thread.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <utility>

#include "base/assert.h"

namespace wsc::base {

class SharedBytes {
public:
    SharedBytes() = default;

    /// Allocates `size` bytes and lets `fill(std::span<std::byte>)` write them once.
    template <class Fill>
    static SharedBytes create(std::size_t size, Fill&& fill) {
        WSC_CHECK(size <= UINT32_MAX);
        void* raw = ::operator new(sizeof(Block) + size);
        auto* block = new (raw) Block{1, static_cast<std::uint32_t>(size), nullptr, {}};
        auto* inline_bytes = reinterpret_cast<std::byte*>(block + 1);
        block->data = inline_bytes;
        std::forward<Fill>(fill)(std::span<std::byte>(inline_bytes, size));
        return SharedBytes(block);
    }

    /// A local view of `bytes`, which `owner` keeps alive (typically a frame built on another
    /// thread). Holds one reference to `owner` until the last local copy is gone.
    static SharedBytes view_of(std::shared_ptr<const void> owner,
                               std::span<const std::byte> bytes) {
        WSC_CHECK(bytes.size() <= UINT32_MAX);
        auto* block =
            new Block{1, static_cast<std::uint32_t>(bytes.size()), bytes.data(), std::move(owner)};
        return SharedBytes(block);
    }

    /// Copies `bytes` into a new buffer.
    static SharedBytes copy_of(std::span<const std::byte> bytes) {
        return create(bytes.size(), [&](std::span<std::byte> out) {
            if (!bytes.empty()) {
                std::memcpy(out.data(), bytes.data(), bytes.size());
            }
        });
    }
    static SharedBytes copy_of(std::string_view text) {
        return copy_of(std::as_bytes(std::span<const char>(text.data(), text.size())));
    }

    SharedBytes(const SharedBytes& other) noexcept : block_(other.block_) {
        if (block_ != nullptr) {
            ++block_->refs;
        }
    }
    SharedBytes(SharedBytes&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    SharedBytes& operator=(SharedBytes other) noexcept {
        std::swap(block_, other.block_);
        return *this;
    }
    ~SharedBytes() { release(); }

    [[nodiscard]] std::span<const std::byte> bytes() const noexcept {
        return block_ == nullptr ? std::span<const std::byte>()
                                 : std::span<const std::byte>(block_->data, block_->size);
    }
    [[nodiscard]] std::size_t size() const noexcept { return block_ == nullptr ? 0 : block_->size; }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] explicit operator bool() const noexcept { return block_ != nullptr; }
    [[nodiscard]] std::uint32_t use_count() const noexcept {
        return block_ == nullptr ? 0 : block_->refs;
    }

private:
    struct Block {
        std::uint32_t refs;                 // owners on this worker; non-atomic by design
        std::uint32_t size;                 // bytes at `data`
        const std::byte* data;              // right after the block, or inside the owner
        std::shared_ptr<const void> owner;  // set for views of another thread's bytes
    };

    explicit SharedBytes(Block* block) noexcept : block_(block) {}
    void release() noexcept {
        Block* block = std::exchange(block_, nullptr);
        if (block != nullptr && --block->refs == 0) {
            destroy(block);
        }
    }
    // Out of line: keeps the copy/release fast path small, and stops g++ 12's
    // -Wuse-after-free from "seeing" a free on paths where the count was above one.
    [[gnu::noinline]] static void destroy(Block* block) noexcept {
        if (block->owner) {
            delete block;  // a view: allocated with new, no inline bytes
        } else {
            block->~Block();
            ::operator delete(block);
        }
    }

    Block* block_ = nullptr;
};

}  // namespace wsc::base
