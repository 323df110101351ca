#pragma once
/// Per-worker HTTP counters (summed at scrape time).

#include "metrics/counter.h"

namespace wsc::http {

struct HttpStats {
    metrics::Counter requests;          // complete requests parsed
    metrics::Counter bad_requests;      // malformed requests answered 400/413/431 and closed
    metrics::Counter request_timeouts;  // no complete request within the request timeout
    metrics::Counter upgrades;          // requests handed to the upgrade hook
};

}  // namespace wsc::http
