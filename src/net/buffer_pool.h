#pragma once
/// BufferPool: the read buffers of one worker.
///
/// A connection borrows a buffer only while it reads and parses (one handler call), so an idle
/// connection holds none and a worker needs about one buffer however many connections it has.
/// Released buffers are kept for reuse up to `max_cached`.
///
/// @par Thread Safety
/// Owner worker thread only.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace wsc::net {

class BufferPool {
public:
    explicit BufferPool(std::size_t buffer_bytes, std::size_t max_cached = 4)
        : buffer_bytes_(buffer_bytes), max_cached_(max_cached) {}

    /// A borrowed buffer, returned to the pool when the lease ends.
    class Lease {
    public:
        Lease(BufferPool& pool, std::unique_ptr<std::byte[]> data)
            : pool_(&pool), data_(std::move(data)) {}
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (data_) {
                pool_->give_back(std::move(data_));
            }
        }
        [[nodiscard]] std::span<std::byte> span() const noexcept {
            return {data_.get(), pool_->buffer_bytes_};
        }

    private:
        BufferPool* pool_;
        std::unique_ptr<std::byte[]> data_;
    };

    [[nodiscard]] Lease acquire() {
        if (free_.empty()) {
            return Lease(*this, std::make_unique_for_overwrite<std::byte[]>(buffer_bytes_));
        }
        auto data = std::move(free_.back());
        free_.pop_back();
        return Lease(*this, std::move(data));
    }

    [[nodiscard]] std::size_t buffer_bytes() const noexcept { return buffer_bytes_; }
    [[nodiscard]] std::size_t cached_count() const noexcept { return free_.size(); }

private:
    void give_back(std::unique_ptr<std::byte[]> data) {
        if (free_.size() < max_cached_) {
            free_.push_back(std::move(data));
        }
    }

    std::size_t buffer_bytes_;
    std::size_t max_cached_;
    std::vector<std::unique_ptr<std::byte[]>> free_;
};

}  // namespace wsc::net
