#pragma once
/// Plain option structs: the effective configuration of one wscd node.
///
/// Field names follow the YAML keys of seed 000 under the `wsc:` root (so `limits.max_frame_size`
/// is `Options::limits.max_frame_size`). Defaults here are the embedded defaults wscd runs on
/// without a config file. The loader (config/loader.h) fills these from YAML, `${VAR}`
/// expansion, `WSC_*` environment variables and command-line flags, in that order.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wsc::config {

using Seconds = std::chrono::seconds;
using Millis = std::chrono::milliseconds;

struct HeartbeatOptions {
    bool enabled = true;
    Millis interval{std::chrono::seconds(30)};  // server ping period
    Millis timeout{std::chrono::seconds(90)};   // close after this long with no inbound traffic
};

struct CompressionOptions {
    bool enabled = true;          // negotiate permessage-deflate (RFC 7692)
    int level = 1;                // zlib level 1..9
    std::size_t min_size = 1024;  // messages smaller than this are sent uncompressed
};

struct LimitsOptions {
    std::size_t max_message_size = 1024 * 1024;    // bytes, after reassembly and inflation
    std::size_t max_frame_size = 1024 * 1024;      // bytes of one frame's payload
    std::size_t max_http_header_size = 8 * 1024;   // request line + headers
    std::size_t max_http_body_size = 1024 * 1024;  // HTTP request body (API)
    std::size_t max_connections_per_user = 10;     // 0 = no per-user limit
};

struct AuthOptions {
    std::string mode = "none";  // none: the user id comes from ?user_id= (development only)
};

struct MessageQueueOptions {
    std::size_t size = 1000;                  // messages queued per connection
    std::size_t max_bytes = 4 * 1024 * 1024;  // bytes queued per connection
    std::string overflow = "drop";            // drop | close (the slow consumer)
};

struct PermissionsOptions {
    bool client_send = false;  // clients may send messages to other users
};

struct StreamsOptions {
    std::size_t max_messages = 100;                  // kept per stream for resume (seed 002)
    Millis max_age{std::chrono::minutes(30)};        // older messages are dropped (seed 002)
    Millis resume_timeout{std::chrono::seconds(5)};  // wait for a first `resume` message
};

struct StoreOptions {
    std::string type = "memory";  // memory (rocksdb and redis come with their issues)
};

struct ApiOptions {
    bool enabled = true;              // serve /api/wsc/*
    std::vector<std::string> tokens;  // accepted bearer tokens; none = every call is refused
};

struct WsOptions {
    std::vector<std::string> subprotocols;               // offered by us, in preference order
    std::string echo_path;                               // "" = echo endpoint off
    Millis handshake_timeout{std::chrono::seconds(10)};  // TCP accept -> complete HTTP request
    Millis close_timeout{std::chrono::seconds(5)};       // our close frame -> TCP close
};

struct LogOptions {
    std::string level = "info";     // trace|debug|info|warn|error|critical|off
    std::string format = "text";    // text|json
    std::string output = "stdout";  // stdout|stderr|<file path>
    std::size_t max_size = 100;     // MB per file before rotation
    std::size_t max_backups = 10;   // rotated files kept
    std::size_t max_age = 30;       // days a rotated file is kept (0 = forever)
    bool compress = false;          // gzip rotated files
};

struct MetricsOptions {
    bool enabled = true;
    std::uint16_t port = 0;  // 0 = served on the main port
    std::string path = "/metrics";
    std::map<std::string, std::string> labels;  // constant labels on every series
};

struct ShutdownOptions {
    Millis drain_timeout{std::chrono::seconds(10)};  // SIGTERM -> every connection closed
};

struct Options {
    bool enabled = true;
    std::string host = "0.0.0.0";  // listen address
    std::uint16_t port = 8081;
    std::string path = "/ws";  // WebSocket upgrade path
    unsigned workers = 0;      // 0 = one per core
    std::size_t max_connections = 100000;
    std::size_t read_buffer_size = 16 * 1024;   // bytes of one pooled read buffer
    std::size_t write_buffer_size = 64 * 1024;  // byte budget of one gather write
    bool tcp_nodelay = true;
    bool tcp_keepalive = true;
    Millis tcp_keepalive_period{std::chrono::seconds(60)};

    std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed

    HeartbeatOptions heartbeat;
    CompressionOptions compression;
    LimitsOptions limits;
    WsOptions ws;
    LogOptions log;
    MetricsOptions metrics;
    ShutdownOptions shutdown;
    AuthOptions auth;
    ApiOptions api;
    StreamsOptions streams;
    MessageQueueOptions message_queue;
    PermissionsOptions permissions;
    StoreOptions store;
};

}  // namespace wsc::config
