#include "ws_client.h"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "clock.h"

namespace wscbench {

namespace {
constexpr std::size_t initial_buffer = 4096;
constexpr std::uint8_t op_continuation = 0x0, op_text = 0x1, op_binary = 0x2, op_close = 0x8,
                       op_ping = 0x9;
}  // namespace

WsClient::WsClient(asio::io_context& io, WsClientEvents& events, std::size_t index)
    : socket_(io),
      events_(events),
      index_(index),
      mask_state_(static_cast<std::uint32_t>(index * 2654435761u) | 1u) {}

void WsClient::connect(const asio::ip::tcp::endpoint& server, const asio::ip::address& source,
                       std::string host_header, std::string target) {
    // A client may connect again after it closed (reconnect storms): handlers of the previous
    // connection that are still pending see another generation and do nothing.
    ++generation_;
    state_ = State::connecting;
    connect_started_ns_ = monotonic_ns();
    in_used_ = 0;
    is_closed_by_server_ = false;
    fragments_.clear();
    out_.clear();
    is_writing_ = false;
    boost::system::error_code ec;
    socket_.open(server.protocol(), ec);
    if (!ec && !source.is_unspecified()) {
        // Choose the port at connect() time, per (source, destination): without this, bind()
        // reserves a port per source address and 64k connections exhaust them.
        const int on = 1;
        ::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
        socket_.bind(asio::ip::tcp::endpoint(source, 0), ec);
    }
    if (ec) {
        finish("socket: " + ec.message());
        return;
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    out_ = "GET " + target + " HTTP/1.1\r\nHost: " + host_header +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket_.async_connect(server,
                          [this, generation = generation_](const boost::system::error_code& error) {
                              if (generation != generation_) {
                                  return;
                              }
                              if (error) {
                                  finish("connect: " + error.message());
                                  return;
                              }
                              state_ = State::handshaking;
                              in_.resize(initial_buffer);
                              flush();
                              read_more();
                          });
}

void WsClient::read_more() {
    if (in_used_ == in_.size()) {
        in_.resize(in_.size() * 2);
    }
    socket_.async_read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_),
                            [this, generation = generation_](const boost::system::error_code& error,
                                                             std::size_t bytes) {
                                if (generation != generation_) {
                                    return;
                                }
                                if (error) {
                                    finish(state_ == State::closing && error == asio::error::eof
                                               ? ""
                                               : "read: " + error.message());
                                    return;
                                }
                                on_read(bytes);
                            });
}

void WsClient::on_read(std::size_t bytes) {
    in_used_ += bytes;
    if (state_ == State::handshaking && !parse_handshake()) {
        return;
    }
    if (state_ == State::open || state_ == State::closing) {
        if (!parse_frames()) {
            return;
        }
    }
    if (state_ != State::closed) {
        read_more();
    }
}

bool WsClient::parse_handshake() {
    const std::string_view received(in_.data(), in_used_);
    const std::size_t end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (in_used_ > 16 * 1024) {
            finish("handshake: response headers too large");
            return false;
        }
        return true;  // read more
    }
    if (!received.starts_with("HTTP/1.1 101")) {
        const std::size_t line_end = received.find("\r\n");
        finish("handshake: " + std::string(received.substr(0, line_end)));
        return false;
    }
    const std::size_t consumed = end + 4;
    std::memmove(in_.data(), in_.data() + consumed, in_used_ - consumed);
    in_used_ -= consumed;
    state_ = State::open;
    events_.on_open(*this, monotonic_ns() - connect_started_ns_);
    return state_ != State::closed;
}

bool WsClient::parse_frames() {
    std::size_t pos = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(in_.data());
    while (in_used_ - pos >= 2) {
        const bool fin = (data[pos] & 0x80) != 0;
        const std::uint8_t opcode = data[pos] & 0x0f;
        if ((data[pos + 1] & 0x80) != 0) {
            finish("protocol: the server masked a frame");
            return false;
        }
        std::uint64_t length = data[pos + 1] & 0x7f;
        std::size_t header = 2;
        if (length == 126) {
            header = 4;
            if (in_used_ - pos < header) {
                break;
            }
            length = (std::uint64_t{data[pos + 2]} << 8) | data[pos + 3];
        } else if (length == 127) {
            header = 10;
            if (in_used_ - pos < header) {
                break;
            }
            length = 0;
            for (int i = 0; i < 8; ++i) {
                length = (length << 8) | data[pos + 2 + i];
            }
        }
        if (length > 64 * 1024 * 1024) {
            finish("protocol: frame over 64 MiB");
            return false;
        }
        if (in_used_ - pos < header + length) {
            if (header + length > in_.size()) {
                in_.resize(header + length);  // room for the whole frame, once moved to front
                data = reinterpret_cast<const unsigned char*>(in_.data());
            }
            break;
        }
        const std::string_view payload(in_.data() + pos + header, length);
        pos += header + length;
        if (opcode == op_ping) {
            queue_frame(0xA, payload);
            flush();
        } else if (opcode == op_close) {
            if (state_ == State::open) {
                queue_frame(op_close, payload.substr(0, 2));  // echo the status code
                flush();
                state_ = State::closing;
                is_closed_by_server_ = true;
            }
        } else if (opcode == op_text || opcode == op_binary || opcode == op_continuation) {
            if (opcode != op_continuation && fin && fragments_.empty()) {
                events_.on_message(*this, payload);
            } else {
                fragments_.append(payload);
                if (fin) {
                    events_.on_message(*this, fragments_);
                    fragments_.clear();
                }
            }
        }
        if (state_ == State::closed) {
            return false;
        }
    }
    std::memmove(in_.data(), in_.data() + pos, in_used_ - pos);
    in_used_ -= pos;
    if (in_used_ == 0 && in_.size() > initial_buffer) {
        in_.resize(initial_buffer);
        in_.shrink_to_fit();
    }
    return true;
}

void WsClient::queue_frame(std::uint8_t opcode, std::string_view payload) {
    out_ += static_cast<char>(0x80 | opcode);
    const std::size_t n = payload.size();
    if (n < 126) {
        out_ += static_cast<char>(0x80 | n);
    } else if (n <= 0xffff) {
        out_ += static_cast<char>(0x80 | 126);
        out_ += static_cast<char>(n >> 8);
        out_ += static_cast<char>(n & 0xff);
    } else {
        out_ += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out_ += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff);
        }
    }
    mask_state_ ^= mask_state_ << 13;
    mask_state_ ^= mask_state_ >> 17;
    mask_state_ ^= mask_state_ << 5;
    char key[4];
    std::memcpy(key, &mask_state_, 4);
    out_.append(key, 4);
    const std::size_t start = out_.size();
    out_.append(payload);
    for (std::size_t i = 0; i < n; ++i) {
        out_[start + i] = static_cast<char>(out_[start + i] ^ key[i & 3]);
    }
}

void WsClient::send_text(std::string_view payload) {
    if (state_ != State::open) {
        return;
    }
    queue_frame(op_text, payload);
    flush();
}

void WsClient::close() {
    if (state_ != State::open) {
        return;
    }
    queue_frame(op_close, std::string_view("\x03\xe8", 2));
    flush();
    state_ = State::closing;
}

void WsClient::abort() {
    finish("");
}

void WsClient::flush() {
    if (is_writing_ || out_.empty() || state_ == State::closed) {
        return;
    }
    writing_.swap(out_);
    out_.clear();
    is_writing_ = true;
    asio::async_write(
        socket_, asio::buffer(writing_),
        [this, generation = generation_](const boost::system::error_code& error, std::size_t) {
            if (generation != generation_) {
                return;
            }
            is_writing_ = false;
            if (error) {
                finish("write: " + error.message());
                return;
            }
            writing_.clear();
            flush();
        });
}

void WsClient::finish(std::string_view reason) {
    if (state_ == State::closed) {
        return;
    }
    const bool was_open = state_ == State::open || state_ == State::closing;
    state_ = State::closed;
    boost::system::error_code ec;
    socket_.close(ec);
    in_.clear();
    in_.shrink_to_fit();
    events_.on_closed(*this, was_open, reason);
}

}  // namespace wscbench
