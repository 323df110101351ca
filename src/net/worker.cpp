#include "net/worker.h"

#include <algorithm>

#include "base/assert.h"
#include "base/log.h"

namespace wsc::net {

Worker::Worker(std::uint32_t index, std::size_t read_buffer_bytes)
    : index_(index), timers_(context_), buffers_(read_buffer_bytes) {}

Worker::~Worker() {
    stop();
    join();
    // Destroy connections while the io_context (which their sockets reference) still exists.
    slots_.clear();
}

ConnId Worker::adopt(std::unique_ptr<Connection> connection) {
    std::uint32_t slot;
    if (free_slots_.empty()) {
        slot = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
    }
    Slot& entry = slots_[slot];
    ++entry.generation;
    if (entry.generation == 0) {
        entry.generation = 1;  // 0 means "never valid"
    }
    connection->slot_ = slot;
    connection->generation_ = entry.generation;
    entry.connection = std::move(connection);
    connection_count_.fetch_add(1, std::memory_order_relaxed);
    Connection& started = *entry.connection;
    started.start();
    return started.id();
}

Connection* Worker::find(ConnId id) const noexcept {
    if (id.worker != index_ || id.slot >= slots_.size()) {
        return nullptr;
    }
    const Slot& entry = slots_[id.slot];
    if (entry.generation != id.generation || !entry.connection || entry.connection->is_closing()) {
        return nullptr;
    }
    return entry.connection.get();
}

void Worker::for_each_connection(const std::function<void(Connection&)>& fn) {
    // Index loop: `fn` may close connections, which never shrinks the table during the turn.
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (slots_[i].connection && !slots_[i].connection->is_closing()) {
            fn(*slots_[i].connection);
        }
    }
}

void Worker::destroy_later(Connection& connection) {
    Slot& entry = slots_[connection.slot_];
    WSC_ASSERT(entry.connection.get() == &connection);
    // Free the memory after the current handler has returned: it may still be on our stack.
    post([doomed = std::move(entry.connection)]() mutable { doomed.reset(); });
    free_slots_.push_back(connection.slot_);
    connection_count_.fetch_sub(1, std::memory_order_relaxed);
}

void Worker::enqueue_flush(Connection& connection) {
    flush_list_.push_back(&connection);
    schedule_flushes();
}

void Worker::schedule_flushes() {
    if (!is_flush_posted_) {
        is_flush_posted_ = true;
        post([this] { run_flushes(); });
    }
}

void Worker::run_flushes() {
    is_flush_posted_ = false;
    if (pending_posts_.load(std::memory_order_relaxed) != 0 &&
        flush_deferrals_ < max_flush_deferrals) {
        ++flush_deferrals_;
        schedule_flushes();  // behind the waiting tasks
        return;
    }
    flush_deferrals_ = 0;
    if (flush_cursor_ == flushing_.size()) {
        flushing_.clear();
        flush_cursor_ = 0;
        flushing_.swap(flush_list_);
    }
    const std::size_t slice_end = std::min(flushing_.size(), flush_cursor_ + flush_slice);
    while (flush_cursor_ < slice_end) {
        Connection* connection = flushing_[flush_cursor_++];
        connection->is_flush_requested_ = false;
        if (!connection->is_closing()) {
            connection->on_flush();
        }
        connection->release_op();
    }
    if (flush_cursor_ < flushing_.size() || !flush_list_.empty()) {
        schedule_flushes();
    }
}

void Worker::start() {
    WSC_CHECK(!thread_.joinable());
    work_guard_.emplace(context_.get_executor());
    timers_.start();
    thread_ = std::thread([this] {
        thread_id_.store(std::this_thread::get_id());
        for (;;) {
            try {
                context_.run();
                break;
            } catch (const std::exception& e) {
                // A handler threw: our bug, not a peer's. Log it and keep the worker serving.
                log::error("worker {}: unhandled exception: {}", index_, e.what());
            }
        }
    });
}

void Worker::stop() {
    post([this] {
        timers_.stop();
        work_guard_.reset();
        context_.stop();
    });
}

void Worker::join() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool Worker::is_current_thread() const noexcept {
    return thread_id_.load() == std::this_thread::get_id();
}

}  // namespace wsc::net
