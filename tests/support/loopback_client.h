#pragma once
/// A blocking TCP client for tests: connects to 127.0.0.1, writes raw bytes and reads with a
/// receive timeout, so a test against a live worker can never hang.

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <cstdint>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace wsc::test {

class LoopbackClient {
public:
    explicit LoopbackClient(std::uint16_t port,
                            std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
        : socket_(context_) {
        socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        timeval tv{static_cast<time_t>(timeout.count() / 1000),
                   static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }

    void write(std::string_view bytes) {
        boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size()));
    }

    /// Reads until `needle` appears in everything read so far, EOF, or the timeout.
    std::string read_until(std::string_view needle) {
        while (received_.find(needle) == std::string::npos && read_once()) {
        }
        return received_;
    }
    /// Reads until EOF or timeout; `is_eof()` tells which.
    std::string read_to_end() {
        while (read_once()) {
        }
        return received_;
    }
    /// One read: appends what arrived; false on EOF or timeout.
    bool read_once() {
        char buffer[4096];
        boost::system::error_code ec;
        std::size_t n = socket_.read_some(boost::asio::buffer(buffer), ec);
        if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) {
            is_eof_ = true;
            return false;
        }
        if (ec) {
            return false;  // timeout (EAGAIN) or other error
        }
        received_.append(buffer, n);
        return true;
    }
    [[nodiscard]] bool is_eof() const noexcept { return is_eof_; }
    [[nodiscard]] const std::string& received() const noexcept { return received_; }
    boost::asio::ip::tcp::socket& socket() noexcept { return socket_; }

private:
    boost::asio::io_context context_;
    boost::asio::ip::tcp::socket socket_;
    std::string received_;
    bool is_eof_ = false;
};

}  // namespace wsc::test
