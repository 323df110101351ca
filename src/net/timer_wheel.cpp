#include "net/timer_wheel.h"

#include "base/assert.h"

namespace wsc::net {

TimerWheel::TimerWheel(asio::io_context& context)
    : timer_(context.get_executor()), epoch_(Clock::now()), now_(epoch_) {
    for (auto& head : slots_) {
        head.prev_ = &head;
        head.next_ = &head;
    }
}

TimerWheel::~TimerWheel() {
    // Leave no dangling links into the sentinels in entries that outlive the wheel.
    for (auto& head : slots_) {
        while (head.next_ != &head) {
            unlink(*head.next_);
        }
    }
}

void TimerWheel::start() {
    if (is_running_) {
        return;
    }
    is_running_ = true;
    arm();
}

void TimerWheel::stop() {
    is_running_ = false;
    timer_.cancel();
}

std::uint64_t TimerWheel::tick_of(Clock::time_point t) const noexcept {
    if (t <= epoch_) {
        return 0;
    }
    // Round up: an entry never fires before its due time.
    auto ticks = (t - epoch_ + tick_interval - Clock::duration(1)) / tick_interval;
    return static_cast<std::uint64_t>(ticks);
}

void TimerWheel::schedule(TimerEntry& entry, Clock::time_point due) {
    if (entry.is_scheduled()) {
        unlink(entry);
        --scheduled_count_;
    }
    std::uint64_t tick = tick_of(due);
    if (tick <= current_tick_) {
        tick = current_tick_ + 1;
    }
    entry.due_tick_ = tick;
    link(entry, tick % slot_count);
    ++scheduled_count_;
}

void TimerWheel::cancel(TimerEntry& entry) noexcept {
    if (entry.is_scheduled()) {
        unlink(entry);
        --scheduled_count_;
    }
}

void TimerWheel::link(TimerEntry& entry, std::size_t slot) noexcept {
    TimerEntry& head = slots_[slot];
    entry.next_ = head.next_;
    entry.prev_ = &head;
    head.next_->prev_ = &entry;
    head.next_ = &entry;
}

void TimerWheel::unlink(TimerEntry& entry) noexcept {
    entry.prev_->next_ = entry.next_;
    entry.next_->prev_ = entry.prev_;
    entry.prev_ = nullptr;
    entry.next_ = nullptr;
}

void TimerWheel::arm() {
    auto next = epoch_ + (current_tick_ + 1) * tick_interval;
    timer_.expires_at(next);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || !is_running_) {
            return;
        }
        advance_to(Clock::now());
        arm();
    });
}

void TimerWheel::advance_to(Clock::time_point now) {
    now_ = now;
    const std::uint64_t target =
        now <= epoch_ ? 0 : static_cast<std::uint64_t>((now - epoch_) / tick_interval);
    // A stalled loop catches up tick by tick; a lap is 512 cheap steps at most per slot visit.
    while (current_tick_ < target) {
        ++current_tick_;
        expire_slot(current_tick_);
    }
}

void TimerWheel::expire_slot(std::uint64_t tick) {
    TimerEntry& head = slots_[tick % slot_count];
    // Move the due entries to a private list first: callbacks may re-schedule into this slot.
    Sentinel due_list;
    due_list.prev_ = &due_list;
    due_list.next_ = &due_list;
    for (TimerEntry* entry = head.next_; entry != &head;) {
        TimerEntry* next = entry->next_;
        if (entry->due_tick_ <= tick) {
            unlink(*entry);
            entry->next_ = due_list.next_;
            entry->prev_ = &due_list;
            due_list.next_->prev_ = entry;
            due_list.next_ = entry;
        }
        entry = next;
    }
    while (due_list.next_ != &due_list) {
        TimerEntry* entry = due_list.next_;
        unlink(*entry);
        --scheduled_count_;
        entry->on_timer_expired();
    }
}

}  // namespace wsc::net
