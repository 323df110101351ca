#pragma once
/// TimerWheel: one coarse timer per worker for every connection deadline (STYLE.md point 18).
///
/// A connection embeds one TimerEntry (two links and a due tick: 24 bytes) instead of owning a
/// timer object. The wheel ticks every `tick_interval`; an entry fires on the first tick at or
/// after its due time, so deadlines are late by at most one tick. Entries due further out than
/// one lap stay in their slot and are skipped until their lap comes round.
///
/// @par Thread Safety
/// Owner worker thread only.

#include <array>
#include <chrono>
#include <cstdint>

#include <boost/asio/steady_timer.hpp>

#include "net/socket.h"

namespace wsc::net {

class TimerWheel;

/// Base of anything with a deadline. `on_timer_expired` runs on the worker thread; it may
/// re-schedule the entry or close its owner, but must not delete the entry synchronously.
class TimerEntry {
public:
    TimerEntry() = default;
    TimerEntry(const TimerEntry&) = delete;
    TimerEntry& operator=(const TimerEntry&) = delete;

    [[nodiscard]] bool is_scheduled() const noexcept { return prev_ != nullptr; }

protected:
    ~TimerEntry() = default;
    virtual void on_timer_expired() = 0;

private:
    friend class TimerWheel;
    TimerEntry* prev_ = nullptr;  // null when not scheduled
    TimerEntry* next_ = nullptr;
    std::uint64_t due_tick_ = 0;  // absolute tick number
};

class TimerWheel {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds tick_interval{250};
    static constexpr std::size_t slot_count = 512;  // one lap = 128 s

    explicit TimerWheel(asio::io_context& context);
    TimerWheel(const TimerWheel&) = delete;
    TimerWheel& operator=(const TimerWheel&) = delete;
    ~TimerWheel();

    void start();
    /// Stops ticking; scheduled entries stay linked but never fire. Idempotent.
    void stop();

    /// (Re)schedules `entry` to fire at `due` (or on the next tick if `due` has passed).
    void schedule(TimerEntry& entry, Clock::time_point due);
    void cancel(TimerEntry& entry) noexcept;

    /// The time of the current tick; cheaper than Clock::now() and good to one tick.
    [[nodiscard]] Clock::time_point now() const noexcept { return now_; }
    [[nodiscard]] std::size_t scheduled_count() const noexcept { return scheduled_count_; }

    /// Runs one tick's worth of expiry at `now`; exposed for tests (the timer calls it).
    void advance_to(Clock::time_point now);

private:
    /// Head of one slot's circular list.
    struct Sentinel final : TimerEntry {
        void on_timer_expired() override {}
    };

    void arm();
    void link(TimerEntry& entry, std::size_t slot) noexcept;
    static void unlink(TimerEntry& entry) noexcept;
    void expire_slot(std::uint64_t tick);
    [[nodiscard]] std::uint64_t tick_of(Clock::time_point t) const noexcept;

    asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor> timer_;
    std::array<Sentinel, slot_count> slots_;
    Clock::time_point epoch_;
    Clock::time_point now_;
    std::uint64_t current_tick_ = 0;  // last tick processed
    std::size_t scheduled_count_ = 0;
    bool is_running_ = false;
};

}  // namespace wsc::net
