#include "receiver_process.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>

#include "clock.h"
#include "message_stamp.h"
#include "receiver_stats.h"
#include "ws_client.h"

namespace wscbench {

namespace {

constexpr std::size_t max_tracked_broadcasts = 1'000'000;

class Receivers final : public WsClientEvents {
public:
    Receivers(const Options& options, std::size_t first_user, std::size_t count, int control_fd,
              int report_fd)
        : options_(options),
          first_user_(first_user),
          count_(count),
          control_(io_, control_fd),
          report_fd_(report_fd),
          progress_timer_(io_),
          connect_timer_(io_),
          client_timer_(io_) {
        padding_ = stamp_padding(options.message_bytes);
        clients_.reserve(count);
        last_seq_.assign(count, 0);
        last_all_seq_.assign(count, 0);
        last_index_.assign(count, -1);
        server_ = {asio::ip::make_address(options.host), options.port};
    }

    void run() {
        for (std::size_t i = 0; i < count_; ++i) {
            clients_.push_back(std::make_unique<WsClient>(io_, *this, i));
        }
        connect_started_ns_ = monotonic_ns();
        connect_more();
        read_control();
        report_progress();
        io_.run();
    }

    void on_open(WsClient& client, std::int64_t handshake_ns) override {
        (void)client;
        if (is_ready_) {
            ++stats_.reopened;  // a reconnect after a storm
            stats_.reconnect_handshake.record(handshake_ns);
            return;
        }
        ++stats_.opened;
        stats_.handshake.record(handshake_ns);
        settle_one();
    }

    void on_closed(WsClient& client, bool was_open, std::string_view reason) override {
        (void)client;
        if (reason.empty()) {
            return;  // our own abort() (storm) or a clean close
        }
        if (was_open) {
            ++stats_.dropped;
            return;
        }
        if (is_ready_) {
            ++stats_.failed;  // a reconnect that failed
            return;
        }
        ++stats_.failed;
        if (first_failure_.empty()) {
            first_failure_ = reason;
            std::fprintf(stderr, "wsc-bench: a connection failed: %.*s\n",
                         static_cast<int>(reason.size()), reason.data());
        }
        settle_one();
    }

    void on_message(WsClient& client, std::string_view payload) override {
        ReadStamp stamp;
        if (!read_stamp(payload, stamp)) {
            ++stats_.other_messages;
            return;
        }
        const std::size_t c = client.index();
        const std::int64_t seq = stamp.seq;
        const std::int64_t index = stamp.index;
        if (stamp.sent_ns < options_.run_started_ns) {
            // From an earlier run, replayed by a resume from seq 0: not this run's to count.
            ++stats_.other_messages;
            if (seq > 0) {
                std::uint64_t& last = (stamp.is_broadcast ? last_all_seq_ : last_seq_)[c];
                last = std::max(last, static_cast<std::uint64_t>(seq));
            }
            return;
        }
        const std::int64_t latency = monotonic_ns() - stamp.sent_ns;
        ++stats_.received;
        stats_.latency.record(latency);
        if (seq > 0) {
            // wsc: each stream numbers its messages, so seq tells gaps and repeats exactly.
            const auto s = static_cast<std::uint64_t>(seq);
            std::uint64_t& last = (stamp.is_broadcast ? last_all_seq_ : last_seq_)[c];
            if (last != 0 && s <= last) {
                ++(s == last ? stats_.duplicated : stats_.out_of_order);
            } else {
                if (last != 0 && s > last + 1) {
                    stats_.gaps += s - last - 1;
                }
                last = s;
            }
        } else if (index >= 0 && options_.scenario != "mixed") {
            // peers: no seq; the sender's index only tells order on one connection (and not
            // in mixed, where the trigger and every client number their own messages).
            std::int64_t& last = last_index_[c];
            if (index == last) {
                ++stats_.duplicated;
            } else if (index < last) {
                ++stats_.out_of_order;
            } else {
                last = index;
            }
        }
        if (options_.scenario == "broadcast" && index >= 0 &&
            static_cast<std::size_t>(index) < max_tracked_broadcasts) {
            auto& completion = stats_.completion_by_index;
            if (completion.size() <= static_cast<std::size_t>(index)) {
                completion.resize(static_cast<std::size_t>(index) + 1, -1);
            }
            completion[static_cast<std::size_t>(index)] =
                std::max(completion[static_cast<std::size_t>(index)], latency);
        }
    }

private:
    std::string target_for(std::size_t user) const {
        return options_.ws_path + "?user_id=u" + std::to_string(user);
    }

    asio::ip::address source_for(std::size_t user) const {
        if (!options_.spread_sources || !server_.address().is_loopback() ||
            !server_.address().is_v4()) {
            return {};
        }
        // 127.0.0.2–127.0.0.254: each source address has its own 28k ephemeral ports.
        return asio::ip::address_v4(0x7f000000u + 2 + static_cast<std::uint32_t>(user % 253));
    }

    /// Starts connections while under the concurrency and the rate.
    void connect_more() {
        while (next_ < count_ && in_flight_ < options_.connect_concurrency) {
            if (options_.connect_rate > 0) {
                const double elapsed_s =
                    static_cast<double>(monotonic_ns() - connect_started_ns_) / 1e9;
                const double share =
                    options_.connect_rate /
                    static_cast<double>(std::max<std::size_t>(1, options_.processes));
                if (static_cast<double>(next_) >= elapsed_s * share + 1) {
                    connect_timer_.expires_after(std::chrono::milliseconds(5));
                    connect_timer_.async_wait([this](const boost::system::error_code& ec) {
                        if (!ec) {
                            connect_more();
                        }
                    });
                    return;
                }
            }
            const std::size_t user = first_user_ + next_;
            ++in_flight_;
            clients_[next_++]->connect(server_, source_for(user),
                                       options_.host + ":" + std::to_string(options_.port),
                                       target_for(user));
        }
    }

    void settle_one() {
        if (in_flight_ > 0) {
            --in_flight_;
        }
        ++settled_;
        if (settled_ == count_ && !is_ready_) {
            is_ready_ = true;
            write_line("ready");
        }
        connect_more();
    }

    void report_progress() {
        if (is_ready_) {
            std::size_t open = 0;
            for (const auto& client : clients_) {
                open += client->is_open() ? 1 : 0;
            }
            write_line("progress " + std::to_string(stats_.received) + " " + std::to_string(open) +
                       " " + std::to_string(stats_.client_sent));
        }
        progress_timer_.expires_after(std::chrono::milliseconds(200));
        progress_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                report_progress();
            }
        });
    }

    /// Lines from the parent: `echo <messages/s>`, `chat <messages/s>`, `clients-stop`,
    /// `storm <percent>`, `stop`.
    void read_control() {
        asio::async_read_until(
            control_, asio::dynamic_buffer(control_buffer_), '\n',
            [this](const boost::system::error_code& ec, std::size_t length) {
                const std::string line = ec ? "stop" : control_buffer_.substr(0, length - 1);
                if (!ec) {
                    control_buffer_.erase(0, length);
                }
                if (line.starts_with("echo ")) {
                    start_client_sends(std::stod(line.substr(5)), false);
                } else if (line.starts_with("chat ")) {
                    start_client_sends(std::stod(line.substr(5)), true);
                } else if (line == "clients-stop") {
                    client_rate_ = 0;
                } else if (line.starts_with("storm ")) {
                    storm(std::stod(line.substr(6)));
                } else {
                    // "stop", or EOF because the parent died: either way, report and leave.
                    write_line("result " + boost::json::serialize(stats_.to_json()));
                    std::fflush(nullptr);
                    _exit(0);
                }
                read_control();
            });
    }

    /// Every client sends stamped messages, `rate` per second in all, round robin: to be
    /// echoed back, or (`is_chat`) to another user, picked at random among all the run's.
    void start_client_sends(double rate, bool is_chat) {
        is_chat_ = is_chat;
        client_rate_ = rate;
        client_started_ns_ = monotonic_ns();
        client_sent_at_start_ = stats_.client_sent;
        client_send_tick();
    }

    void client_send_tick() {
        if (client_rate_ <= 0) {
            return;
        }
        const double elapsed_s = static_cast<double>(monotonic_ns() - client_started_ns_) / 1e9;
        const auto due = static_cast<std::uint64_t>(elapsed_s * client_rate_);
        std::size_t tried = 0;
        while (stats_.client_sent - client_sent_at_start_ < due && tried < clients_.size()) {
            WsClient& client = *clients_[client_next_];
            client_next_ = (client_next_ + 1) % clients_.size();
            if (!client.is_open()) {
                ++tried;
                continue;
            }
            tried = 0;
            std::string message = stamped_message(stats_.client_sent, padding_);
            if (is_chat_) {
                message = chat_message(client.index(), message);
            }
            client.send_text(message);
            ++stats_.client_sent;
        }
        client_timer_.expires_after(std::chrono::microseconds(500));
        client_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                client_send_tick();
            }
        });
    }

    /// Drops `percent` of the open connections at once, as a network blip would, and
    /// reconnects each at once, resuming from the last seq it saw.
    void storm(double percent) {
        const auto every = static_cast<std::size_t>(percent > 0 ? 100.0 / percent : 0);
        for (std::size_t i = 0; every != 0 && i < clients_.size(); ++i) {
            if (i % every != 0 || !clients_[i]->is_open()) {
                continue;
            }
            clients_[i]->abort();
            ++stats_.reconnected;
            const std::size_t user = first_user_ + i;
            std::string target = target_for(user);
            if (options_.target == TargetKind::wsc) {
                target +=
                    "&resume=user:u" + std::to_string(user) + ":" + std::to_string(last_seq_[i]);
            }
            clients_[i]->connect(server_, source_for(user),
                                 options_.host + ":" + std::to_string(options_.port), target);
        }
    }

    /// `stamp` addressed to a random user other than the sender (every user of the run has
    /// one connection, so each chat message is expected exactly once).
    std::string chat_message(std::size_t sender, const std::string& stamp) {
        std::size_t to = first_user_ + sender;
        if (options_.connections > 1) {
            std::uniform_int_distribution<std::size_t> pick(0, options_.connections - 2);
            const std::size_t other = pick(random_);
            to = other >= first_user_ + sender ? other + 1 : other;
        }
        const std::string user = "u" + std::to_string(to);
        if (options_.target == TargetKind::wsc) {
            return R"({"type":"send","to":")" + user + R"(","message_type":"b","data":)" + stamp +
                   "}";
        }
        return R"({"to":")" + user + R"(","data":)" + stamp + "}";
    }

    void write_line(const std::string& line) {
        std::string text = line + "\n";
        const char* p = text.data();
        std::size_t left = text.size();
        while (left > 0) {
            const ssize_t n = ::write(report_fd_, p, left);
            if (n <= 0) {
                _exit(1);  // the parent is gone
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }

    const Options& options_;
    std::size_t first_user_;
    std::size_t count_;
    asio::io_context io_;
    asio::posix::stream_descriptor control_;
    std::string control_buffer_;
    int report_fd_;
    asio::steady_timer progress_timer_;
    asio::steady_timer connect_timer_;
    asio::steady_timer client_timer_;
    std::string padding_;
    double client_rate_ = 0;  // echo and chat
    bool is_chat_ = false;
    std::mt19937_64 random_{std::random_device{}()};
    std::int64_t client_started_ns_ = 0;
    std::uint64_t client_sent_at_start_ = 0;
    std::size_t client_next_ = 0;
    asio::ip::tcp::endpoint server_;
    std::vector<std::unique_ptr<WsClient>> clients_;
    std::vector<std::uint64_t> last_seq_;      // wsc: the user:<id> stream
    std::vector<std::uint64_t> last_all_seq_;  // wsc: the `all` stream
    std::vector<std::int64_t> last_index_;
    ReceiverStats stats_;
    std::string first_failure_;
    std::int64_t connect_started_ns_ = 0;
    std::size_t next_ = 0, in_flight_ = 0, settled_ = 0;
    bool is_ready_ = false;
};

}  // namespace

void run_receiver_process(const Options& options, std::size_t first_user, std::size_t count,
                          int control_fd, int report_fd) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    try {
        Receivers receivers(options, first_user, count, control_fd, report_fd);
        receivers.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wsc-bench receiver: %s\n", e.what());
        _exit(1);
    }
    _exit(0);
}

}  // namespace wscbench
