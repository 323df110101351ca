#include "net/buffer_pool.h"

#include <gtest/gtest.h>

namespace wsc::net {
namespace {

TEST(BufferPool, ReusesReleasedBuffers) {
    BufferPool pool(4096, 2);
    std::byte* first;
    {
        auto lease = pool.acquire();
        first = lease.span().data();
        EXPECT_EQ(lease.span().size(), 4096u);
    }
    EXPECT_EQ(pool.cached_count(), 1u);
    auto again = pool.acquire();
    EXPECT_EQ(again.span().data(), first);
    EXPECT_EQ(pool.cached_count(), 0u);
}

TEST(BufferPool, NestedLeasesGetDistinctBuffersAndCacheIsBounded) {
    BufferPool pool(64, 1);
    {
        auto a = pool.acquire();
        auto b = pool.acquire();
        EXPECT_NE(a.span().data(), b.span().data());
    }
    EXPECT_EQ(pool.cached_count(), 1u);
}

}  // namespace
}  // namespace wsc::net
