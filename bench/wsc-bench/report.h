#pragma once
/// The end of a run: a human summary and the machine-readable JSON result.

#include <cstdio>

#include <boost/json/value.hpp>

#include "options.h"
#include "receiver_stats.h"
#include "trigger.h"

namespace wscbench {

struct RunFigures {
    const Options& options;
    const TriggerStats& trigger;
    const ReceiverStats& receivers;
    double connect_s;            // opening every connection
    double send_s;               // the trigger's sending
    double drain_s;              // waiting for the last receipts
    long rss_baseline_kib = 0;   // the server before any client (0: not sampled)
    long rss_connected_kib = 0;  // once every connection was open
    long rss_end_kib = 0;        // at the end of a hold
    std::uint64_t expected = 0;  // receipts the receivers should have had
};

void print_summary(const RunFigures& figures, std::FILE* out);
boost::json::value to_json(const RunFigures& figures);

}  // namespace wscbench
