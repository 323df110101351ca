// Node::register_metrics: the Prometheus families of a node, each summed over the workers'
// counters at scrape time. Names follow seed 000 (wsc_connections, wsc_messages_sent_total, …).
#include "app/node.h"

namespace wsc::app {

namespace {
using metrics::MetricType;
using metrics::Sample;
}  // namespace

void Node::register_metrics() {
    // Sum of one CoreStats cell over every worker.
    auto core_sum = [this](auto member) {
        return [this, member] {
            double total = 0;
            for (std::size_t i = 0; i < hub_.worker_count(); ++i) {
                total += static_cast<double>((hub_.stats(i).*member).value());
            }
            return total;
        };
    };
    auto http_sum = [this](auto member) {
        return [this, member] {
            double total = 0;
            for (const auto& stats : http_stats_) {
                total += static_cast<double>(((*stats).*member).value());
            }
            return total;
        };
    };
    using core::CoreStats;
    using http::HttpStats;

    registry_.add_value("wsc_connections", "Open WebSocket connections.", MetricType::gauge,
                        core_sum(&CoreStats::sessions));
    registry_.add_value("wsc_users_online", "Users with at least one connection.",
                        MetricType::gauge,
                        [this] { return static_cast<double>(hub_.directory().user_count()); });
    registry_.add_value("wsc_connections_accepted_total", "WebSocket upgrades accepted.",
                        MetricType::counter, core_sum(&CoreStats::sessions_opened));
    registry_.add_value("wsc_connections_attempted_total", "WebSocket upgrade requests.",
                        MetricType::counter, http_sum(&HttpStats::upgrades));
    registry_.add_value("wsc_connections_closed_total", "WebSocket connections closed.",
                        MetricType::counter, core_sum(&CoreStats::sessions_closed));
    registry_.add("wsc_connections_rejected_total", "WebSocket upgrades refused, by reason.",
                  MetricType::counter, [this] {
                      static constexpr const char* reasons[] = {
                          "bad_request", "bad_version",  "over_capacity",
                          "draining",    "unauthorized", "too_many_per_user"};
                      std::vector<Sample> samples;
                      for (std::size_t r = 0; r < std::size(reasons); ++r) {
                          double total = 0;
                          for (std::size_t i = 0; i < hub_.worker_count(); ++i) {
                              total +=
                                  static_cast<double>(hub_.stats(i).handshake_failures[r].value());
                          }
                          samples.push_back(Sample{{{"reason", reasons[r]}}, total});
                      }
                      return samples;
                  });
    registry_.add_value("wsc_messages_received_total", "WebSocket messages received.",
                        MetricType::counter, core_sum(&CoreStats::messages_received));
    registry_.add_value("wsc_messages_sent_total", "WebSocket messages queued for sending.",
                        MetricType::counter, core_sum(&CoreStats::messages_sent));
    registry_.add_value("wsc_bytes_received_total", "WebSocket bytes read.", MetricType::counter,
                        core_sum(&CoreStats::bytes_received));
    registry_.add_value("wsc_bytes_sent_total", "WebSocket bytes written.", MetricType::counter,
                        core_sum(&CoreStats::bytes_sent));
    registry_.add_value("wsc_pings_sent_total", "Heartbeat pings sent.", MetricType::counter,
                        core_sum(&CoreStats::pings_sent));
    registry_.add_value("wsc_message_queue_dropped_total",
                        "Frames dropped because a connection's queue was full.",
                        MetricType::counter, core_sum(&CoreStats::frames_dropped));
    registry_.add_value("wsc_queued_messages", "Frames waiting in connections' outbound queues.",
                        MetricType::gauge, core_sum(&CoreStats::queued_frames));
    registry_.add_value("wsc_queued_bytes", "Bytes waiting in connections' outbound queues.",
                        MetricType::gauge, core_sum(&CoreStats::queued_bytes));
    registry_.add("wsc_errors_total", "Errors, by kind.", MetricType::counter, [=, this] {
        std::vector<std::pair<const char*, double>> kinds = {
            {"protocol", core_sum(&CoreStats::protocol_errors)()},
            {"heartbeat_timeout", core_sum(&CoreStats::heartbeat_timeouts)()},
            {"close_timeout", core_sum(&CoreStats::close_timeouts)()},
            {"slow_consumer", core_sum(&CoreStats::slow_consumers_closed)()},
            {"handler", core_sum(&CoreStats::handler_errors)()},
            {"resume_timeout", core_sum(&CoreStats::resume_timeouts)()},
            {"http_bad_request", http_sum(&HttpStats::bad_requests)()},
            {"http_request_timeout", http_sum(&HttpStats::request_timeouts)()},
        };
        double accept_errors = 0;
        for (const auto& listener : listeners_) {
            accept_errors += static_cast<double>(listener->error_count());
        }
        kinds.emplace_back("accept", accept_errors);
        std::vector<Sample> samples;
        for (const auto& [kind, value] : kinds) {
            samples.push_back(Sample{{{"kind", kind}}, value});
        }
        return samples;
    });
    registry_.add_value("wsc_http_requests_total", "HTTP requests parsed.", MetricType::counter,
                        http_sum(&HttpStats::requests));
    registry_.add_value("wsc_tcp_connections", "Open TCP connections (HTTP and WebSocket).",
                        MetricType::gauge,
                        [this] { return static_cast<double>(open_connections()); });
    registry_.add_value("wsc_tcp_accepted_total", "TCP connections accepted.", MetricType::counter,
                        [this] {
                            double total = 0;
                            for (const auto& listener : listeners_) {
                                total += static_cast<double>(listener->accepted_count());
                            }
                            return total;
                        });
}

}  // namespace wsc::app
