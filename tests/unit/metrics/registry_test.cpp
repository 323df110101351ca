#include "metrics/registry.h"

#include <gtest/gtest.h>

#include "metrics/counter.h"

namespace wsc::metrics {
namespace {

TEST(Registry, RendersPrometheusTextWithConstantLabels) {
    Counter sent;
    sent.inc(41);
    sent.inc();
    Registry registry(std::map<std::string, std::string>{{"node", "n1"}});
    registry.add_value("wsc_messages_sent_total", "Messages sent.", MetricType::counter,
                       [&] { return static_cast<double>(sent.value()); });
    registry.add("wsc_errors_total", "Errors.", MetricType::counter, [] {
        return std::vector<Sample>{{{{"kind", "protocol"}}, 3}, {{{"kind", "a\"b"}}, 1}};
    });
    const std::string text = registry.render_prometheus();
    EXPECT_NE(text.find("# TYPE wsc_messages_sent_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("wsc_messages_sent_total{node=\"n1\"} 42\n"), std::string::npos);
    EXPECT_NE(text.find("wsc_errors_total{node=\"n1\",kind=\"protocol\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("kind=\"a\\\"b\""), std::string::npos);
    EXPECT_EQ(registry.sum("wsc_errors_total"), 4);
}

TEST(Gauge, AddsAndSubtracts) {
    Gauge g;
    g.inc();
    g.inc();
    g.dec();
    g.add(-5);
    EXPECT_EQ(g.value(), -4);
}

}  // namespace
}  // namespace wsc::metrics
