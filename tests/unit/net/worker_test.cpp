#include "net/worker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace wsc::net {
namespace {

/// A connection that does nothing but record its lifecycle.
class Idle final : public Connection {
public:
    Idle(Worker& worker, int* destroyed)
        : Connection(worker, Socket(worker.context())), destroyed_(destroyed) {}
    ~Idle() override { ++*destroyed_; }
    void start() override {}
    void begin_shutdown() override { close_now(); }

private:
    void on_readable() override {}
    void on_writable() override {}
    void on_timer_expired() override {}
    int* destroyed_;
};

/// A connection that logs its flushes; `on_flush_hook` runs inside its on_flush().
class Flushed final : public Connection {
public:
    Flushed(Worker& worker, int index, std::vector<std::string>& log)
        : Connection(worker, Socket(worker.context())), index_(index), log_(log) {}
    void start() override {}
    void begin_shutdown() override { close_now(); }
    void ask_flush() { request_flush(); }
    std::function<void()> on_flush_hook;

private:
    void on_readable() override {}
    void on_writable() override {}
    void on_timer_expired() override {}
    void on_flush() override {
        log_.push_back("flush " + std::to_string(index_));
        if (on_flush_hook) {
            on_flush_hook();
        }
    }
    int index_;
    std::vector<std::string>& log_;
};

template <class F>
auto run_on(Worker& worker, F&& fn) {
    std::promise<decltype(fn())> result;
    worker.post([&] { result.set_value(fn()); });
    return result.get_future().get();
}

/// Waits until tasks the worker posted to itself so far have run (deferred frees included):
/// a worker's own posts queue behind the handler that made them, so post from inside it.
void settle(Worker& worker) {
    std::promise<void> done;
    worker.post([&] { worker.post([&] { done.set_value(); }); });
    done.get_future().wait();
}

TEST(Worker, PostedTasksRunInOrderOnTheWorkerThread) {
    Worker worker(0, 4096);
    worker.start();
    std::vector<int> order;
    for (int i = 0; i < 100; ++i) {
        worker.post([&order, i] { order.push_back(i); });
    }
    EXPECT_TRUE(run_on(worker, [&] { return worker.is_current_thread(); }));
    EXPECT_FALSE(worker.is_current_thread());
    std::vector<int> expected(100);
    std::iota(expected.begin(), expected.end(), 0);
    EXPECT_EQ(order, expected);
}

// Fan-out relies on this: a message posted by the worker to itself and one posted by another
// thread right after must run in that order, or a later seq could overtake an earlier one.
TEST(Worker, PostsFromTheWorkerItselfAndFromOtherThreadsKeepOneOrder) {
    Worker worker(0, 4096);
    worker.start();
    std::vector<std::string> order;
    std::promise<void> finished;
    worker.post([&] {
        worker.post([&] { order.emplace_back("own"); });
        std::thread other([&] { worker.post([&] { order.emplace_back("other"); }); });
        other.join();  // the other thread's post is queued before this handler returns
        worker.post([&] { finished.set_value(); });
    });
    finished.get_future().wait();
    EXPECT_EQ(order, (std::vector<std::string>{"own", "other"}));
}

TEST(Worker, StaleIdsFindNothingAfterTheSlotIsReused) {
    Worker worker(3, 4096);
    worker.start();
    int destroyed = 0;
    ConnId first =
        run_on(worker, [&] { return worker.adopt(std::make_unique<Idle>(worker, &destroyed)); });
    EXPECT_EQ(first.worker, 3u);
    EXPECT_TRUE(run_on(worker, [&] { return worker.find(first) != nullptr; }));
    run_on(worker, [&] {
        worker.find(first)->close_now();
        return 0;
    });
    // Freed on a later loop turn, not synchronously.
    settle(worker);
    EXPECT_EQ(destroyed, 1);
    ConnId second =
        run_on(worker, [&] { return worker.adopt(std::make_unique<Idle>(worker, &destroyed)); });
    EXPECT_EQ(second.slot, first.slot);
    EXPECT_NE(second.generation, first.generation);
    EXPECT_TRUE(run_on(worker, [&] { return worker.find(first) == nullptr; }));
    EXPECT_TRUE(run_on(worker, [&] { return worker.find(second) != nullptr; }));
    EXPECT_EQ(worker.connection_count(), 1u);
}

// A flush over many connections is a sweep in slices: work posted meanwhile runs between
// slices, and what it queues for a connection the sweep hasn't reached goes out in this sweep.
TEST(Worker, FlushesSweepInSlicesThatLetPostedWorkIn) {
    Worker worker(0, 4096);
    worker.start();
    std::vector<std::string> log;
    std::vector<Flushed*> connections;
    std::promise<void> finished;
    worker.post([&] {
        for (int i = 0; i < 300; ++i) {
            auto connection = std::make_unique<Flushed>(worker, i, log);
            connections.push_back(connection.get());
            worker.adopt(std::move(connection));
        }
        connections[10]->on_flush_hook = [&] {
            worker.post([&] {
                log.emplace_back("posted");
                connections[200]->ask_flush();  // not reached yet: flushed once, in this sweep
                connections[5]->ask_flush();    // already flushed: flushed again, next sweep
                connections[5]->on_flush_hook = [&] { finished.set_value(); };
            });
        };
        for (Flushed* connection : connections) {
            connection->ask_flush();
        }
    });
    ASSERT_EQ(finished.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    settle(worker);
    log = run_on(worker, [&] { return log; });  // read on the thread that writes it
    const auto at = [&](const std::string& entry) {
        return std::find(log.begin(), log.end(), entry) - log.begin();
    };
    EXPECT_LT(at("posted"), at("flush 299"));  // ran between slices, not after the sweep
    EXPECT_EQ(std::count(log.begin(), log.end(), "flush 200"), 1);
    EXPECT_EQ(std::count(log.begin(), log.end(), "flush 5"), 2);
    EXPECT_EQ(log.back(), "flush 5");  // the second sweep: just the one connection
    EXPECT_EQ(log.size(), 300u + 1u + 1u);
}

TEST(Worker, ShutdownReachesEveryConnection) {
    Worker worker(0, 4096);
    worker.start();
    int destroyed = 0;
    run_on(worker, [&] {
        for (int i = 0; i < 10; ++i) {
            worker.adopt(std::make_unique<Idle>(worker, &destroyed));
        }
        return 0;
    });
    run_on(worker, [&] {
        worker.for_each_connection([](Connection& c) { c.begin_shutdown(); });
        return 0;
    });
    settle(worker);
    EXPECT_EQ(destroyed, 10);
    EXPECT_EQ(worker.connection_count(), 0u);
}

}  // namespace
}  // namespace wsc::net
