#pragma once
/// /health, /ready and the Prometheus metrics route.
///
/// `/health` answers 200 while the process serves (liveness). `/ready` answers 200 while the
/// node accepts new connections and 503 once it drains, so a load balancer stops sending new
/// clients before the node goes away.

#include <atomic>
#include <chrono>
#include <string>

#include "core/hub.h"
#include "http/router.h"
#include "metrics/registry.h"

namespace wsc::api {

struct NodeStatus {
    const core::Hub& hub;
    const std::atomic<bool>& is_ready;  // false while starting and draining
    std::chrono::steady_clock::time_point started_at;
};

/// Adds GET /health and GET /ready. `status` must outlive the router.
void add_health_routes(http::Router& router, const NodeStatus& status);
/// Adds GET `path` rendering `registry` in the Prometheus text format.
void add_metrics_route(http::Router& router, std::string path, const metrics::Registry& registry);

}  // namespace wsc::api
