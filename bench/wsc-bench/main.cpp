// wsc-bench: a WebSocket load tool. See bench/README.md for the scenarios and the figures.
//
// The parent process drives the run (the HTTP trigger, progress, the summary); client
// connections live in child processes, at most 15,000 each, because one process may not open
// more than 20,000 files here. Children report over pipes; the parent merges their results.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "clock.h"
#include "options.h"
#include "receiver_process.h"
#include "receiver_stats.h"
#include "report.h"
#include "trigger.h"

namespace wscbench {
namespace {

constexpr std::size_t connections_per_process = 15'000;

/// One child process as the parent sees it.
struct Child {
    pid_t pid = -1;
    int control_fd = -1;  // parent writes "stop"
    std::unique_ptr<asio::posix::stream_descriptor> report;
    std::string buffer;
    bool is_ready = false;
    std::uint64_t received = 0;
    std::uint64_t open = 0;
    std::uint64_t client_sent = 0;
    std::optional<ReceiverStats> result;
};

class Run {
public:
    explicit Run(const Options& options) : options_(options), timer_(io_), trigger_(io_, options) {}

    int execute() {
        spawn_children();
        for (auto& child : children_) {
            read_reports(child);
        }
        phase_started_ns_ = monotonic_ns();
        phase_ = Phase::connecting;
        tick();
        io_.run();
        for (auto& child : children_) {
            int status = 0;
            waitpid(child.pid, &status, 0);
        }
        return finish();
    }

private:
    enum class Phase { connecting, holding, sending, draining, collecting, done };

    void spawn_children() {
        const std::size_t count = options_.processes;
        std::size_t first = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t share =
                options_.connections / count + (i < options_.connections % count ? 1 : 0);
            int control[2], report[2];
            if (pipe(control) != 0 || pipe(report) != 0) {
                throw std::runtime_error("pipe failed");
            }
            std::fflush(nullptr);
            const pid_t pid = fork();
            if (pid < 0) {
                throw std::runtime_error("fork failed");
            }
            if (pid == 0) {
                close(control[1]);
                close(report[0]);
                for (const Child& other : children_) {  // siblings' pipes are not ours
                    close(other.control_fd);
                    close(other.report->native_handle());
                }
                run_receiver_process(options_, first, share, control[0], report[1]);
            }
            close(control[0]);
            close(report[1]);
            Child child;
            child.pid = pid;
            child.control_fd = control[1];
            child.report = std::make_unique<asio::posix::stream_descriptor>(io_, report[0]);
            children_.push_back(std::move(child));
            first += share;
        }
    }

    void read_reports(Child& child) {
        asio::async_read_until(
            *child.report, asio::dynamic_buffer(child.buffer), '\n',
            [this, &child](const boost::system::error_code& ec, std::size_t length) {
                if (ec) {
                    if (!child.result) {
                        std::fprintf(stderr, "wsc-bench: client process %d ended early\n",
                                     child.pid);
                        child.result = ReceiverStats{};
                        check_collected();
                    }
                    return;
                }
                const std::string line = child.buffer.substr(0, length - 1);
                child.buffer.erase(0, length);
                on_report(child, line);
                read_reports(child);
            });
    }

    void on_report(Child& child, const std::string& line) {
        if (line == "ready") {
            child.is_ready = true;
        } else if (line.starts_with("progress ")) {
            std::sscanf(line.c_str() + 9, "%lu %lu %lu", &child.received, &child.open,
                        &child.client_sent);
        } else if (line.starts_with("result ")) {
            child.result = ReceiverStats::from_json(boost::json::parse(line.substr(7)));
            check_collected();
        }
    }

    std::uint64_t client_sent() const {
        std::uint64_t total = 0;
        for (const Child& child : children_) {
            total += child.client_sent;
        }
        return total;
    }

    std::uint64_t received() const {
        std::uint64_t total = 0;
        for (const Child& child : children_) {
            total += child.received;
        }
        return total;
    }

    /// Drives the phases, and prints a progress line once a second.
    void tick() {
        const std::int64_t now = monotonic_ns();
        switch (phase_) {
            case Phase::connecting:
                if (std::all_of(children_.begin(), children_.end(),
                                [](const Child& c) { return c.is_ready; })) {
                    connect_s_ = static_cast<double>(now - phase_started_ns_) / 1e9;
                    rss_connected_kib_ = server_rss_kib();
                    start_load(now);
                }
                break;
            case Phase::holding:
                if (static_cast<double>(now - phase_started_ns_) / 1e9 >= options_.duration_s) {
                    rss_end_kib_ = server_rss_kib();
                    send_s_ = static_cast<double>(now - phase_started_ns_) / 1e9;
                    stop_children();
                }
                break;
            case Phase::sending:
                if (options_.scenario == "reconnect-storm" && !is_storm_sent_ &&
                    static_cast<double>(now - sending_started_ns_) / 1e9 >= storm_at_s()) {
                    is_storm_sent_ = true;
                    tell_children("storm " + std::to_string(options_.storm_percent));
                }
                if (options_.scenario == "echo" &&
                    static_cast<double>(now - sending_started_ns_) / 1e9 >= options_.duration_s) {
                    tell_children("clients-stop");
                    send_s_ = static_cast<double>(now - sending_started_ns_) / 1e9;
                    phase_ = Phase::draining;
                    phase_started_ns_ = now;
                }
                break;
            case Phase::draining: {
                const bool all_answered = trigger_.outstanding() == 0;
                const bool all_received =
                    all_answered && received() - received_at_start_ >= expected(client_sent());
                if (all_received ||
                    static_cast<double>(now - phase_started_ns_) / 1e9 >= options_.drain_s) {
                    drain_s_ = static_cast<double>(now - phase_started_ns_) / 1e9;
                    stop_children();
                }
                break;
            }
            default:
                break;
        }
        if (options_.progress && now - last_progress_ns_ >= 1'000'000'000) {
            print_progress(now);
        }
        if (phase_ == Phase::collecting || phase_ == Phase::done) {
            return;
        }
        timer_.expires_after(std::chrono::milliseconds(20));
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) {
                tick();
            }
        });
    }

    /// After every connection is up: what the scenario does with them.
    void start_load(std::int64_t now) {
        phase_started_ns_ = now;
        if (options_.scenario == "connect") {
            stop_children();
            return;
        }
        if (options_.scenario == "hold") {
            phase_ = Phase::holding;
            return;
        }
        phase_ = Phase::sending;
        received_at_start_ = received();
        if (options_.scenario == "echo") {
            sending_started_ns_ = now;
            tell_children("echo " +
                          std::to_string(options_.rate / static_cast<double>(children_.size())));
            return;
        }
        trigger_.connect([this](const std::string& error) {
            if (!error.empty()) {
                std::fprintf(stderr, "wsc-bench: API connection failed: %s\n", error.c_str());
                stop_children();
                return;
            }
            sending_started_ns_ = monotonic_ns();
            received_at_start_ = received();
            if (options_.scenario == "mixed") {
                tell_children("chat " + std::to_string(options_.chat_rate /
                                                       static_cast<double>(children_.size())));
            }
            trigger_.run([this] {
                if (options_.scenario == "mixed") {
                    tell_children("clients-stop");
                }
                send_s_ = static_cast<double>(monotonic_ns() - sending_started_ns_) / 1e9;
                phase_ = Phase::draining;
                phase_started_ns_ = monotonic_ns();
            });
        });
    }

    double storm_at_s() const {
        return options_.storm_at_s >= 0 ? options_.storm_at_s : options_.duration_s / 2;
    }

    /// What the receivers should get in all, as far as known now, given what the clients sent
    /// themselves (echo, mixed).
    std::uint64_t expected(std::uint64_t client_sent) const {
        if (options_.scenario == "echo") {
            return client_sent;
        }
        if (options_.scenario == "mixed") {
            // Each chat message goes to one other user, who has one connection.
            return trigger_.stats().expected_receipts + client_sent;
        }
        if (options_.scenario == "reconnect-storm") {
            // Everyone is addressed while some are away: every message must arrive, replayed
            // on resume if need be, whatever delivered_to said at the time.
            return trigger_.stats().messages_sent;
        }
        return trigger_.stats().expected_receipts;
    }

    /// The server's resident memory, from /proc (0 without --server-pid).
    long server_rss_kib() const {
        if (options_.server_pid <= 0) {
            return 0;
        }
        std::ifstream status("/proc/" + std::to_string(options_.server_pid) + "/status");
        std::string key;
        long value = 0;
        while (status >> key) {
            if (key == "VmRSS:") {
                status >> value;
                return value;
            }
            std::getline(status, key);
        }
        return 0;
    }

    void tell_children(const std::string& line) {
        const std::string text = line + "\n";
        for (Child& child : children_) {
            if (write(child.control_fd, text.data(), text.size()) < 0) {
                // the child is gone; its report pipe tells the rest
            }
        }
    }

    void print_progress(std::int64_t now) {
        const double seconds =
            last_progress_ns_ == 0 ? 1.0 : static_cast<double>(now - last_progress_ns_) / 1e9;
        const std::uint64_t got = received();
        const TriggerStats& t = trigger_.stats();
        std::uint64_t open = 0;
        for (const Child& child : children_) {
            open += child.open;
        }
        const char* names[] = {"connecting", "holding",    "sending",
                               "draining",   "collecting", "done"};
        std::fprintf(stderr,
                     "[%6.1fs] %-10s open %7lu | sent %9lu (%8.0f/s) ok %9lu err %lu | "
                     "received %10lu (%9.0f/s)\n",
                     static_cast<double>(now - run_started_ns_) / 1e9,
                     names[static_cast<int>(phase_)], open, t.messages_sent,
                     static_cast<double>(t.messages_sent - last_sent_) / seconds, t.requests_ok,
                     t.requests_failed, got, static_cast<double>(got - last_received_) / seconds);
        last_progress_ns_ = now;
        last_sent_ = t.messages_sent;
        last_received_ = got;
    }

    void stop_children() {
        phase_ = Phase::collecting;
        tell_children("stop");
    }

    void check_collected() {
        if (std::all_of(children_.begin(), children_.end(),
                        [](const Child& c) { return c.result.has_value(); })) {
            phase_ = Phase::done;
            io_.stop();
        }
    }

    int finish() {
        ReceiverStats merged;
        for (const Child& child : children_) {
            if (child.result) {
                merged.merge(*child.result);
            }
        }
        RunFigures figures{
            options_,          trigger_.stats(),   merged,      connect_s_, send_s_, drain_s_,
            rss_baseline_kib_, rss_connected_kib_, rss_end_kib_};
        figures.expected = expected(merged.client_sent);
        print_summary(figures, stdout);
        if (!options_.json_path.empty()) {
            std::ofstream out(options_.json_path);
            out << boost::json::serialize(to_json(figures)) << "\n";
        }
        return merged.failed == 0 && trigger_.stats().requests_failed == 0 ? 0 : 1;
    }

    const Options& options_;
    asio::io_context io_;
    asio::steady_timer timer_;
    Trigger trigger_;
    std::vector<Child> children_;
    Phase phase_ = Phase::connecting;
    std::int64_t run_started_ns_ = monotonic_ns();
    std::int64_t phase_started_ns_ = 0, sending_started_ns_ = 0, last_progress_ns_ = 0;
    std::uint64_t received_at_start_ = 0, last_sent_ = 0, last_received_ = 0;
    double connect_s_ = 0, send_s_ = 0, drain_s_ = 0;
    long rss_baseline_kib_ = server_rss_kib();  // before any client connects
    long rss_connected_kib_ = 0, rss_end_kib_ = 0;
    bool is_storm_sent_ = false;
};

}  // namespace
}  // namespace wscbench

int main(int argc, char** argv) {
    using namespace wscbench;
    Options options;
    std::string target = "wsc";
    CLI::App app{"wsc-bench: WebSocket load tool (see bench/README.md)"};
    app.add_option("scenario", options.scenario,
                   "connect | hold | p2p | broadcast | echo | mixed | reconnect-storm")
        ->check(CLI::IsMember(
            {"connect", "hold", "p2p", "broadcast", "echo", "mixed", "reconnect-storm"}));
    app.add_option("--target", target, "wsc (its /api/wsc/ API) | peer (bench/peers)")
        ->check(CLI::IsMember({"wsc", "peer"}));
    app.add_option("--host", options.host, "server address");
    app.add_option("--port", options.port, "server port");
    app.add_option("--path", options.ws_path, "WebSocket path");
    app.add_option("--token", options.token, "API bearer token (wsc)");
    app.add_option("-c,--connections", options.connections, "client connections (users u0..)")
        ->check(CLI::PositiveNumber);
    app.add_option("--processes", options.processes,
                   "client processes (default: one per 15,000 connections)");
    app.add_option("--connect-rate", options.connect_rate, "connections per second (0: no cap)");
    app.add_option("--connect-concurrency", options.connect_concurrency,
                   "handshakes in flight per process")
        ->check(CLI::PositiveNumber);
    app.add_flag("!--no-spread", options.spread_sources, "do not spread over 127.0.0.2-254");
    app.add_option("-r,--rate", options.rate,
                   "messages (p2p, mixed) or broadcasts per second; 0: as fast as the server "
                   "answers");
    app.add_option("-d,--duration", options.duration_s, "seconds of sending");
    app.add_option("--drain", options.drain_s, "longest wait for the last messages, seconds");
    app.add_option("-s,--size", options.message_bytes, "bytes of message data");
    app.add_option("--batch", options.batch, "p2p: messages per API request")
        ->check(CLI::Range(1, 1000));
    app.add_option("--api-connections", options.api_connections, "HTTP connections of the trigger")
        ->check(CLI::PositiveNumber);
    app.add_option("--max-outstanding", options.max_outstanding,
                   "pipelined requests per API connection")
        ->check(CLI::PositiveNumber);
    app.add_option("--broadcast-rate", options.broadcast_rate,
                   "mixed: broadcasts per second among the API messages");
    app.add_option("--chat-rate", options.chat_rate,
                   "mixed: messages per second the clients send to other users");
    app.add_option("--server-pid", options.server_pid,
                   "the server's PID, to sample its memory (hold) from /proc");
    app.add_option("--storm-percent", options.storm_percent,
                   "reconnect-storm: share of connections dropped at once");
    app.add_option("--storm-at", options.storm_at_s,
                   "reconnect-storm: seconds into sending (default: half the duration)");
    app.add_option("--json", options.json_path, "write the result as JSON to this file");
    app.add_flag("!--no-progress", options.progress, "no progress lines");
    CLI11_PARSE(app, argc, argv);
    options.target = target == "peer" ? TargetKind::peer : TargetKind::wsc;
    if (options.processes == 0) {
        options.processes =
            (options.connections + connections_per_process - 1) / connections_per_process;
    }
    options.processes = std::min(options.processes, options.connections);
    options.run_started_ns = monotonic_ns();
    signal(SIGPIPE, SIG_IGN);
    try {
        return Run(options).execute();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wsc-bench: %s\n", e.what());
        return 2;
    }
}
