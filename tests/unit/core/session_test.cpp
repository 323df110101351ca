#include "core/session.h"

#include <gtest/gtest.h>

#include <future>

#include "core/hub.h"
#include "net/listener.h"
#include "net/worker.h"
#include "support/client_frames.h"
#include "support/loopback_client.h"

namespace wsc::core {
namespace {

using namespace std::chrono_literals;
using test::client_close;
using test::client_frame;
using test::ClientFrameSpec;
using test::LoopbackClient;
using test::parse_server_frame;
using test::ServerFrame;

/// A live worker whose listener hands every accepted socket straight to the Hub with a valid
/// handshake, so sessions are tested without the HTTP layer.
class SessionTest : public ::testing::Test {
protected:
    void start(HubOptions options = default_options()) {
        hub = std::make_unique<Hub>(std::move(options), 1);
        listener = std::make_unique<net::Listener>(
            worker, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
            [this](net::Socket socket) {
                ws::HandshakeRequest request;
                request.method = "GET";
                request.http_version = 11;
                request.upgrade = "websocket";
                request.connection = "Upgrade";
                request.key = "dGhlIHNhbXBsZSBub25jZQ==";
                request.version = "13";
                auto early = std::as_bytes(std::span(early_bytes.data(), early_bytes.size()));
                if (auto refusal = hub->accept(worker, socket, request, early, echo)) {
                    last_refusal_status.store(refusal->status);
                }
            });
        port = listener->open();
        worker.post([this] { listener->start(); });
        worker.start();
    }
    static HubOptions default_options() {
        HubOptions options;
        options.session.heartbeat_interval = 500ms;
        options.session.heartbeat_timeout = 1500ms;
        options.session.close_timeout = 1s;
        options.session.compression_enabled = false;
        return options;
    }
    void TearDown() override {
        std::promise<void> done;
        worker.post([&] {
            listener->stop();
            done.set_value();
        });
        done.get_future().wait();
        worker.stop();
        worker.join();
    }
    /// Connects and consumes the 101 response.
    std::unique_ptr<LoopbackClient> connect() {
        auto client = std::make_unique<LoopbackClient>(port);
        std::string response = client->read_until("\r\n\r\n");
        EXPECT_TRUE(response.starts_with("HTTP/1.1 101")) << response;
        buffer = response.substr(response.find("\r\n\r\n") + 4);
        return client;
    }
    /// The next server frame (reads more as needed), or nullopt on EOF/timeout.
    std::optional<ServerFrame> next_frame(LoopbackClient& client) {
        for (int i = 0; i < 100; ++i) {
            if (auto frame = parse_server_frame(buffer)) {
                buffer.erase(0, frame->wire_bytes);
                return frame;
            }
            const std::size_t before = client.received().size();
            if (!client.read_once()) {
                return std::nullopt;
            }
            buffer += client.received().substr(before);
        }
        return std::nullopt;
    }

    net::Worker worker{0, 16 * 1024};
    std::unique_ptr<Hub> hub;
    std::unique_ptr<net::Listener> listener;
    EchoHandler echo;
    std::string early_bytes;
    std::atomic<unsigned> last_refusal_status{0};
    std::uint16_t port = 0;
    std::string buffer;
};

TEST_F(SessionTest, EchoesTextAndBinary) {
    start();
    auto client = connect();
    client->write(client_frame("hello"));
    client->write(client_frame(std::string("\x00\x01\x02", 3), ClientFrameSpec{.opcode = 0x2}));
    auto text = next_frame(*client);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->opcode, 0x1);
    EXPECT_EQ(text->payload, "hello");
    auto binary = next_frame(*client);
    ASSERT_TRUE(binary);
    EXPECT_EQ(binary->opcode, 0x2);
    EXPECT_EQ(binary->payload, std::string("\x00\x01\x02", 3));
}

TEST_F(SessionTest, FramesSentRightBehindTheHandshakeAreServed) {
    early_bytes = client_frame("early");
    start();
    auto client = connect();
    auto frame = next_frame(*client);
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->payload, "early");
}

TEST_F(SessionTest, PingsEveryIntervalAndClosesASilentPeer) {
    start();
    auto client = connect();
    const auto started = std::chrono::steady_clock::now();
    int pings = 0;
    std::optional<ServerFrame> frame;
    while ((frame = next_frame(*client)) && frame->opcode == 0x9) {
        ++pings;
    }
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, 0x8);
    EXPECT_EQ(frame->close_code(), 4004);  // heartbeat timeout: reconnect with backoff
    EXPECT_GE(pings, 1);
    client->read_to_end();
    EXPECT_TRUE(client->is_eof());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    EXPECT_EQ(hub->stats(0).heartbeat_timeouts.value(), 1u);
}

TEST_F(SessionTest, APeerThatAnswersPingsStaysConnected) {
    start();
    auto client = connect();
    const auto until = std::chrono::steady_clock::now() + 2500ms;
    while (std::chrono::steady_clock::now() < until) {
        auto frame = next_frame(*client);
        ASSERT_TRUE(frame);
        ASSERT_EQ(frame->opcode, 0x9) << "connection closed although the peer answers";
        client->write(client_frame(frame->payload, ClientFrameSpec{.opcode = 0xA}));
    }
    EXPECT_EQ(hub->stats(0).heartbeat_timeouts.value(), 0u);
}

TEST_F(SessionTest, PeerCloseIsEchoedThenTcpCloses) {
    start();
    auto client = connect();
    client->write(client_close(4000, "bye"));
    auto frame = next_frame(*client);
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, 0x8);
    EXPECT_EQ(frame->close_code(), 4000);
    client->read_to_end();
    EXPECT_TRUE(client->is_eof());
}

TEST_F(SessionTest, ProtocolErrorClosesWith1002WithinBoundedTime) {
    start();
    auto client = connect();
    const auto started = std::chrono::steady_clock::now();
    client->write(client_frame("x", ClientFrameSpec{.masked = false}));  // RFC 6455 §5.1
    auto frame = next_frame(*client);
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, 0x8);
    EXPECT_EQ(frame->close_code(), 1002);
    client->read_to_end();
    EXPECT_TRUE(client->is_eof());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
    EXPECT_EQ(hub->stats(0).protocol_errors.value(), 1u);
}

TEST_F(SessionTest, ShutdownSendsGoingAwayAfterQueuedFrames) {
    start();
    auto client = connect();
    client->write(client_frame("last words"));
    auto echoed = next_frame(*client);
    ASSERT_TRUE(echoed);
    worker.post(
        [this] { worker.for_each_connection([](net::Connection& c) { c.begin_shutdown(); }); });
    auto frame = next_frame(*client);
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, 0x8);
    EXPECT_EQ(frame->close_code(), 4001);  // server draining: reconnect with backoff
    client->write(client_close(4001));
    client->read_to_end();
    EXPECT_TRUE(client->is_eof());
}

TEST_F(SessionTest, MaxConnectionsRefusesWith503) {
    HubOptions options = default_options();
    options.max_connections = 1;
    start(options);
    auto first = connect();
    LoopbackClient second(port, 1s);
    second.read_to_end();  // the test's accept handler does not answer refusals: it records them
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(last_refusal_status.load(), 503u);
    EXPECT_EQ(hub->session_count(), 1u);
    EXPECT_EQ(
        hub->stats(0).handshake_failures[static_cast<int>(HandshakeFailure::over_capacity)].value(),
        1u);
}

}  // namespace
}  // namespace wsc::core
