#include "store/memory_stream_store.h"

#include <gtest/gtest.h>

#include <thread>

namespace wsc::store {
namespace {

using namespace std::chrono_literals;

core::StoredMessage add(MemoryStreamStore& store, std::string_view stream, std::int64_t ts) {
    return store.append(stream, ts, [](std::uint64_t seq) { return "m" + std::to_string(seq); });
}

std::vector<std::uint64_t> seqs(const core::StreamRead& read) {
    std::vector<std::uint64_t> out;
    for (const auto& m : read.messages) {
        out.push_back(m.seq);
        EXPECT_EQ(*m.envelope, "m" + std::to_string(m.seq));
    }
    return out;
}

TEST(MemoryStreamStore, NumbersEachStreamFromOne) {
    MemoryStreamStore store({100, 30min});
    EXPECT_EQ(add(store, "user:a", 1).seq, 1u);
    EXPECT_EQ(add(store, "user:a", 2).seq, 2u);
    EXPECT_EQ(add(store, "user:b", 3).seq, 1u);
    EXPECT_EQ(store.last_seq("user:a"), 2u);
    EXPECT_EQ(store.last_seq("user:none"), 0u);
}

TEST(MemoryStreamStore, ReadAfterReturnsTheMissedTail) {
    MemoryStreamStore store({100, 30min});
    for (int i = 0; i < 5; ++i) {
        add(store, "s", 1000);
    }
    auto read = store.read_after("s", 2);
    EXPECT_EQ(seqs(read), (std::vector<std::uint64_t>{3, 4, 5}));
    EXPECT_TRUE(read.recovered);
    EXPECT_EQ(read.last_seq, 5u);
    EXPECT_TRUE(store.read_after("s", 5).messages.empty());
    EXPECT_TRUE(store.read_after("s", 9).recovered);  // a client ahead of us: nothing to do
    EXPECT_TRUE(store.read_after("unknown", 0).recovered);
}

TEST(MemoryStreamStore, CountRetentionReportsTheLostGap) {
    MemoryStreamStore store({3, 30min});
    for (int i = 0; i < 10; ++i) {
        add(store, "s", 1000);
    }
    auto read = store.read_after("s", 4);
    EXPECT_EQ(seqs(read), (std::vector<std::uint64_t>{8, 9, 10}));
    EXPECT_FALSE(read.recovered);
    EXPECT_TRUE(store.read_after("s", 7).recovered);
}

TEST(MemoryStreamStore, AgeRetentionOnAppendAndOnExpire) {
    MemoryStreamStore store({100, 1000ms});
    add(store, "s", 0);
    add(store, "s", 500);
    add(store, "s", 1200);  // drops the first (older than 1 s)
    EXPECT_EQ(seqs(store.read_after("s", 0)), (std::vector<std::uint64_t>{2, 3}));
    store.expire(2400);  // drops everything older than 1400
    auto read = store.read_after("s", 0);
    EXPECT_TRUE(read.messages.empty());
    EXPECT_FALSE(read.recovered);
    EXPECT_EQ(add(store, "s", 2500).seq, 4u);  // numbering continues
}

TEST(MemoryStreamStore, ConcurrentAppendsGetUniqueOrderedSeqs) {
    MemoryStreamStore store({100000, 30min});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) {
                add(store, "hot", 1);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    auto all = seqs(store.read_after("hot", 0));
    ASSERT_EQ(all.size(), 4000u);
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i], i + 1);
    }
}

}  // namespace
}  // namespace wsc::store
