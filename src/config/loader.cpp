#include "config/loader.h"

#include <yaml-cpp/yaml.h>
#include <boost/asio/ip/address.hpp>

#include <fstream>
#include <sstream>

#include "config/schema.h"
#include "config/value_parse.h"

extern char** environ;

namespace wsc::config {

namespace {

// ---------------------------------------------------------------------------------------------
// ${VAR} expansion

/// Expands ${VAR} and ${VAR:-default}; throws std::invalid_argument for an unset variable
/// without a default or an unterminated reference.
std::string expand_variables(const std::string& text,
                             const std::map<std::string, std::string>& environment) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = text.find("${", pos);
        if (start == std::string::npos) {
            out.append(text, pos);
            break;
        }
        out.append(text, pos, start - pos);
        const std::size_t end = text.find('}', start);
        if (end == std::string::npos) {
            throw std::invalid_argument("unterminated ${ in \"" + text + "\"");
        }
        std::string name = text.substr(start + 2, end - start - 2);
        std::optional<std::string> fallback;
        if (const std::size_t dash = name.find(":-"); dash != std::string::npos) {
            fallback = name.substr(dash + 2);
            name.resize(dash);
        }
        auto it = environment.find(name);
        if (it != environment.end() && !it->second.empty()) {
            out += it->second;
        } else if (fallback) {
            out += *fallback;
        } else {
            throw std::invalid_argument("environment variable " + name + " is not set");
        }
        pos = end + 1;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// YAML

class FileLoader {
public:
    FileLoader(std::string path, const std::map<std::string, std::string>& environment,
               Options& options)
        : path_(std::move(path)), environment_(environment), options_(options) {}

    void load() {
        YAML::Node root;
        try {
            root = YAML::LoadFile(path_);
        } catch (const YAML::BadFile&) {
            throw Error(path_ + ": cannot read the configuration file");
        } catch (const YAML::ParserException& e) {
            throw Error(where(e.mark) + "invalid YAML: " + e.msg);
        }
        if (!root.IsMap() || !root["wsc"]) {
            throw Error(path_ + ": the configuration must have a \"wsc:\" mapping at its root");
        }
        for (const auto& entry : root) {
            const std::string name = entry.first.as<std::string>();
            if (name != "wsc") {
                throw Error(where(entry.first.Mark()) + "unknown key " + name +
                            " (settings live under wsc:)");
            }
        }
        const YAML::Node wsc = root["wsc"];
        if (wsc.IsNull()) {
            return;
        }
        if (!wsc.IsMap()) {
            throw Error(where(wsc.Mark()) + "wsc: must be a mapping");
        }
        walk(wsc, "");
    }

private:
    std::string where(const YAML::Mark& mark) const {
        return path_ + ":" + std::to_string(mark.line + 1) + ": ";
    }

    void walk(const YAML::Node& map, const std::string& prefix) {
        for (const auto& entry : map) {
            const std::string path = prefix + entry.first.as<std::string>();
            const YAML::Node& value = entry.second;
            if (const KeyInfo* key = find_key(path)) {
                assign(*key, value, entry.first.Mark());
            } else if (is_section(path) && (value.IsMap() || value.IsNull())) {
                if (value.IsMap()) {
                    walk(value, path + ".");
                }
            } else {
                throw Error(where(entry.first.Mark()) + "unknown key wsc." + path);
            }
        }
    }

    static bool is_section(const std::string& path) {
        for (const KeyInfo& key : schema()) {
            if (key.path.starts_with(path + ".")) {
                return true;
            }
        }
        return false;
    }

    std::string scalar(const YAML::Node& node, const KeyInfo& key, const YAML::Mark& mark) {
        if (!node.IsScalar()) {
            throw Error(where(mark) + "wsc." + std::string(key.path) + ": expected a single value");
        }
        try {
            return expand_variables(node.Scalar(), environment_);
        } catch (const std::invalid_argument& e) {
            throw Error(where(node.Mark()) + "wsc." + std::string(key.path) + ": " + e.what());
        }
    }

    void assign(const KeyInfo& key, const YAML::Node& value, const YAML::Mark& mark) {
        try {
            if (value.IsNull()) {
                if (key.is_list() || key.is_map()) {
                    key.is_list() ? set_list(options_, key, {}) : set_map(options_, key, {});
                    return;
                }
                set_from_text(options_, key, "");
            } else if (key.is_list() && value.IsSequence()) {
                std::vector<std::string> items;
                for (const auto& item : value) {
                    items.push_back(scalar(item, key, item.Mark()));
                }
                set_list(options_, key, std::move(items));
            } else if (key.is_map() && value.IsMap()) {
                std::map<std::string, std::string> items;
                for (const auto& item : value) {
                    items[item.first.as<std::string>()] =
                        scalar(item.second, key, item.second.Mark());
                }
                set_map(options_, key, std::move(items));
            } else {
                set_from_text(options_, key, scalar(value, key, mark));
            }
        } catch (const std::invalid_argument& e) {
            throw Error(where(mark) + "wsc." + std::string(key.path) + ": " + e.what());
        }
    }

    std::string path_;
    const std::map<std::string, std::string>& environment_;
    Options& options_;
};

// ---------------------------------------------------------------------------------------------
// Environment and command line

void apply_environment(Options& options, const std::map<std::string, std::string>& environment) {
    for (const auto& [name, value] : environment) {
        if (!name.starts_with("WSC_") || name == "WSC_CONFIG") {
            continue;
        }
        const KeyInfo* match = nullptr;
        for (const KeyInfo& key : schema()) {
            if (environment_name(key) == name) {
                match = &key;
                break;
            }
        }
        if (match == nullptr) {
            throw Error("environment variable " + name +
                        ": no such setting (see "
                        "docs/configuration.md for the WSC_* names)");
        }
        try {
            set_from_text(options, *match, value);
        } catch (const std::invalid_argument& e) {
            throw Error("environment variable " + name + " (wsc." + std::string(match->path) +
                        "): " + e.what());
        }
    }
}

void apply_overrides(Options& options,
                     const std::vector<std::pair<std::string, std::string>>& overrides) {
    for (const auto& [path, value] : overrides) {
        const KeyInfo* key = find_key(path);
        if (key == nullptr) {
            throw Error("command line: unknown key " + path);
        }
        try {
            set_from_text(options, *key, value);
        } catch (const std::invalid_argument& e) {
            throw Error("command line: wsc." + std::string(key->path) + ": " + e.what());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

void require(bool ok, std::string_view key, const std::string& why) {
    if (!ok) {
        throw Error("wsc." + std::string(key) + ": " + why);
    }
}

void validate(const Options& o) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(o.host, ec);
    require(!ec, "host", "\"" + o.host + "\" is not an IPv4 or IPv6 address");
    require(o.path.starts_with("/"), "path", "must start with /");
    require(o.ws.echo_path.empty() || o.ws.echo_path.starts_with("/"), "ws.echo_path",
            "must start with / (or be empty to turn the echo endpoint off)");
    require(o.ws.echo_path != o.path, "ws.echo_path", "must differ from wsc.path");
    require(o.workers <= 256, "workers", "must be 0 (one per core) to 256");
    require(o.max_connections >= 1, "max_connections", "must be at least 1");
    require(o.read_buffer_size >= 1024 && o.read_buffer_size <= 16 * 1024 * 1024,
            "read_buffer_size", "must be between 1KiB and 16MiB");
    require(o.write_buffer_size >= 4096, "write_buffer_size", "must be at least 4KiB");
    require(o.tcp_keepalive_period.count() >= 1000, "tcp_keepalive_period", "must be at least 1s");
    if (o.heartbeat.enabled) {
        require(o.heartbeat.interval.count() > 0, "heartbeat.interval", "must be positive");
        require(o.heartbeat.timeout > o.heartbeat.interval, "heartbeat.timeout",
                "must be longer than heartbeat.interval");
    }
    require(o.compression.level >= 1 && o.compression.level <= 9, "compression.level",
            "must be 1 to 9");
    constexpr std::size_t gib = 1024 * 1024 * 1024;
    require(o.limits.max_frame_size >= 125 && o.limits.max_frame_size <= gib,
            "limits.max_frame_size", "must be between 125 bytes and 1GiB");
    require(o.limits.max_message_size >= 125 && o.limits.max_message_size <= gib,
            "limits.max_message_size", "must be between 125 bytes and 1GiB");
    require(o.limits.max_http_header_size >= 1024, "limits.max_http_header_size",
            "must be at least 1KiB");
    require(o.limits.max_http_body_size <= gib, "limits.max_http_body_size",
            "must be at most 1GiB");
    require(o.ws.handshake_timeout.count() > 0, "ws.handshake_timeout", "must be positive");
    require(o.ws.close_timeout.count() > 0, "ws.close_timeout", "must be positive");
    require(o.shutdown.drain_timeout.count() > 0, "shutdown.drain_timeout", "must be positive");
    const std::string_view levels[] = {"trace", "debug",    "info", "warn",
                                       "error", "critical", "off"};
    require(std::find(std::begin(levels), std::end(levels), o.log.level) != std::end(levels),
            "log.level", "must be trace, debug, info, warn, error, critical or off");
    require(o.log.format == "text" || o.log.format == "json", "log.format", "must be text or json");
    require(!o.log.output.empty(), "log.output", "must be stdout, stderr or a file path");
    require(o.log.max_size >= 1, "log.max_size", "must be at least 1 (megabyte)");
    require(o.metrics.path.starts_with("/"), "metrics.path", "must start with /");
    require(o.auth.mode == "none", "auth.mode", "must be one of: none");
    require(o.store.type == "memory", "store.type", "must be one of: memory");
    require(o.message_queue.overflow == "drop" || o.message_queue.overflow == "close",
            "message_queue.overflow", "must be drop or close");
    require(o.message_queue.size >= 1, "message_queue.size", "must be at least 1");
    require(o.message_queue.max_bytes >= o.limits.max_message_size + 14, "message_queue.max_bytes",
            "must hold at least one message of limits.max_message_size");
    require(o.streams.max_age.count() > 0, "streams.max_age", "must be positive");
    require(o.streams.resume_timeout.count() > 0, "streams.resume_timeout", "must be positive");
    for (const std::string& proxy : o.trusted_proxies) {
        boost::asio::ip::make_address(proxy, ec);
        require(!ec, "trusted_proxies", "\"" + proxy + "\" is not an IP address");
    }
    for (const std::string& token : o.api.tokens) {
        require(token.size() >= 8, "api.tokens", "tokens must be at least 8 characters");
    }
}

}  // namespace

Options load_options(const LoadRequest& request) {
    Options options;
    std::optional<std::string> path = request.config_path;
    if (!path) {
        if (auto it = request.environment.find("WSC_CONFIG");
            it != request.environment.end() && !it->second.empty()) {
            path = it->second;
        }
    }
    if (path) {
        FileLoader(*path, request.environment, options).load();
    }
    apply_environment(options, request.environment);
    apply_overrides(options, request.overrides);
    validate(options);
    return options;
}

std::map<std::string, std::string> current_environment() {
    std::map<std::string, std::string> environment;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        const std::size_t eq = text.find('=');
        if (eq != std::string_view::npos) {
            environment.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
        }
    }
    return environment;
}

std::string to_yaml(const Options& options) {
    YAML::Node wsc(YAML::NodeType::Map);
    for (const KeyInfo& key : schema()) {
        // Walk or create the sections of the path, then set the leaf.
        std::vector<std::string> parts;
        std::string_view rest = key.path;
        while (true) {
            const std::size_t dot = rest.find('.');
            parts.emplace_back(rest.substr(0, dot));
            if (dot == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(dot + 1);
        }
        YAML::Node node = wsc;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
            if (!node[parts[i]]) {
                node[parts[i]] = YAML::Node(YAML::NodeType::Map);
            }
            node.reset(node[parts[i]]);
        }
        auto& mutable_options = const_cast<Options&>(options);
        YAML::Node leaf;
        if (key.is_list()) {
            leaf = YAML::Node(YAML::NodeType::Sequence);
            for (const auto& item :
                 std::get<FieldRef<std::vector<std::string>>>(key.field)(mutable_options)) {
                leaf.push_back(item);
            }
        } else if (key.is_map()) {
            leaf = YAML::Node(YAML::NodeType::Map);
            for (const auto& [name, value] : std::get<FieldRef<std::map<std::string, std::string>>>(
                     key.field)(mutable_options)) {
                leaf[name] = value;
            }
        } else {
            leaf = value_text(options, key);
        }
        node[parts.back()] = leaf;
    }
    YAML::Node root;
    root["wsc"] = wsc;
    YAML::Emitter out;
    out << root;
    return std::string(out.c_str()) + "\n";
}

}  // namespace wsc::config
