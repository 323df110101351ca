#include "core/user_directory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace wsc::core {
namespace {

TEST(UserDirectory, TracksWorkersAndCountsPerUser) {
    UserDirectory directory(4, 0);
    EXPECT_TRUE(directory.add("alice", 1));
    EXPECT_TRUE(directory.add("alice", 3));
    EXPECT_TRUE(directory.add("alice", 3));
    EXPECT_TRUE(directory.add("bob", 0));
    EXPECT_EQ(directory.route("alice").workers, (std::vector<std::uint32_t>{1, 3}));
    EXPECT_EQ(directory.route("alice").connections, 3u);
    EXPECT_EQ(directory.user_count(), 2u);
    EXPECT_EQ(directory.connection_total(), 4u);
    directory.remove("alice", 3);
    EXPECT_EQ(directory.route("alice").workers, (std::vector<std::uint32_t>{1, 3}));
    directory.remove("alice", 3);
    directory.remove("alice", 1);
    EXPECT_TRUE(directory.route("alice").workers.empty());
    EXPECT_EQ(directory.user_count(), 1u);
    directory.remove("alice", 1);  // unknown: ignored
    EXPECT_EQ(directory.connection_total(), 1u);
}

TEST(UserDirectory, PerUserLimitIsEnforced) {
    UserDirectory directory(2, 2);
    EXPECT_TRUE(directory.add("u", 0));
    EXPECT_TRUE(directory.add("u", 1));
    EXPECT_FALSE(directory.add("u", 0));
    EXPECT_EQ(directory.route("u").connections, 2u);
    directory.remove("u", 0);
    EXPECT_TRUE(directory.add("u", 1));
}

TEST(UserDirectory, LimitHoldsUnderConcurrentAdds) {
    UserDirectory directory(4, 5);
    std::atomic<int> accepted{0};
    std::vector<std::thread> threads;
    for (std::uint32_t w = 0; w < 4; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < 100; ++i) {
                if (directory.add("shared", w)) {
                    ++accepted;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(accepted.load(), 5);
    EXPECT_EQ(directory.route("shared").connections, 5u);
}

TEST(UserDirectory, PagesAreOrderedAndCursorBased) {
    UserDirectory directory(1, 0);
    for (int i = 0; i < 25; ++i) {
        directory.add("user" + std::to_string(100 + i), 0);
    }
    std::vector<std::string> all;
    std::string cursor;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = directory.users_after(cursor, 10);
        all.insert(all.end(), page.begin(), page.end());
        if (page.size() < 10) {
            break;
        }
        cursor = page.back();
    }
    ASSERT_EQ(all.size(), 25u);
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
    EXPECT_EQ(all.front(), "user100");
    EXPECT_EQ(all.back(), "user124");
}

}  // namespace
}  // namespace wsc::core
