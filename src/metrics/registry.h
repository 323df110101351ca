#pragma once
/// Registry: the list of exported metric families, each summed from its per-worker cells by a
/// callback at scrape time, rendered in the Prometheus text exposition format (version 0.0.4).
///
/// Families are registered during start-up (single-threaded) and read by any thread afterwards;
/// the registry itself is immutable once the server runs.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace wsc::metrics {

enum class MetricType { counter, gauge };

/// One labelled series of a family: label pairs (without the registry's constant labels) and
/// its value at scrape time.
struct Sample {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
};

class Registry {
public:
    using Collect = std::function<std::vector<Sample>()>;

    /// Constant labels added to every series (the `metrics.labels` config key).
    explicit Registry(std::map<std::string, std::string> constant_labels = {});

    /// Adds a family. `name` follows `wsc_<module>_<what>[_<unit>]`; counters end in `_total`.
    void add(std::string name, std::string help, MetricType type, Collect collect);
    /// Shorthand for a family with a single unlabelled series.
    void add_value(std::string name, std::string help, MetricType type,
                   std::function<double()> value);

    /// Renders every family; safe from any thread once start-up is over.
    [[nodiscard]] std::string render_prometheus() const;
    /// The current value of one unlabelled series, or of the sum of a family's series.
    [[nodiscard]] double sum(const std::string& name) const;

private:
    struct Family {
        std::string name;
        std::string help;
        MetricType type;
        Collect collect;
    };
    std::vector<std::pair<std::string, std::string>> constant_labels_;
    std::vector<Family> families_;
};

}  // namespace wsc::metrics
