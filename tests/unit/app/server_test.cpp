#include "wsc/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "support/client_frames.h"
#include "support/loopback_client.h"

namespace wsc {
namespace {

using namespace std::chrono_literals;

/// Reads text frames from a raw client until one contains `needle`.
std::string frame_containing(test::LoopbackClient& client, std::string& buffer,
                             std::string_view needle) {
    for (int i = 0; i < 200; ++i) {
        while (auto frame = test::parse_server_frame(buffer)) {
            buffer.erase(0, frame->wire_bytes);
            if (frame->payload.find(needle) != std::string::npos) {
                return frame->payload;
            }
        }
        const std::size_t before = client.received().size();
        if (!client.read_once()) {
            return {};
        }
        buffer += client.received().substr(before);
    }
    return {};
}

TEST(LibraryApi, CallbacksSendsQueriesAndDisconnect) {
    std::mutex mutex;
    std::vector<std::string> events;
    Callbacks callbacks;
    callbacks.on_authenticate = [](const AuthRequest& request) -> std::optional<std::string> {
        std::string_view user = request.header("X-User");
        return user.empty() ? std::nullopt : std::optional<std::string>(user);
    };
    callbacks.on_user_info = [](const AuthRequest& request) {
        return std::map<std::string, std::string>{
            {"device", std::string(request.header("X-Device"))}};
    };
    callbacks.on_connect = [&](const ConnectionInfo& c) {
        std::lock_guard lock(mutex);
        events.push_back("connect " + c.user_id);
    };
    callbacks.on_disconnect = [&](const ConnectionInfo& c, int code) {
        std::lock_guard lock(mutex);
        events.push_back("disconnect " + c.user_id + " " + std::to_string(code));
    };
    callbacks.on_message = [&](const ConnectionInfo& c, std::string_view type, std::string_view) {
        std::lock_guard lock(mutex);
        events.push_back("message " + c.user_id + " " + std::string(type));
        return type == "custom";
    };
    Server server({.settings = {{"host", "127.0.0.1"}, {"port", "0"}, {"log.level", "warn"}},
                   .use_environment = false,
                   .configure_logging = false},
                  std::move(callbacks));
    const std::uint16_t port = server.start();

    // Without the header the app's authenticator refuses: 401.
    test::LoopbackClient refused(port);
    refused.write(test::handshake_request("/ws"));
    EXPECT_TRUE(refused.read_until("\r\n\r\n").starts_with("HTTP/1.1 401"));

    test::LoopbackClient client(port);
    client.write(test::handshake_request("/ws", "X-User: alice\r\nX-Device: phone\r\n"));
    ASSERT_TRUE(client.read_until("\r\n\r\n").starts_with("HTTP/1.1 101"));
    std::string buffer = client.received().substr(client.received().find("\r\n\r\n") + 4);
    ASSERT_NE(frame_containing(client, buffer, "\"connected\""), "");

    SendResult sent = server.send_to_user("alice", {.type = "hello", .data_json = R"({"n":1})"});
    EXPECT_EQ(sent.delivered_to, 1u);
    ASSERT_EQ(sent.seq.size(), 1u);
    EXPECT_EQ(sent.seq[0], (std::pair<std::string, std::uint64_t>{"user:alice", 1}));
    EXPECT_NE(frame_containing(client, buffer, R"("type":"hello","data":{"n":1})"), "");
    EXPECT_EQ(server.broadcast({.type = "all-hands"}).delivered_to, 1u);
    EXPECT_NE(frame_containing(client, buffer, "all-hands"), "");

    EXPECT_EQ(server.online_users(), std::vector<std::string>{"alice"});
    auto connections = server.user_connections("alice");
    ASSERT_EQ(connections.size(), 1u);
    EXPECT_EQ(connections[0].remote_address, "127.0.0.1");
    EXPECT_EQ(connections[0].metadata.at("device"), "phone");
    EXPECT_EQ(server.stats().users, 1u);

    client.write(test::client_frame(R"({"type":"custom","x":1})"));
    client.write(test::client_frame(R"({"type":"other"})"));
    EXPECT_NE(frame_containing(client, buffer, "unknown_type"), "");  // only "other" refused

    EXPECT_EQ(server.disconnect("alice", {}, 4501, "bye"), 1u);
    auto close = frame_containing(client, buffer, "bye");
    ASSERT_GE(close.size(), 2u);
    EXPECT_EQ((static_cast<unsigned char>(close[0]) << 8) | static_cast<unsigned char>(close[1]),
              4501);
    client.write(test::client_close(4501));
    client.read_to_end();
    client.socket().close();  // our EOF ends the server's lingering close at once
    for (int i = 0; i < 100 && server.stats().users != 0; ++i) {
        std::this_thread::sleep_for(10ms);
    }
    server.shutdown();
    std::lock_guard lock(mutex);
    EXPECT_EQ(events, (std::vector<std::string>{"connect alice", "message alice custom",
                                                "message alice other", "disconnect alice 4501"}));
}

}  // namespace
}  // namespace wsc
