#include "http/http_connection.h"

#include <gtest/gtest.h>

#include <future>

#include "net/listener.h"
#include "net/worker.h"
#include "support/loopback_client.h"

namespace wsc::http {
namespace {

using namespace std::chrono_literals;
using test::LoopbackClient;

/// One live worker with an HTTP listener on 127.0.0.1, port 0.
class HttpConnectionTest : public ::testing::Test {
protected:
    void SetUp() override {
        settings.max_header_bytes = 1024;
        settings.max_body_bytes = 64;
        settings.request_timeout = 1s;
        settings.linger_timeout = 1s;
        router.add(Verb::get, "/hello", [](const Request& r) {
            return make_response(Status::ok, "hello " + std::string(r.target()));
        });
        router.add(Verb::post, "/echo",
                   [](const Request& r) { return make_response(Status::ok, r.body()); });
        listener = std::make_unique<net::Listener>(
            worker, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
            [this](net::Socket socket) {
                worker.adopt(std::make_unique<HttpConnection>(worker, std::move(socket), router,
                                                              settings, stats));
            });
        port = listener->open();
        worker.post([this] { listener->start(); });
        worker.start();
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

    net::Worker worker{0, 16 * 1024};
    Router router;
    HttpSettings settings;
    HttpStats stats;
    std::unique_ptr<net::Listener> listener;
    std::uint16_t port = 0;
};

TEST_F(HttpConnectionTest, KeepAliveAndPipelinedRequestsAnswerInOrder) {
    LoopbackClient client(port);
    client.write(
        "GET /hello?a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?b HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string got = client.read_until("hello /hello?b");
    auto first = got.find("hello /hello?a");
    auto second = got.find("hello /hello?b");
    ASSERT_NE(first, std::string::npos);
    ASSERT_NE(second, std::string::npos);
    EXPECT_LT(first, second);
    // Still open: a third request on the same connection works.
    client.write("GET /hello?c HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_NE(client.read_until("hello /hello?c").find("hello /hello?c"), std::string::npos);
    EXPECT_FALSE(client.is_eof());
}

TEST_F(HttpConnectionTest, RequestSplitAcrossWritesIsReassembled) {
    LoopbackClient client(port);
    client.write("GET /hel");
    std::this_thread::sleep_for(50ms);
    client.write("lo HTTP/1.1\r\nHo");
    std::this_thread::sleep_for(50ms);
    client.write("st: x\r\n\r\n");
    EXPECT_NE(client.read_until("hello /hello").find("200 OK"), std::string::npos);
}

TEST_F(HttpConnectionTest, MalformedRequestGets400AndClose) {
    LoopbackClient client(port);
    client.write("THIS IS NOT HTTP\r\n\r\n");
    std::string got = client.read_to_end();
    EXPECT_TRUE(got.starts_with("HTTP/1.1 400"));
    EXPECT_TRUE(client.is_eof());
    EXPECT_EQ(stats.bad_requests.value(), 1u);
}

TEST_F(HttpConnectionTest, OversizedHeadersGet431) {
    LoopbackClient client(port);
    client.write("GET /hello HTTP/1.1\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
    EXPECT_TRUE(client.read_to_end().starts_with("HTTP/1.1 431"));
    EXPECT_TRUE(client.is_eof());
}

TEST_F(HttpConnectionTest, OversizedBodyGets413) {
    LoopbackClient client(port);
    client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" +
                 std::string(100, 'b'));
    EXPECT_TRUE(client.read_to_end().starts_with("HTTP/1.1 413"));
}

TEST_F(HttpConnectionTest, BodyWithinLimitIsServed) {
    LoopbackClient client(port);
    client.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde");
    EXPECT_NE(client.read_until("abcde").find("\r\n\r\nabcde"), std::string::npos);
}

TEST_F(HttpConnectionTest, UnknownPathIs404) {
    LoopbackClient client(port);
    client.write("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(client.read_until("}}").starts_with("HTTP/1.1 404"));
}

TEST_F(HttpConnectionTest, ConnectionCloseIsHonoured) {
    LoopbackClient client(port);
    client.write("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    client.read_to_end();
    EXPECT_TRUE(client.is_eof());
    EXPECT_NE(client.received().find("hello /hello"), std::string::npos);
}

TEST_F(HttpConnectionTest, SlowlorisGets408AndIsClosedWithinTheTimeout) {
    LoopbackClient client(port);
    const auto start = std::chrono::steady_clock::now();
    client.write("GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finishes the headers
    std::string got = client.read_to_end();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(got.starts_with("HTTP/1.1 408"));
    EXPECT_TRUE(client.is_eof());
    EXPECT_LT(elapsed, 3s);
    EXPECT_EQ(stats.request_timeouts.value(), 1u);
}

TEST_F(HttpConnectionTest, SilentConnectionIsClosed) {
    LoopbackClient client(port);
    EXPECT_EQ(client.read_to_end(), "");
    EXPECT_TRUE(client.is_eof());
}

TEST_F(HttpConnectionTest, WorkerStaysResponsiveWhileAClientMisbehaves) {
    LoopbackClient slow(port);
    slow.write("GET /hello HTTP/1.1\r\n");
    LoopbackClient good(port);
    good.write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_NE(good.read_until("hello /hello").find("200 OK"), std::string::npos);
}

}  // namespace
}  // namespace wsc::http
