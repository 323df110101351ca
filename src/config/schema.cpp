#include "config/schema.h"

#include <limits>
#include <stdexcept>

#include "config/value_parse.h"

namespace wsc::config {

namespace {

using StringMap = std::map<std::string, std::string>;

// Each entry: path, doc, accessor, unit. Accessors are captureless lambdas (function pointers).
#define WSC_FIELD(type, member) +[](Options& o) -> type& { return o.member; }

const KeyInfo keys[] = {
    {"enabled", "serve at all (false: wscd exits at once)", WSC_FIELD(bool, enabled)},
    {"host", "listen address (IPv4 or IPv6 literal)", WSC_FIELD(std::string, host)},
    {"port", "listen port; 0 picks a free one (tests)", WSC_FIELD(std::uint16_t, port)},
    {"path", "WebSocket endpoint path", WSC_FIELD(std::string, path)},
    {"workers", "worker threads, one event loop each; 0 = one per core",
     WSC_FIELD(unsigned, workers)},
    {"max_connections", "WebSocket connections per node; more get HTTP 503",
     WSC_FIELD(std::size_t, max_connections)},
    {"read_buffer_size", "bytes of one pooled read buffer",
     WSC_FIELD(std::size_t, read_buffer_size), Unit::bytes},
    {"write_buffer_size", "byte budget of one gather write",
     WSC_FIELD(std::size_t, write_buffer_size), Unit::bytes},
    {"tcp_nodelay", "set TCP_NODELAY on accepted sockets", WSC_FIELD(bool, tcp_nodelay)},
    {"tcp_keepalive", "enable TCP keep-alive probes", WSC_FIELD(bool, tcp_keepalive)},
    {"trusted_proxies", "proxy addresses whose X-Forwarded-For names the client",
     WSC_FIELD(std::vector<std::string>, trusted_proxies)},
    {"tcp_keepalive_period", "idle time before and between keep-alive probes",
     WSC_FIELD(Millis, tcp_keepalive_period), Unit::duration},

    {"heartbeat.enabled", "send pings and close silent connections",
     WSC_FIELD(bool, heartbeat.enabled)},
    {"heartbeat.interval", "server ping period", WSC_FIELD(Millis, heartbeat.interval),
     Unit::duration},
    {"heartbeat.timeout", "close a connection with no inbound traffic for this long",
     WSC_FIELD(Millis, heartbeat.timeout), Unit::duration},

    {"compression.enabled", "negotiate permessage-deflate (RFC 7692)",
     WSC_FIELD(bool, compression.enabled)},
    {"compression.level", "zlib level, 1 (fast) to 9 (small)", WSC_FIELD(int, compression.level)},
    {"compression.min_size", "messages smaller than this are sent uncompressed",
     WSC_FIELD(std::size_t, compression.min_size), Unit::bytes},

    {"limits.max_message_size", "largest message, after reassembly and inflation (else 1009)",
     WSC_FIELD(std::size_t, limits.max_message_size), Unit::bytes},
    {"limits.max_frame_size", "largest frame payload (else 1009)",
     WSC_FIELD(std::size_t, limits.max_frame_size), Unit::bytes},
    {"limits.max_http_header_size", "request line and headers (else 431)",
     WSC_FIELD(std::size_t, limits.max_http_header_size), Unit::bytes},
    {"limits.max_http_body_size", "HTTP request body (else 413)",
     WSC_FIELD(std::size_t, limits.max_http_body_size), Unit::bytes},

    {"limits.max_connections_per_user", "connections one user may hold; 0 = no limit (else 429)",
     WSC_FIELD(std::size_t, limits.max_connections_per_user)},

    {"ws.subprotocols", "subprotocols we accept, in our order of preference",
     WSC_FIELD(std::vector<std::string>, ws.subprotocols)},
    {"ws.echo_path", "path of the echo endpoint; empty = off",
     WSC_FIELD(std::string, ws.echo_path)},
    {"ws.handshake_timeout", "time to send a complete HTTP request (else 408 and close)",
     WSC_FIELD(Millis, ws.handshake_timeout), Unit::duration},
    {"ws.close_timeout", "time the peer has to answer our close frame",
     WSC_FIELD(Millis, ws.close_timeout), Unit::duration},

    {"log.level", "trace, debug, info, warn, error, critical or off",
     WSC_FIELD(std::string, log.level)},
    {"log.format", "text or json (one object per line)", WSC_FIELD(std::string, log.format)},
    {"log.output", "stdout, stderr or a file path", WSC_FIELD(std::string, log.output)},
    {"log.max_size", "megabytes per log file before it rotates",
     WSC_FIELD(std::size_t, log.max_size)},
    {"log.max_backups", "rotated files kept", WSC_FIELD(std::size_t, log.max_backups)},
    {"log.max_age", "days a rotated file is kept; 0 = no age limit",
     WSC_FIELD(std::size_t, log.max_age)},
    {"log.compress", "gzip rotated files", WSC_FIELD(bool, log.compress)},

    {"metrics.enabled", "serve Prometheus metrics", WSC_FIELD(bool, metrics.enabled)},
    {"metrics.port", "separate metrics port; 0 = the main port",
     WSC_FIELD(std::uint16_t, metrics.port)},
    {"metrics.path", "metrics path", WSC_FIELD(std::string, metrics.path)},
    {"metrics.labels", "constant labels on every series (map)",
     WSC_FIELD(StringMap, metrics.labels)},

    {"auth.mode", "how a connection's user is known: none (?user_id=, development only)",
     WSC_FIELD(std::string, auth.mode)},

    {"api.enabled", "serve the server API under /api/wsc/", WSC_FIELD(bool, api.enabled)},
    {"api.tokens", "bearer tokens accepted by the server API; none = API closed",
     WSC_FIELD(std::vector<std::string>, api.tokens)},

    {"message_queue.size", "messages queued per connection (low: half, high: twice)",
     WSC_FIELD(std::size_t, message_queue.size)},
    {"message_queue.max_bytes", "bytes queued per connection (low: half, high: twice)",
     WSC_FIELD(std::size_t, message_queue.max_bytes), Unit::bytes},
    {"message_queue.overflow", "a full queue: drop (count it) or close (the slow consumer, 4002)",
     WSC_FIELD(std::string, message_queue.overflow)},

    {"permissions.client_send", "clients may send messages to other users ({\"type\":\"send\"})",
     WSC_FIELD(bool, permissions.client_send)},

    {"streams.max_messages", "messages kept per stream for resume and offline delivery",
     WSC_FIELD(std::size_t, streams.max_messages)},
    {"streams.max_age", "messages older than this are no longer replayed",
     WSC_FIELD(Millis, streams.max_age), Unit::duration},
    {"streams.resume_timeout",
     "how long a connection opened with ?resume=message waits for its resume message",
     WSC_FIELD(Millis, streams.resume_timeout), Unit::duration},
    {"store.type", "where streams live: memory", WSC_FIELD(std::string, store.type)},

    {"shutdown.drain_timeout", "SIGTERM: time to flush and close connections before exiting",
     WSC_FIELD(Millis, shutdown.drain_timeout), Unit::duration},
};

#undef WSC_FIELD

template <class T>
T checked_integer(std::string_view text) {
    const std::uint64_t value = parse_unsigned(text);
    if (value > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        throw std::invalid_argument("number too large: " + std::string(text));
    }
    return static_cast<T>(value);
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (!item.empty()) {
            out.emplace_back(item);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return out;
}

}  // namespace

std::span<const KeyInfo> schema() {
    return keys;
}

const KeyInfo* find_key(std::string_view path) {
    if (path.starts_with("wsc.")) {
        path.remove_prefix(4);
    }
    for (const KeyInfo& key : keys) {
        if (key.path == path) {
            return &key;
        }
    }
    return nullptr;
}

std::string environment_name(const KeyInfo& key) {
    std::string name = "WSC_";
    for (char c : key.path) {
        name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

void set_from_text(Options& options, const KeyInfo& key, std::string_view text) {
    std::visit(
        [&](auto field) {
            using T = std::remove_reference_t<decltype(field(options))>;
            T& target = field(options);
            if constexpr (std::is_same_v<T, bool>) {
                target = parse_bool(text);
            } else if constexpr (std::is_same_v<T, int>) {
                target = checked_integer<int>(text);
            } else if constexpr (std::is_same_v<T, unsigned> || std::is_same_v<T, std::uint16_t>) {
                target = checked_integer<T>(text);
            } else if constexpr (std::is_same_v<T, std::size_t>) {
                target = key.unit == Unit::bytes ? static_cast<std::size_t>(parse_byte_size(text))
                                                 : checked_integer<std::size_t>(text);
            } else if constexpr (std::is_same_v<T, Millis>) {
                target = parse_duration(text);
            } else if constexpr (std::is_same_v<T, std::string>) {
                target = std::string(text);
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                target = split_list(text);
            } else {
                std::map<std::string, std::string> map;
                for (const std::string& item : split_list(text)) {
                    const std::size_t eq = item.find('=');
                    if (eq == std::string::npos || eq == 0) {
                        throw std::invalid_argument("invalid map entry \"" + item +
                                                    "\" (expected name=value)");
                    }
                    map[item.substr(0, eq)] = item.substr(eq + 1);
                }
                target = std::move(map);
            }
        },
        key.field);
}

void set_list(Options& options, const KeyInfo& key, std::vector<std::string> values) {
    std::get<FieldRef<std::vector<std::string>>>(key.field)(options) = std::move(values);
}

void set_map(Options& options, const KeyInfo& key, std::map<std::string, std::string> values) {
    std::get<FieldRef<std::map<std::string, std::string>>>(key.field)(options) = std::move(values);
}

std::string value_text(const Options& options, const KeyInfo& key) {
    auto& mutable_options = const_cast<Options&>(options);  // accessors are shared with setters
    return std::visit(
        [&](auto field) -> std::string {
            using T = std::remove_reference_t<decltype(field(mutable_options))>;
            const T& value = field(mutable_options);
            if constexpr (std::is_same_v<T, bool>) {
                return value ? "true" : "false";
            } else if constexpr (std::is_same_v<T, Millis>) {
                return format_duration(value);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return value;
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                std::string out;
                for (const auto& item : value) {
                    out += (out.empty() ? "" : ",") + item;
                }
                return out;
            } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
                std::string out;
                for (const auto& [name, v] : value) {
                    out += (out.empty() ? "" : ",") + name + "=" + v;
                }
                return out;
            } else {
                return std::to_string(value);
            }
        },
        key.field);
}

}  // namespace wsc::config
