#include "core/frame_ring.h"

#include <gtest/gtest.h>

#include <string>

namespace wsc::core {
namespace {

base::SharedBytes frame_of(const std::string& text) {
    return base::SharedBytes::copy_of(text);
}

std::string text_of(const base::SharedBytes& frame) {
    return {reinterpret_cast<const char*>(frame.bytes().data()), frame.size()};
}

void push_and_drain(FrameRing& ring, int count) {
    for (int i = 0; i < count; ++i) {
        ring.push_back(frame_of(std::to_string(i)));
    }
    for (int i = 0; i < count; ++i) {
        ASSERT_EQ(text_of(ring.pop_front()), std::to_string(i));
    }
}

TEST(FrameRing, KeepsOrderAcrossWrapsAndGrowth) {
    FrameRing ring;
    EXPECT_EQ(ring.capacity(), 0u);  // no heap memory until the first push
    int next_in = 0;
    int next_out = 0;
    // Interleave pushes and pops so positions wrap before, during and after growth.
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < round % 7 + 1; ++i) {
            ring.push_back(frame_of(std::to_string(next_in++)));
        }
        for (int i = 0; i < round % 5 + 1 && !ring.empty(); ++i) {
            ASSERT_EQ(text_of(ring.pop_front()), std::to_string(next_out++));
        }
    }
    while (!ring.empty()) {
        ASSERT_EQ(text_of(ring.pop_front()), std::to_string(next_out++));
    }
    EXPECT_EQ(next_out, next_in);
}

TEST(FrameRing, ADrainedRingKeepsASmallBatchesStorageButNotABacklogs) {
    FrameRing ring;
    push_and_drain(ring, 10);
    const std::uint32_t kept = ring.capacity();
    EXPECT_GE(kept, 10u);
    push_and_drain(ring, 10);
    EXPECT_EQ(ring.capacity(), kept);  // the next batch of the same size allocates nothing

    push_and_drain(ring, static_cast<int>(FrameRing::kept_capacity) * 4);  // a slow consumer
    EXPECT_EQ(ring.capacity(), 0u);
}

TEST(FrameRing, TrimGivesBackAKeptRingOnlyWhenEmpty) {
    FrameRing ring;
    push_and_drain(ring, 10);
    ring.push_back(frame_of("waiting"));
    ring.trim();
    EXPECT_GE(ring.capacity(), 10u);  // not while a frame waits
    EXPECT_EQ(text_of(ring.pop_front()), "waiting");
    ring.trim();
    EXPECT_LE(ring.capacity(), 4u);
}

}  // namespace
}  // namespace wsc::core
