#pragma once
/// ReceiverStats: what the clients of one process saw, merged across processes at the end.

#include <cstdint>
#include <vector>

#include <boost/json/value.hpp>

#include "histogram.h"

namespace wscbench {

struct ReceiverStats {
    std::uint64_t opened = 0;
    std::uint64_t failed = 0;              // never opened (refused, handshake error)
    std::uint64_t dropped = 0;             // closed by the server or the network while open
    std::uint64_t received = 0;            // benchmark messages (those carrying a timestamp)
    std::uint64_t duplicated = 0;          // a seq (or index) the connection already had
    std::uint64_t out_of_order = 0;        // older than one already received
    std::uint64_t gaps = 0;                // seq numbers skipped within a stream
    std::uint64_t other_messages = 0;      // connected, resume and anything else
    std::uint64_t client_sent = 0;         // echo and mixed: messages the clients sent
    std::uint64_t reconnected = 0;         // reconnect-storm: connections dropped and redialled
    std::uint64_t reopened = 0;            // of those, open again
    LatencyHistogram latency;              // send timestamp to receipt
    LatencyHistogram handshake;            // connect() to the 101
    LatencyHistogram reconnect_handshake;  // the same, for reconnects after a storm
    /// broadcast: per broadcast index, the latest receipt (ns after its send), to tell when
    /// a broadcast reached everyone.
    std::vector<std::int64_t> completion_by_index;

    void merge(const ReceiverStats& other);
    [[nodiscard]] boost::json::value to_json() const;
    static ReceiverStats from_json(const boost::json::value& json);
};

}  // namespace wscbench
