#include "http_pipeline.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include <boost/asio/write.hpp>

namespace wscbench {

HttpPipeline::HttpPipeline(asio::io_context& io, OnResponse on_response)
    : socket_(io), on_response_(std::move(on_response)) {}

void HttpPipeline::connect(const asio::ip::tcp::endpoint& server,
                           std::function<void(std::string)> done) {
    socket_.async_connect(server,
                          [this, done = std::move(done)](const boost::system::error_code& error) {
                              if (error) {
                                  done("connect: " + error.message());
                                  return;
                              }
                              socket_.set_option(asio::ip::tcp::no_delay(true));
                              is_connected_ = true;
                              in_.resize(64 * 1024);
                              read_more();
                              flush();
                              done({});
                          });
}

void HttpPipeline::send(std::string_view request) {
    out_.append(request);
    ++outstanding_;
    flush();
}

void HttpPipeline::flush() {
    if (!is_connected_ || is_writing_ || out_.empty()) {
        return;
    }
    writing_.swap(out_);
    out_.clear();
    is_writing_ = true;
    asio::async_write(socket_, asio::buffer(writing_),
                      [this](const boost::system::error_code& error, std::size_t) {
                          is_writing_ = false;
                          if (error) {
                              fail("write: " + error.message());
                              return;
                          }
                          writing_.clear();
                          flush();
                      });
}

void HttpPipeline::read_more() {
    if (in_used_ == in_.size()) {
        in_.resize(in_.size() * 2);
    }
    socket_.async_read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_),
                            [this](const boost::system::error_code& error, std::size_t bytes) {
                                if (error) {
                                    fail("read: " + error.message());
                                    return;
                                }
                                in_used_ += bytes;
                                parse();
                                if (is_connected_) {
                                    read_more();
                                }
                            });
}

namespace {
/// Content-Length of a response head, or -1.
long long content_length(std::string_view head) {
    static constexpr std::string_view name = "content-length:";
    for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;
         pos = head.find("\r\n", pos + 2)) {
        std::string_view line = head.substr(pos + 2, name.size());
        if (line.size() == name.size() &&
            std::equal(line.begin(), line.end(), name.begin(),
                       [](char a, char b) { return std::tolower(a) == b; })) {
            std::string_view value = head.substr(pos + 2 + name.size());
            while (!value.empty() && value.front() == ' ') {
                value.remove_prefix(1);
            }
            long long n = -1;
            std::from_chars(value.data(), value.data() + value.size(), n);
            return n;
        }
    }
    return -1;
}
}  // namespace

void HttpPipeline::parse() {
    std::size_t pos = 0;
    while (is_connected_) {
        const std::string_view rest(in_.data() + pos, in_used_ - pos);
        const std::size_t head_end = rest.find("\r\n\r\n");
        if (head_end == std::string_view::npos) {
            break;
        }
        const std::string_view head = rest.substr(0, head_end + 2);
        const long long length = content_length(head);
        if (length < 0) {
            fail("a response without Content-Length");
            return;
        }
        if (rest.size() < head_end + 4 + static_cast<std::size_t>(length)) {
            break;
        }
        unsigned status = 0;
        if (head.size() > 12) {
            std::from_chars(head.data() + 9, head.data() + 12, status);
        }
        --outstanding_;
        on_response_(status, rest.substr(head_end + 4, static_cast<std::size_t>(length)));
        pos += head_end + 4 + static_cast<std::size_t>(length);
    }
    std::memmove(in_.data(), in_.data() + pos, in_used_ - pos);
    in_used_ -= pos;
}

void HttpPipeline::fail(const std::string& why) {
    if (!is_connected_) {
        return;
    }
    is_connected_ = false;
    boost::system::error_code ec;
    socket_.close(ec);
    on_response_(0, why);
}

}  // namespace wscbench
