#pragma once
/// Per-worker metric cells (STYLE.md point 19).
///
/// A Counter or Gauge is written by exactly one worker thread and read by the scrape thread.
/// Writes are a relaxed load + store, not a read-modify-write, so they cost what a plain
/// increment costs (no lock prefix) while keeping the cross-thread read free of data races.

#include <atomic>
#include <cstdint>

namespace wsc::metrics {

class Counter {
public:
    /// Owner thread only.
    void inc(std::uint64_t n = 1) noexcept {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    /// Any thread.
    [[nodiscard]] std::uint64_t value() const noexcept {
        return value_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<std::uint64_t> value_{0};
};

class Gauge {
public:
    /// Owner thread only.
    void add(std::int64_t n) noexcept {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    void inc() noexcept { add(1); }
    void dec() noexcept { add(-1); }
    void set(std::int64_t n) noexcept { value_.store(n, std::memory_order_relaxed); }
    /// Any thread.
    [[nodiscard]] std::int64_t value() const noexcept {
        return value_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<std::int64_t> value_{0};
};

}  // namespace wsc::metrics
