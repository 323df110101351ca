#include "core/outbound_queue.h"

#include <gtest/gtest.h>

#include <numeric>

namespace wsc::core {
namespace {

base::SharedBytes frame_of(std::string_view text) {
    return base::SharedBytes::copy_of(text);
}

std::string gathered_text(const OutboundQueue& queue, std::size_t budget,
                          std::size_t max_buffers = 64) {
    std::vector<boost::asio::const_buffer> buffers(max_buffers);
    std::size_t n = queue.gather(buffers, budget);
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out.append(static_cast<const char*>(buffers[i].data()), buffers[i].size());
    }
    return out;
}

TEST(OutboundQueue, GathersFramesInOrderUpToTheBudget) {
    OutboundQueue queue;
    QueueLimits limits;
    queue.push(frame_of("aaa"), limits);
    queue.push(frame_of("bbbb"), limits);
    queue.push(frame_of("cc"), limits);
    EXPECT_EQ(queue.bytes(), 9u);
    EXPECT_EQ(gathered_text(queue, 100), "aaabbbbcc");
    EXPECT_EQ(gathered_text(queue, 5), "aaabb");
    EXPECT_EQ(gathered_text(queue, 100, 2), "aaabbbb");
}

TEST(OutboundQueue, PartialWritesResumeMidFrame) {
    OutboundQueue queue;
    QueueLimits limits;
    queue.push(frame_of("hello"), limits);
    queue.push(frame_of("world"), limits);
    queue.consume(3);
    EXPECT_EQ(gathered_text(queue, 100), "loworld");
    queue.consume(4);  // "lo" + "wo"
    EXPECT_EQ(queue.count(), 1u);
    EXPECT_EQ(gathered_text(queue, 100), "rld");
    queue.consume(3);
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.bytes(), 0u);
}

TEST(OutboundQueue, SharedFramesAreReferencedNotCopied) {
    OutboundQueue a, b;
    QueueLimits limits;
    auto frame = frame_of("shared");
    a.push(frame, limits);
    b.push(frame, limits);
    EXPECT_EQ(frame.use_count(), 3u);
    std::vector<boost::asio::const_buffer> buffers(1);
    a.gather(buffers, 100);
    EXPECT_EQ(buffers[0].data(), frame.bytes().data());
    a.consume(6);
    EXPECT_EQ(frame.use_count(), 2u);
}

TEST(OutboundQueue, LimitsDependOnPriorityAndForceIgnoresThem) {
    OutboundQueue queue;
    QueueLimits limits{100, 4};
    EXPECT_EQ(queue.push(frame_of("n1"), limits), SendStatus::queued);
    EXPECT_EQ(queue.push(frame_of("n2"), limits), SendStatus::queued);
    EXPECT_EQ(queue.push(frame_of("low"), limits, Priority::low), SendStatus::dropped);  // half
    EXPECT_EQ(queue.push(frame_of("n3"), limits), SendStatus::queued);
    EXPECT_EQ(queue.push(frame_of("n4"), limits), SendStatus::queued);
    EXPECT_EQ(queue.push(frame_of("n5"), limits), SendStatus::dropped);  // full for normal
    for (int i = 0; i < 4; ++i) {
        EXPECT_NE(queue.push(frame_of("hi"), limits, Priority::high), SendStatus::dropped);
    }
    EXPECT_EQ(queue.push(frame_of("hi"), limits, Priority::high), SendStatus::dropped);  // 2x
    EXPECT_NE(queue.push(frame_of("close"), limits, Priority::high, true), SendStatus::dropped);
    EXPECT_EQ(queue.count(), 9u);
}

TEST(OutboundQueue, HighOvertakesQueuedNormalButNotAFrameInFlight) {
    OutboundQueue queue;
    QueueLimits limits;
    queue.push(frame_of("AAAA"), limits);
    queue.push(frame_of("BBBB"), limits);
    queue.consume(2);  // "AAAA" is half written: it must finish first
    queue.push(frame_of("hh"), limits, Priority::high);
    queue.push(frame_of("ll"), limits, Priority::low);
    queue.push(frame_of("HH"), limits, Priority::high);
    EXPECT_EQ(gathered_text(queue, 100), "AAhhHHBBBBll");
    queue.consume(5);  // "AA", "hh", and one byte of "HH"
    queue.push(frame_of("xx"), limits, Priority::high);
    EXPECT_EQ(gathered_text(queue, 100),
              "Hxx"
              "BBBBll");
    queue.consume(9);
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.bytes(), 0u);
}

TEST(OutboundQueue, GrowsPastInitialCapacityKeepingOrder) {
    OutboundQueue queue;
    QueueLimits limits;
    std::string expected;
    for (int i = 0; i < 100; ++i) {
        std::string s(1, static_cast<char>('a' + i % 26));
        expected += s;
        queue.push(frame_of(s), limits);
        if (i % 7 == 0) {
            queue.consume(1);
            expected.erase(0, 1);
        }
    }
    EXPECT_EQ(gathered_text(queue, 1000, 200), expected);
}

}  // namespace
}  // namespace wsc::core
