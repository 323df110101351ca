#include "base/shared_bytes.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace wsc::base {
namespace {

std::string text_of(const SharedBytes& b) {
    return std::string(reinterpret_cast<const char*>(b.bytes().data()), b.size());
}

TEST(SharedBytes, CopiesShareOneBufferAndCountOwners) {
    SharedBytes a = SharedBytes::copy_of(std::string_view("frame"));
    EXPECT_EQ(a.use_count(), 1u);
    SharedBytes b = a;
    SharedBytes c = b;
    EXPECT_EQ(a.use_count(), 3u);
    EXPECT_EQ(a.bytes().data(), c.bytes().data());
    c = SharedBytes();
    EXPECT_EQ(a.use_count(), 2u);
    EXPECT_EQ(text_of(b), "frame");
}

TEST(SharedBytes, MoveLeavesSourceEmpty) {
    SharedBytes a = SharedBytes::copy_of(std::string_view("x"));
    SharedBytes b = std::move(a);
    EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_TRUE(b);
    EXPECT_EQ(b.use_count(), 1u);
}

TEST(SharedBytes, CreateFillsOnce) {
    int calls = 0;
    SharedBytes b = SharedBytes::create(3, [&](std::span<std::byte> out) {
        ++calls;
        out[0] = std::byte{'a'};
        out[1] = std::byte{'b'};
        out[2] = std::byte{'c'};
    });
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(text_of(b), "abc");
}

TEST(SharedBytes, EmptyBufferIsValid) {
    SharedBytes b = SharedBytes::copy_of(std::string_view(""));
    EXPECT_TRUE(b);
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(SharedBytes().size(), 0u);
}

}  // namespace
}  // namespace wsc::base

namespace wsc::base {
namespace {

TEST(SharedBytes, ViewsHoldOneForeignReferencePerWorker) {
    auto owner = std::make_shared<const std::string>("built on another thread");
    auto bytes = std::as_bytes(std::span(owner->data(), owner->size()));
    SharedBytes view = SharedBytes::view_of(owner, bytes);
    EXPECT_EQ(owner.use_count(), 2);
    {
        std::vector<SharedBytes> recipients(100, view);  // local copies: no atomic traffic
        EXPECT_EQ(owner.use_count(), 2);
        EXPECT_EQ(view.use_count(), 101u);
    }
    EXPECT_EQ(text_of(view), "built on another thread");
    EXPECT_EQ(view.bytes().data(), bytes.data());
    view = SharedBytes();
    EXPECT_EQ(owner.use_count(), 1);
}

}  // namespace
}  // namespace wsc::base
