#pragma once
/// Worker: one thread, one io_context, and every connection accepted on it (thread per core).
///
/// Connection state is never shared: other threads reach a worker only through post(), its
/// inbox. The worker owns its connections in a slot table addressed by ConnId, its timer
/// wheel, its read-buffer pool and its end-of-turn flush list.
///
/// @par Thread Safety
/// post(), index(), connection_count() and stop() may be called from any thread; everything
/// else from the worker's own thread (or before start()).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "net/buffer_pool.h"
#include "net/conn_id.h"
#include "net/connection.h"
#include "net/socket.h"
#include "net/timer_wheel.h"

namespace wsc::net {

class Worker {
public:
    Worker(std::uint32_t index, std::size_t read_buffer_bytes);
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    ~Worker();

    [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
    [[nodiscard]] asio::io_context& context() noexcept { return context_; }
    [[nodiscard]] TimerWheel& timers() noexcept { return timers_; }
    [[nodiscard]] BufferPool& buffers() noexcept { return buffers_; }

    /// Any thread: runs `task` on this worker's thread, in posting order.
    template <class Task>
    void post(Task&& task) {
        pending_posts_.fetch_add(1, std::memory_order_relaxed);
        asio::post(context_, [this, task = std::forward<Task>(task)]() mutable {
            pending_posts_.fetch_sub(1, std::memory_order_relaxed);
            task();
        });
    }

    /// Takes ownership of a new connection, gives it a ConnId and starts it.
    ConnId adopt(std::unique_ptr<Connection> connection);
    /// The live connection named by `id`, or null if it closed (stale generation).
    [[nodiscard]] Connection* find(ConnId id) const noexcept;
    /// Any thread: connections currently owned (including ones closing).
    [[nodiscard]] std::size_t connection_count() const noexcept {
        return connection_count_.load(std::memory_order_relaxed);
    }
    /// Calls `fn(Connection&)` for each open connection; `fn` may close connections.
    void for_each_connection(const std::function<void(Connection&)>& fn);

    /// Starts the thread (runs the loop until stop()).
    void start();
    /// Any thread: ends the loop; pending handlers are abandoned. Idempotent.
    void stop();
    void join();
    [[nodiscard]] bool is_current_thread() const noexcept;

private:
    friend class Connection;
    struct Slot {
        std::unique_ptr<Connection> connection;
        std::uint32_t generation = 0;
    };

    void destroy_later(Connection& connection);
    void enqueue_flush(Connection& connection);
    void schedule_flushes();
    void run_flushes();

    std::uint32_t index_;
    // Not concurrency hint 1: with it, Asio queues a worker's posts to itself privately until
    // the running handler returns, so a post from another thread made meanwhile would overtake
    // them. post() promises one order for every poster.
    asio::io_context context_;
    std::optional<asio::executor_work_guard<Executor>> work_guard_;
    TimerWheel timers_;
    BufferPool buffers_;
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> free_slots_;
    // Flushing is a continuous sweep in slices. A pass over 10k connections takes tens of
    // milliseconds of send() calls; between slices the loop reads sockets and runs posted
    // tasks, so a broadcast arriving mid-pass joins the frames of every connection the pass
    // hasn't reached yet instead of waiting for the whole pass to end: under load a message
    // waits at most one sweep, not two, and other work (API requests, reads, pings) isn't
    // stalled behind the pass.
    std::vector<Connection*> flush_list_;  // asked since the current pass began: the next one
    std::vector<Connection*> flushing_;    // the current pass (reused storage)
    std::size_t flush_cursor_ = 0;         // next in flushing_
    bool is_flush_posted_ = false;
    static constexpr std::size_t flush_slice = 64;
    // Tasks posted and not yet run. While some are waiting, run_flushes() lets them go first
    // (a few times at most), so that e.g. three queued broadcasts leave in one write per
    // connection instead of three: under load, fewer syscalls on both ends.
    std::atomic<std::size_t> pending_posts_{0};
    std::uint32_t flush_deferrals_ = 0;
    static constexpr std::uint32_t max_flush_deferrals = 4;
    std::atomic<std::size_t> connection_count_{0};
    std::thread thread_;
    std::atomic<std::thread::id> thread_id_{};
};

}  // namespace wsc::net
