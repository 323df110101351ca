#include "ws/handshake.h"

#include <gtest/gtest.h>

namespace wsc::ws {
namespace {

HandshakeRequest valid_request() {
    HandshakeRequest r;
    r.method = "GET";
    r.http_version = 11;
    r.upgrade = "websocket";
    r.connection = "keep-alive, Upgrade";
    r.key = "dGhlIHNhbXBsZSBub25jZQ==";
    r.version = "13";
    return r;
}

TEST(Handshake, AcceptKeyMatchesRfc6455Example) {
    // RFC 6455 §1.3.
    EXPECT_EQ(accept_key_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, AcceptsAValidRequestAndWritesThe101) {
    auto accepted = accept_handshake(valid_request(), HandshakeOptions{});
    ASSERT_TRUE(accepted);
    const std::string response = make_handshake_response(*accepted);
    EXPECT_TRUE(response.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
    EXPECT_NE(response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
              std::string::npos);
    EXPECT_EQ(response.find("Sec-WebSocket-Protocol"), std::string::npos);
    EXPECT_TRUE(response.ends_with("\r\n\r\n"));
}

TEST(Handshake, EachViolationHasItsErrorAndStatus) {
    struct Case {
        void (*mutate)(HandshakeRequest&);
        handshake_error expected;
        unsigned status;
    };
    const Case cases[] = {
        {[](HandshakeRequest& r) { r.method = "POST"; }, handshake_error::not_get, 405},
        {[](HandshakeRequest& r) { r.http_version = 10; }, handshake_error::bad_http_version, 400},
        {[](HandshakeRequest& r) { r.upgrade = ""; }, handshake_error::missing_upgrade, 400},
        {[](HandshakeRequest& r) { r.upgrade = "h2c"; }, handshake_error::missing_upgrade, 400},
        {[](HandshakeRequest& r) { r.connection = "keep-alive"; },
         handshake_error::missing_connection_upgrade, 400},
        {[](HandshakeRequest& r) { r.key = ""; }, handshake_error::missing_key, 400},
        {[](HandshakeRequest& r) { r.key = "short=="; }, handshake_error::bad_key, 400},
        {[](HandshakeRequest& r) { r.key = "dGhlIHNhbXBsZSBub25jZR=="; }, handshake_error::bad_key,
         400},
        {[](HandshakeRequest& r) { r.key = "dGhlIHNhbXBsZSBub25j!Q=="; }, handshake_error::bad_key,
         400},
        {[](HandshakeRequest& r) { r.version = ""; }, handshake_error::missing_version, 426},
        {[](HandshakeRequest& r) { r.version = "8"; }, handshake_error::unsupported_version, 426},
    };
    for (const Case& c : cases) {
        HandshakeRequest r = valid_request();
        c.mutate(r);
        auto result = accept_handshake(r, HandshakeOptions{});
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error(), c.expected) << result.error().message();
        EXPECT_EQ(http_status_for(result.error()), c.status);
    }
}

TEST(Handshake, TokensAreCaseInsensitive) {
    HandshakeRequest r = valid_request();
    r.upgrade = "WebSocket";
    r.connection = "UPGRADE";
    EXPECT_TRUE(accept_handshake(r, HandshakeOptions{}));
}

TEST(Handshake, SubprotocolFollowsOurPreference) {
    const std::string ours[] = {"v2.chat", "v1.chat"};
    HandshakeRequest r = valid_request();
    r.protocol = "v1.chat, v2.chat";
    auto accepted = accept_handshake(r, HandshakeOptions{ours, false});
    ASSERT_TRUE(accepted);
    EXPECT_EQ(accepted->subprotocol, "v2.chat");
    EXPECT_NE(make_handshake_response(*accepted).find("Sec-WebSocket-Protocol: v2.chat\r\n"),
              std::string::npos);
    r.protocol = "mqtt";
    EXPECT_EQ(accept_handshake(r, HandshakeOptions{ours, false})->subprotocol, "");
}

TEST(Handshake, DeflateOnlyWhenEnabledAndOffered) {
    HandshakeRequest r = valid_request();
    r.extensions = "permessage-deflate; client_max_window_bits";
    auto on = accept_handshake(r, HandshakeOptions{{}, true});
    EXPECT_TRUE(on->deflate.enabled);
    EXPECT_NE(make_handshake_response(*on).find("Sec-WebSocket-Extensions: permessage-deflate"),
              std::string::npos);
    auto off = accept_handshake(r, HandshakeOptions{{}, false});
    EXPECT_FALSE(off->deflate.enabled);
    EXPECT_EQ(make_handshake_response(*off).find("Extensions"), std::string::npos);
}

}  // namespace
}  // namespace wsc::ws
