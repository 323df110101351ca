#include "api/health_routes.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace wsc::api {

namespace {
http::Response json_response(http::Status status, const boost::json::object& body) {
    return http::make_response(status, boost::json::serialize(body), "application/json");
}
}  // namespace

void add_health_routes(http::Router& router, const NodeStatus& status) {
    router.add(http::Verb::get, "/health", [&status](const http::Request&) {
        const auto uptime = std::chrono::steady_clock::now() - status.started_at;
        boost::json::object body;
        body["status"] = "ok";
        body["connections"] = status.hub.session_count();
        body["workers"] = status.hub.worker_count();
        body["uptime_seconds"] = std::chrono::duration_cast<std::chrono::seconds>(uptime).count();
        return json_response(http::Status::ok, body);
    });
    router.add(http::Verb::get, "/ready", [&status](const http::Request&) {
        const bool ready = status.is_ready.load(std::memory_order_relaxed);
        boost::json::object body;
        body["status"] = ready ? "ready" : "not_ready";
        return json_response(ready ? http::Status::ok : http::Status::service_unavailable, body);
    });
}

void add_metrics_route(http::Router& router, std::string path, const metrics::Registry& registry) {
    router.add(http::Verb::get, std::move(path), [&registry](const http::Request&) {
        return http::make_response(http::Status::ok, registry.render_prometheus(),
                                   "text/plain; version=0.0.4; charset=utf-8");
    });
}

}  // namespace wsc::api
