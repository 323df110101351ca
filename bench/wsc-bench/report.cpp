#include "report.h"

#include <algorithm>
#include <vector>

#include <boost/json/object.hpp>

namespace wscbench {

namespace {

std::uint64_t lost(const RunFigures& f) {
    const std::uint64_t unique = f.receivers.received - f.receivers.duplicated;
    return f.expected > unique ? f.expected - unique : 0;
}

/// Messages the load put on the wire: the clients' own in echo, the trigger's and the
/// clients' in mixed, the trigger's otherwise.
std::uint64_t messages_sent(const RunFigures& f) {
    if (f.options.scenario == "echo") {
        return f.receivers.client_sent;
    }
    return f.trigger.messages_sent + (f.options.scenario == "mixed" ? f.receivers.client_sent : 0);
}

/// hold: what the server's memory grew by, per open connection.
double bytes_per_connection(const RunFigures& f) {
    const long end = f.rss_end_kib != 0 ? f.rss_end_kib : f.rss_connected_kib;
    if (f.rss_baseline_kib == 0 || end == 0 || f.receivers.opened == 0) {
        return 0;
    }
    return static_cast<double>(end - f.rss_baseline_kib) * 1024.0 /
           static_cast<double>(f.receivers.opened);
}

/// When each broadcast had reached every receiver: the latest receipt per broadcast.
std::vector<std::int64_t> completions(const RunFigures& f) {
    std::vector<std::int64_t> done;
    for (std::int64_t ns : f.receivers.completion_by_index) {
        if (ns >= 0) {
            done.push_back(ns);
        }
    }
    std::sort(done.begin(), done.end());
    return done;
}

std::int64_t at_percent(const std::vector<std::int64_t>& sorted, double percent) {
    if (sorted.empty()) {
        return 0;
    }
    const auto i =
        static_cast<std::size_t>(percent / 100.0 * static_cast<double>(sorted.size() - 1));
    return sorted[i];
}

boost::json::object latency_json(const LatencyHistogram& h) {
    return {{"count", h.count()},
            {"min_ns", h.min()},
            {"mean_ns", h.mean()},
            {"p50_ns", h.percentile(50)},
            {"p90_ns", h.percentile(90)},
            {"p99_ns", h.percentile(99)},
            {"p999_ns", h.percentile(99.9)},
            {"max_ns", h.max()},
            {"histogram", h.to_json()}};
}

}  // namespace

void print_summary(const RunFigures& f, std::FILE* out) {
    const Options& o = f.options;
    const TriggerStats& t = f.trigger;
    const ReceiverStats& r = f.receivers;
    std::fprintf(out, "\nwsc-bench %s against %s %s:%u\n", o.scenario.c_str(),
                 o.target == TargetKind::wsc ? "wsc" : "peer", o.host.c_str(), o.port);
    std::fprintf(out,
                 "  connections  %lu opened, %lu failed, %lu dropped, %zu processes, %.1f s "
                 "(handshake p50 %s, p99 %s)\n",
                 r.opened, r.failed, r.dropped, o.processes, f.connect_s,
                 format_duration(r.handshake.percentile(50)).c_str(),
                 format_duration(r.handshake.percentile(99)).c_str());
    if (o.scenario == "connect") {
        std::fprintf(out, "  connect rate %.0f connections/s\n",
                     f.connect_s > 0 ? static_cast<double>(r.opened) / f.connect_s : 0);
        return;
    }
    if (o.scenario == "hold") {
        std::fprintf(out,
                     "  server RSS   %ld KiB before, %ld KiB connected, %ld KiB after %.0f s: "
                     "%.0f bytes per connection\n",
                     f.rss_baseline_kib, f.rss_connected_kib, f.rss_end_kib, f.send_s,
                     bytes_per_connection(f));
        return;
    }
    if (o.scenario == "reconnect-storm") {
        std::fprintf(out,
                     "  storm        %lu connections dropped and redialled with resume, %lu open "
                     "again (handshake p50 %s, p99 %s)\n",
                     r.reconnected, r.reopened,
                     format_duration(r.reconnect_handshake.percentile(50)).c_str(),
                     format_duration(r.reconnect_handshake.percentile(99)).c_str());
    }
    const std::uint64_t sent = messages_sent(f);
    const double sent_rate = f.send_s > 0 ? static_cast<double>(sent) / f.send_s : 0;
    std::fprintf(
        out,
        "  sent         %lu messages in %lu requests over %.1f s: %.0f msg/s (offered %s), "
        "%lu ok, %lu failed%s\n",
        sent, t.requests_sent, f.send_s, sent_rate,
        o.rate > 0
            ? std::to_string(static_cast<long>(o.rate + (o.scenario == "mixed" ? o.chat_rate : 0)))
                  .c_str()
            : "max",
        t.requests_ok, t.requests_failed,
        t.backlogged_ticks > 0 ? " (the server fell behind the offered rate)" : "");
    if (!t.first_error.empty()) {
        std::fprintf(out, "  first error  %s\n", t.first_error.c_str());
    }
    const double window = f.send_s + f.drain_s;
    std::fprintf(out,
                 "  delivered    %lu of %lu expected: lost %lu, duplicated %lu, out of order %lu, "
                 "gaps %lu; %.0f deliveries/s\n",
                 r.received, f.expected, lost(f), r.duplicated, r.out_of_order, r.gaps,
                 window > 0 ? static_cast<double>(r.received) / window : 0);
    std::fprintf(out, "  latency      p50 %s  p90 %s  p99 %s  p99.9 %s  max %s\n",
                 format_duration(r.latency.percentile(50)).c_str(),
                 format_duration(r.latency.percentile(90)).c_str(),
                 format_duration(r.latency.percentile(99)).c_str(),
                 format_duration(r.latency.percentile(99.9)).c_str(),
                 format_duration(r.latency.max()).c_str());
    if (o.scenario == "broadcast") {
        const std::vector<std::int64_t> done = completions(f);
        std::fprintf(out, "  broadcasts   reached every receiver within: p50 %s, p99 %s, max %s\n",
                     format_duration(at_percent(done, 50)).c_str(),
                     format_duration(at_percent(done, 99)).c_str(),
                     format_duration(done.empty() ? 0 : done.back()).c_str());
    }
}

boost::json::value to_json(const RunFigures& f) {
    const Options& o = f.options;
    const TriggerStats& t = f.trigger;
    const ReceiverStats& r = f.receivers;
    boost::json::object result{
        {"scenario", o.scenario},
        {"target", o.target == TargetKind::wsc ? "wsc" : "peer"},
        {"host", o.host},
        {"port", o.port},
        {"connections", o.connections},
        {"processes", o.processes},
        {"rate", o.rate},
        {"duration_s", o.duration_s},
        {"message_bytes", o.message_bytes},
        {"batch", o.batch},
        {"connect_s", f.connect_s},
        {"send_s", f.send_s},
        {"drain_s", f.drain_s},
        {"opened", r.opened},
        {"failed", r.failed},
        {"dropped", r.dropped},
        {"messages_sent", messages_sent(f)},
        {"requests_sent", t.requests_sent},
        {"requests_ok", t.requests_ok},
        {"requests_failed", t.requests_failed},
        {"fell_behind", t.backlogged_ticks > 0},
        {"expected", f.expected},
        {"client_sent", r.client_sent},
        {"reconnected", r.reconnected},
        {"reopened", r.reopened},
        {"reconnect_handshake", latency_json(r.reconnect_handshake)},
        {"rss_baseline_kib", f.rss_baseline_kib},
        {"rss_connected_kib", f.rss_connected_kib},
        {"rss_end_kib", f.rss_end_kib},
        {"bytes_per_connection", bytes_per_connection(f)},
        {"connect_per_s", f.connect_s > 0 ? static_cast<double>(r.opened) / f.connect_s : 0},
        {"received", r.received},
        {"lost", lost(f)},
        {"duplicated", r.duplicated},
        {"out_of_order", r.out_of_order},
        {"gaps", r.gaps},
        {"sent_per_s", f.send_s > 0 ? static_cast<double>(messages_sent(f)) / f.send_s : 0},
        {"deliveries_per_s",
         f.send_s + f.drain_s > 0 ? static_cast<double>(r.received) / (f.send_s + f.drain_s) : 0},
        {"latency", latency_json(r.latency)},
        {"handshake", latency_json(r.handshake)},
    };
    if (o.scenario == "broadcast") {
        const std::vector<std::int64_t> done = completions(f);
        result["broadcast_completion"] =
            boost::json::object{{"count", done.size()},
                                {"p50_ns", at_percent(done, 50)},
                                {"p99_ns", at_percent(done, 99)},
                                {"max_ns", done.empty() ? 0 : done.back()}};
    }
    return result;
}

}  // namespace wscbench
