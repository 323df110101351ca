#include "core/authenticator.h"

#include <gtest/gtest.h>

namespace wsc::core {
namespace {

TEST(QueryParameter, FindsDecodesAndRejects) {
    EXPECT_EQ(query_parameter("/ws?user_id=alice", "user_id"), "alice");
    EXPECT_EQ(query_parameter("/ws?a=1&user_id=b%40c.d&z", "user_id"), "b@c.d");
    EXPECT_EQ(query_parameter("/ws?user_id=", "user_id"), "");
    EXPECT_EQ(query_parameter("/ws?user_id", "user_id"), "");
    EXPECT_EQ(query_parameter("/ws", "user_id"), std::nullopt);
    EXPECT_EQ(query_parameter("/ws?user_idx=1", "user_id"), std::nullopt);
    EXPECT_EQ(query_parameter("/ws?user_id=%zz", "user_id"), std::nullopt);
    EXPECT_EQ(query_parameter("/ws?user_id=%4", "user_id"), std::nullopt);
}

TEST(QueryParameterAuthenticator, AcceptsValidIdsOnly) {
    QueryParameterAuthenticator auth;
    auto ok = auth.authenticate({"/ws?user_id=user-42:eu@x.y_z", {}, "127.0.0.1"});
    EXPECT_FALSE(ok.failure);
    EXPECT_EQ(ok.user_id, "user-42:eu@x.y_z");
    for (const char* target :
         {"/ws", "/ws?user_id=", "/ws?user_id=a%20b", "/ws?user_id=%F0%9F%98%80"}) {
        auto refused = auth.authenticate({target, {}, ""});
        ASSERT_TRUE(refused.failure) << target;
        EXPECT_EQ(refused.failure->status, 401u);
    }
    EXPECT_TRUE(auth.authenticate({"/ws?user_id=" + std::string(129, 'a'), {}, ""}).failure);
}

}  // namespace
}  // namespace wsc::core
