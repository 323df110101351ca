#include "net/timer_wheel.h"

#include <gtest/gtest.h>

#include <vector>

namespace wsc::net {
namespace {

using Clock = TimerWheel::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Probe final : TimerEntry {
    std::vector<int>* log;
    int id;
    std::function<void(Probe&)> then;
    Probe(std::vector<int>* l, int i) : log(l), id(i) {}
    void on_timer_expired() override {
        log->push_back(id);
        if (then) {
            then(*this);
        }
    }
};

class TimerWheelTest : public ::testing::Test {
protected:
    asio::io_context context;
    TimerWheel wheel{context};
    Clock::time_point start = Clock::now();
    std::vector<int> fired;
};

TEST_F(TimerWheelTest, FiresAtOrAfterDueNeverBefore) {
    Probe a(&fired, 1);
    wheel.schedule(a, start + seconds(2));
    wheel.advance_to(start + milliseconds(1500));
    EXPECT_TRUE(fired.empty());
    wheel.advance_to(start + seconds(2) + TimerWheel::tick_interval);
    EXPECT_EQ(fired, std::vector<int>{1});
    EXPECT_FALSE(a.is_scheduled());
    EXPECT_EQ(wheel.scheduled_count(), 0u);
}

TEST_F(TimerWheelTest, EntriesBeyondOneLapWaitForTheirLap) {
    Probe far(&fired, 7);
    const auto lap = TimerWheel::tick_interval * TimerWheel::slot_count;
    wheel.schedule(far, start + lap + seconds(3));
    wheel.advance_to(start + lap);
    EXPECT_TRUE(fired.empty());
    wheel.advance_to(start + lap + seconds(4));
    EXPECT_EQ(fired, std::vector<int>{7});
}

TEST_F(TimerWheelTest, CancelAndRescheduleReplaceTheDeadline) {
    Probe a(&fired, 1);
    Probe b(&fired, 2);
    wheel.schedule(a, start + seconds(1));
    wheel.schedule(b, start + seconds(1));
    wheel.cancel(a);
    wheel.schedule(b, start + seconds(5));  // moved later
    wheel.advance_to(start + seconds(2));
    EXPECT_TRUE(fired.empty());
    wheel.advance_to(start + seconds(6));
    EXPECT_EQ(fired, std::vector<int>{2});
}

TEST_F(TimerWheelTest, CallbackMayRescheduleItself) {
    Probe a(&fired, 1);
    int rounds = 0;
    a.then = [&](Probe& self) {
        if (++rounds < 3) {
            wheel.schedule(self, wheel.now() + seconds(1));
        }
    };
    wheel.schedule(a, start + seconds(1));
    for (int s = 1; s <= 10; ++s) {
        wheel.advance_to(start + seconds(s) + TimerWheel::tick_interval);
    }
    EXPECT_EQ(fired, (std::vector<int>{1, 1, 1}));
}

TEST_F(TimerWheelTest, PastDeadlineFiresOnNextTick) {
    Probe a(&fired, 3);
    wheel.advance_to(start + seconds(10));
    wheel.schedule(a, start);  // already past
    wheel.advance_to(start + seconds(10) + TimerWheel::tick_interval);
    EXPECT_EQ(fired, std::vector<int>{3});
}

TEST_F(TimerWheelTest, ManyEntriesAllFireOnce) {
    std::vector<std::unique_ptr<Probe>> probes;
    for (int i = 0; i < 1000; ++i) {
        probes.push_back(std::make_unique<Probe>(&fired, i));
        wheel.schedule(*probes.back(), start + milliseconds(37 * i));
    }
    wheel.advance_to(start + seconds(40));
    EXPECT_EQ(fired.size(), 1000u);
    EXPECT_EQ(wheel.scheduled_count(), 0u);
}

}  // namespace
}  // namespace wsc::net
