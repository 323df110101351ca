#pragma once
/// Loading the configuration: embedded defaults, then a YAML file, then `WSC_*` environment
/// variables, then command-line overrides; validated after the merge.
///
/// Every error names the key and, for values from a file, `file:line`, e.g.
/// `wsc.yaml:12: wsc.heartbeat.interval: invalid duration "30x" (expected e.g. 30s, 500ms, 2m)`.
/// The control plane may throw (STYLE.md point 8): errors are config::Error exceptions.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "config/options.h"

namespace wsc::config {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LoadRequest {
    /// A YAML file with a `wsc:` mapping at its root; none = defaults only (or WSC_CONFIG).
    std::optional<std::string> config_path;
    /// ("heartbeat.interval", "10s") pairs applied last; a leading "wsc." is optional.
    std::vector<std::pair<std::string, std::string>> overrides;
    /// The process environment; WSC_* variables override file values.
    std::map<std::string, std::string> environment;
};

/// Builds the effective Options. Throws config::Error.
Options load_options(const LoadRequest& request);

/// The process environment as a map.
std::map<std::string, std::string> current_environment();

/// The effective configuration as YAML under `wsc:`, every key present; it loads back to the
/// same Options.
std::string to_yaml(const Options& options);

}  // namespace wsc::config
