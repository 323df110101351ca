#include "receiver_stats.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace wscbench {

void ReceiverStats::merge(const ReceiverStats& other) {
    opened += other.opened;
    failed += other.failed;
    dropped += other.dropped;
    received += other.received;
    duplicated += other.duplicated;
    out_of_order += other.out_of_order;
    gaps += other.gaps;
    other_messages += other.other_messages;
    client_sent += other.client_sent;
    reconnected += other.reconnected;
    reopened += other.reopened;
    reconnect_handshake.merge(other.reconnect_handshake);
    latency.merge(other.latency);
    handshake.merge(other.handshake);
    if (completion_by_index.size() < other.completion_by_index.size()) {
        completion_by_index.resize(other.completion_by_index.size(), -1);
    }
    for (std::size_t i = 0; i < other.completion_by_index.size(); ++i) {
        completion_by_index[i] = std::max(completion_by_index[i], other.completion_by_index[i]);
    }
}

boost::json::value ReceiverStats::to_json() const {
    boost::json::array completion(completion_by_index.begin(), completion_by_index.end());
    return boost::json::object{{"opened", opened},
                               {"failed", failed},
                               {"dropped", dropped},
                               {"received", received},
                               {"duplicated", duplicated},
                               {"out_of_order", out_of_order},
                               {"gaps", gaps},
                               {"other_messages", other_messages},
                               {"client_sent", client_sent},
                               {"reconnected", reconnected},
                               {"reopened", reopened},
                               {"reconnect_handshake", reconnect_handshake.to_json()},
                               {"latency", latency.to_json()},
                               {"handshake", handshake.to_json()},
                               {"completion_by_index", std::move(completion)}};
}

ReceiverStats ReceiverStats::from_json(const boost::json::value& json) {
    const boost::json::object& o = json.as_object();
    ReceiverStats s;
    auto number = [&](const char* key) { return o.at(key).to_number<std::uint64_t>(); };
    s.opened = number("opened");
    s.failed = number("failed");
    s.dropped = number("dropped");
    s.received = number("received");
    s.duplicated = number("duplicated");
    s.out_of_order = number("out_of_order");
    s.gaps = number("gaps");
    s.other_messages = number("other_messages");
    s.client_sent = number("client_sent");
    s.reconnected = number("reconnected");
    s.reopened = number("reopened");
    s.reconnect_handshake = LatencyHistogram::from_json(o.at("reconnect_handshake"));
    s.latency = LatencyHistogram::from_json(o.at("latency"));
    s.handshake = LatencyHistogram::from_json(o.at("handshake"));
    for (const boost::json::value& v : o.at("completion_by_index").as_array()) {
        s.completion_by_index.push_back(v.to_number<std::int64_t>());
    }
    return s;
}

}  // namespace wscbench
