#include "http/http_connection.h"

#include <boost/beast/http/error.hpp>

#include "base/log.h"
#include "net/worker.h"

namespace wsc::http {

namespace {
// Reads per readiness event before yielding to other connections on the worker.
constexpr int max_reads_per_event = 4;
// Pipelined responses the client is not reading: stop parsing until they drain.
constexpr std::size_t max_pending_output_bytes = 256 * 1024;
}  // namespace

HttpConnection::HttpConnection(net::Worker& worker, net::Socket socket, const Router& router,
                               const HttpSettings& settings, HttpStats& stats)
    : Connection(worker, std::move(socket)), router_(router), settings_(settings), stats_(stats) {}

HttpConnection::~HttpConnection() = default;

void HttpConnection::start() {
    arm_request_timer();
    wait_readable();
}

void HttpConnection::begin_shutdown() {
    is_draining_ = true;
    if (input_.empty() && !parser_ && output_.empty()) {
        close_now();
    }
    // Otherwise the request in progress is answered with "Connection: close".
}

bool HttpConnection::is_draining() const noexcept {
    return is_draining_ ||
           (settings_.is_node_draining != nullptr && settings_.is_node_draining->load());
}

void HttpConnection::arm_request_timer() {
    worker().timers().schedule(*this, net::TimerWheel::Clock::now() + settings_.request_timeout);
}

void HttpConnection::new_parser() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(settings_.max_header_bytes));
    parser_->body_limit(settings_.max_body_bytes);
    parser_->eager(true);
}

void HttpConnection::on_readable() {
    auto lease = worker().buffers().acquire();
    const std::span<std::byte> buffer = lease.span();
    for (int i = 0; i < max_reads_per_event; ++i) {
        auto read = read_some(buffer);
        if (!read) {
            close_now();  // EOF or reset: nothing more to answer
            return;
        }
        const std::size_t n = *read;
        if (n == 0) {
            break;
        }
        if (is_lingering_) {
            continue;  // our final response is out; discard until the client closes
        }
        if (input_.empty()) {
            std::size_t used = parse(buffer.first(n));
            if (is_closing() || is_upgraded_) {
                return;
            }
            input_.append(reinterpret_cast<const char*>(buffer.data()) + used, n - used);
        } else {
            input_.append(reinterpret_cast<const char*>(buffer.data()), n);
            std::size_t used = parse(std::as_bytes(std::span(input_.data(), input_.size())));
            if (is_closing() || is_upgraded_) {
                return;
            }
            input_.erase(0, used);
        }
        if (output_.size() - output_sent_ > max_pending_output_bytes) {
            return;  // on_writable() resumes reading once the client takes its responses
        }
        if (n < buffer.size()) {
            break;
        }
    }
    wait_readable();
}

std::size_t HttpConnection::parse(std::span<const std::byte> input) {
    std::size_t consumed = 0;
    while (consumed < input.size() && !is_closing_after_write_) {
        if (!parser_) {
            new_parser();
        }
        boost::system::error_code ec;
        consumed +=
            parser_->put(boost::asio::buffer(input.data() + consumed, input.size() - consumed), ec);
        if (ec == beast_http::error::need_more) {
            break;
        }
        if (ec == beast_http::error::header_limit) {
            reject(Status::request_header_fields_too_large, "header_too_large",
                   "request headers exceed limits.max_http_header_size");
            break;
        }
        if (ec == beast_http::error::body_limit) {
            reject(Status::payload_too_large, "body_too_large",
                   "request body exceeds limits.max_http_body_size");
            break;
        }
        if (ec) {
            reject(Status::bad_request, "bad_request", ec.message());
            break;
        }
        if (parser_->is_done()) {
            handle_request(input.subspan(consumed));
            if (is_closing() || is_upgraded_) {
                break;
            }
        }
    }
    if (!is_closing() && !is_upgraded_ && output_sent_ < output_.size()) {
        write_output();
    }
    return consumed;
}

void HttpConnection::handle_request(std::span<const std::byte> rest) {
    stats_.requests.inc();
    Request request = parser_->release();
    parser_.reset();
    const bool is_head = request.method() == Verb::head;

    if (const auto* upgrade = router_.find_upgrade(target_path(request.target()))) {
        stats_.upgrades.inc();

        if (output_sent_ < output_.size()) {
            // A handshake pipelined behind responses the client has not read yet.
            reject(Status::bad_request, "bad_request",
                   "upgrade pipelined behind pending responses");
            return;
        }
        UpgradeContext context{request, socket(), rest, worker()};
        std::optional<Response> refusal = (*upgrade)(context);
        if (!refusal) {
            is_upgraded_ = true;  // the socket now belongs to the WebSocket session
            close_now();
            return;
        }
        refusal->keep_alive(false);
        append_serialized(output_, *refusal, is_head);
        is_closing_after_write_ = true;
        write_output();
        return;
    }

    // While draining, requests are still answered (so /ready can say 503) but connections
    // are not kept: the node is about to go away.
    Response response = router_.dispatch(request);
    const bool keep_alive = request.keep_alive() && !is_draining();
    response.keep_alive(keep_alive);
    append_serialized(output_, response, is_head);
    if (!keep_alive) {
        is_closing_after_write_ = true;
    }
    arm_request_timer();
    // Written by parse() once the requests at hand are answered: pipelined requests then
    // cost one send for all their responses.
}

void HttpConnection::reject(Status status, std::string_view code, std::string_view message) {
    if (status != Status::request_timeout) {
        stats_.bad_requests.inc();
    }
    log::debug("http: {} {}: {}", static_cast<int>(status), code, message);
    Response response = make_json_error(status, code, message);
    response.keep_alive(false);
    append_serialized(output_, response, false);
    is_closing_after_write_ = true;
    parser_.reset();
    input_.clear();
    write_output();
}

void HttpConnection::write_output() {
    while (output_sent_ < output_.size()) {
        auto written = write_some(
            boost::asio::buffer(output_.data() + output_sent_, output_.size() - output_sent_));
        if (!written) {
            close_now();
            return;
        }
        if (*written == 0) {
            wait_writable();
            return;
        }
        output_sent_ += *written;
    }
    output_.clear();
    output_sent_ = 0;
    if (is_closing_after_write_ && !is_lingering_) {
        finish_and_close();
    }
}

void HttpConnection::on_writable() {
    write_output();
    if (!is_closing() && output_.empty() && !is_lingering_) {
        wait_readable();
    }
}

void HttpConnection::finish_and_close() {
    // Lingering close: half-close and read until the client's EOF, so unread request bytes
    // don't make the kernel answer with a reset that could destroy our response in flight.
    boost::system::error_code ec;
    socket().shutdown(net::Socket::shutdown_send, ec);
    is_lingering_ = true;
    input_.clear();
    parser_.reset();
    worker().timers().schedule(*this, net::TimerWheel::Clock::now() + settings_.linger_timeout);
    wait_readable();
}

void HttpConnection::on_timer_expired() {
    if (is_lingering_ || (input_.empty() && !parser_ && output_.empty())) {
        if (!is_lingering_) {
            stats_.request_timeouts.inc();  // an idle keep-alive connection or a silent client
        }
        close_now();
        return;
    }
    // A request started but never finished in time (slowloris): tell the client, then close.
    stats_.request_timeouts.inc();
    reject(Status::request_timeout, "request_timeout", "request not completed in time");
}

}  // namespace wsc::http
