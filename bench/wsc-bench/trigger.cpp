#include "trigger.h"

#include <algorithm>

#include "clock.h"
#include "message_stamp.h"

namespace wscbench {

Trigger::Trigger(asio::io_context& io, const Options& options)
    : options_(options), timer_(io), padding_(stamp_padding(options.message_bytes)) {
    for (std::size_t i = 0; i < options.api_connections; ++i) {
        pipelines_.push_back(std::make_unique<HttpPipeline>(
            io, [this](unsigned status, std::string_view body) { on_response(status, body); }));
    }
}

void Trigger::connect(std::function<void(std::string)> done) {
    auto remaining = std::make_shared<std::size_t>(pipelines_.size());
    auto error = std::make_shared<std::string>();
    const asio::ip::tcp::endpoint server(asio::ip::make_address(options_.host), options_.port);
    for (auto& pipeline : pipelines_) {
        pipeline->connect(server, [remaining, error, done](std::string why) {
            if (!why.empty() && error->empty()) {
                *error = why;
            }
            if (--*remaining == 0) {
                done(*error);
            }
        });
    }
}

std::size_t Trigger::outstanding() const noexcept {
    std::size_t total = 0;
    for (const auto& pipeline : pipelines_) {
        total += pipeline->outstanding();
    }
    return total;
}

void Trigger::run(std::function<void()> done) {
    done_ = std::move(done);
    started_ns_ = monotonic_ns();
    tick();
}

void Trigger::tick() {
    const std::int64_t now = monotonic_ns();
    const double elapsed_s = static_cast<double>(now - started_ns_) / 1e9;
    const bool is_over = elapsed_s >= options_.duration_s;
    const double per_request = static_cast<double>(std::max<std::size_t>(1, options_.batch));
    if (!is_over) {
        if (options_.scenario == "mixed") {
            // The odd broadcast among the users' messages, from the first tick on.
            const auto due = static_cast<std::uint64_t>(elapsed_s * options_.broadcast_rate) + 1;
            while (broadcasts_sent_ < due && send_one_request(true)) {
                ++broadcasts_sent_;
            }
        }
        if (options_.rate > 0) {
            const auto due = static_cast<std::uint64_t>(elapsed_s * options_.rate / per_request);
            while (stats_.requests_sent - broadcasts_sent_ < due) {
                if (!send_one_request(options_.scenario == "broadcast")) {
                    ++stats_.backlogged_ticks;  // the server is behind: the rate is not held
                    break;
                }
            }
        } else {
            while (send_one_request(options_.scenario == "broadcast")) {
            }
        }
    }
    if (is_over) {
        done_();
        return;
    }
    timer_.expires_after(std::chrono::microseconds(options_.rate > 0 ? 500 : 200));
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) {
            tick();
        }
    });
}

bool Trigger::send_one_request(bool broadcast) {
    for (std::size_t tried = 0; tried < pipelines_.size(); ++tried) {
        HttpPipeline& pipeline = *pipelines_[next_pipeline_];
        next_pipeline_ = (next_pipeline_ + 1) % pipelines_.size();
        if (pipeline.is_connected() && pipeline.outstanding() < options_.max_outstanding) {
            const std::size_t messages = broadcast ? 1 : std::max<std::size_t>(1, options_.batch);
            pipeline.send(request_for(stats_.messages_sent, messages, broadcast));
            stats_.messages_sent += messages;
            ++stats_.requests_sent;
            return true;
        }
    }
    return false;
}

std::string Trigger::data_for(std::uint64_t index) const {
    return stamped_message(index, padding_);
}

std::string Trigger::request_for(std::uint64_t first_index, std::size_t messages, bool broadcast) {
    std::string target;
    std::string body;
    std::uniform_int_distribution<std::size_t> pick_user(0, options_.connections - 1);
    if (options_.target == TargetKind::peer) {
        body = data_for(first_index);
        target = broadcast ? "/broadcast" : "/send?user_id=u" + std::to_string(pick_user(random_));
    } else if (broadcast) {
        target = "/api/wsc/broadcast";
        body = "{\"type\":\"b\",\"data\":" + data_for(first_index) + "}";
    } else if (messages == 1) {
        target = "/api/wsc/send";
        body = "{\"user_id\":\"u" + std::to_string(pick_user(random_)) +
               "\",\"type\":\"b\",\"data\":" + data_for(first_index) + "}";
    } else {
        target = "/api/wsc/batch";
        body = "{\"commands\":[";
        for (std::size_t i = 0; i < messages; ++i) {
            body += (i == 0 ? "" : ",");
            body += "{\"op\":\"send\",\"user_id\":\"u" + std::to_string(pick_user(random_)) +
                    "\",\"type\":\"b\",\"data\":" + data_for(first_index + i) + "}";
        }
        body += "]}";
    }
    std::string request =
        "POST " + target + " HTTP/1.1\r\nHost: " + options_.host +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n";
    if (!options_.token.empty()) {
        request += "Authorization: Bearer " + options_.token + "\r\n";
    }
    request += "\r\n";
    request += body;
    return request;
}

void Trigger::on_response(unsigned status, std::string_view body) {
    if (status >= 200 && status < 300) {
        ++stats_.requests_ok;
        static constexpr std::string_view key = "\"delivered_to\":";
        for (std::size_t at = body.find(key); at != std::string_view::npos;
             at = body.find(key, at + key.size())) {
            std::uint64_t n = 0;
            for (std::size_t i = at + key.size();
                 i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i) {
                n = n * 10 + static_cast<std::uint64_t>(body[i] - '0');
            }
            stats_.expected_receipts += n;
        }
        return;
    }
    ++stats_.requests_failed;
    if (stats_.first_error.empty()) {
        stats_.first_error =
            (status == 0 ? std::string("connection: ") : "HTTP " + std::to_string(status) + ": ") +
            std::string(body.substr(0, 300));
    }
}

}  // namespace wscbench
