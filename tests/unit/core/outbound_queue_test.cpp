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

TEST(OutboundQueue, LimitsDropUnlessForced) {
    OutboundQueue queue;
    QueueLimits limits{10, 2};
    EXPECT_EQ(queue.push(frame_of("1234"), limits), SendStatus::queued);
    EXPECT_EQ(queue.push(frame_of("123"), limits), SendStatus::backpressure);  // 7 > 10/2
    EXPECT_EQ(queue.push(frame_of("1"), limits), SendStatus::dropped);         // count limit
    EXPECT_EQ(queue.push(frame_of("close"), limits, true), SendStatus::backpressure);
    EXPECT_EQ(queue.count(), 3u);
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
