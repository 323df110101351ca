#include "api/health_routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wsc::api {
namespace {

http::Request get(std::string target) {
    return http::Request(http::Verb::get, target, 11);
}

TEST(HealthRoutes, HealthAndReadinessFollowTheNodeState) {
    core::Hub hub(core::HubOptions{}, 2);
    std::atomic<bool> ready{true};
    NodeStatus status{hub, ready, std::chrono::steady_clock::now()};
    http::Router router;
    add_health_routes(router, status);

    http::Response health = router.dispatch(get("/health"));
    EXPECT_EQ(health.result(), http::Status::ok);
    auto body = boost::json::parse(health.body()).as_object();
    EXPECT_EQ(body.at("status").as_string(), "ok");
    EXPECT_EQ(body.at("connections").as_int64(), 0);
    EXPECT_EQ(body.at("workers").as_int64(), 2);

    EXPECT_EQ(router.dispatch(get("/ready")).result(), http::Status::ok);
    ready = false;
    http::Response draining = router.dispatch(get("/ready"));
    EXPECT_EQ(draining.result(), http::Status::service_unavailable);
    EXPECT_EQ(boost::json::parse(draining.body()).at("status").as_string(), "not_ready");
    // Liveness does not depend on readiness.
    EXPECT_EQ(router.dispatch(get("/health")).result(), http::Status::ok);
}

TEST(HealthRoutes, MetricsRouteRendersTheRegistry) {
    metrics::Registry registry;
    registry.add_value("wsc_connections", "Open connections.", metrics::MetricType::gauge,
                       [] { return 7.0; });
    http::Router router;
    add_metrics_route(router, "/metrics", registry);
    http::Response response = router.dispatch(get("/metrics"));
    EXPECT_EQ(response[http::Field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(response.body().find("wsc_connections 7\n"), std::string::npos);
}

}  // namespace
}  // namespace wsc::api
