#include "api/bearer_token.h"

#include <gtest/gtest.h>

namespace wsc::api {
namespace {

TEST(BearerToken, MatchesOnlyConfiguredTokens) {
    const std::vector<std::string> tokens = {"first-token", "second-token"};
    EXPECT_TRUE(is_authorized("Bearer first-token", tokens));
    EXPECT_TRUE(is_authorized("Bearer second-token", tokens));
    EXPECT_FALSE(is_authorized("Bearer second-tokeN", tokens));
    EXPECT_FALSE(is_authorized("Bearer second-token ", tokens));
    EXPECT_FALSE(is_authorized("bearer first-token", tokens));
    EXPECT_FALSE(is_authorized("Basic Zmlyc3Q=", tokens));
    EXPECT_FALSE(is_authorized("Bearer ", tokens));
    EXPECT_FALSE(is_authorized("", tokens));
    EXPECT_FALSE(is_authorized("Bearer first-token", {}));
}

}  // namespace
}  // namespace wsc::api
