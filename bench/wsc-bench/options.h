#pragma once
/// What a wsc-bench run does: the scenario, the target and the load. Filled from the command
/// line (main.cpp); every process of a run gets the same copy.

#include <cstddef>
#include <cstdint>
#include <string>

namespace wscbench {

/// The HTTP/WebSocket dialect of the server under test.
enum class TargetKind : std::uint8_t {
    wsc,   // POST /api/wsc/send|batch|broadcast with a bearer token; envelopes with seq
    peer,  // bench/peers: POST /send?user_id=U and POST /broadcast, body = the message
};

struct Options {
    // connect | hold | p2p | broadcast | echo | mixed | reconnect-storm
    std::string scenario = "p2p";
    TargetKind target = TargetKind::wsc;
    std::string host = "127.0.0.1";
    std::uint16_t port = 8081;
    std::string ws_path = "/ws";
    std::string token;  // wsc: the API bearer token

    std::size_t connections = 1000;         // WebSocket clients, users u0..u<N-1>
    std::size_t processes = 0;              // client processes; 0: one per 15,000 connections
    double connect_rate = 0;                // new connections per second, all processes; 0: no cap
    std::size_t connect_concurrency = 256;  // handshakes in flight per process
    bool spread_sources = true;             // bind clients to 127.0.0.2-254 on loopback

    double rate = 1000;      // messages (p2p) or broadcasts per second; 0: as fast as possible
    double duration_s = 10;  // how long the trigger sends
    double drain_s = 5;      // the longest wait for stragglers afterwards
    std::size_t message_bytes = 100;    // size of the message's data
    std::size_t batch = 1;              // p2p: messages per API request (wsc: /api/wsc/batch)
    std::size_t api_connections = 4;    // keep-alive HTTP connections of the trigger
    std::size_t max_outstanding = 256;  // pipelined requests per API connection

    double broadcast_rate = 1;  // mixed: broadcasts per second among the API messages
    double chat_rate = 1000;    // mixed: messages per second the clients send to other users

    int server_pid = 0;         // hold: sample the server's RSS from /proc/<pid>/status
    double storm_percent = 50;  // reconnect-storm: connections dropped at once
    double storm_at_s = -1;     // reconnect-storm: when, into sending (-1: half-way)

    std::string json_path;  // machine-readable result, if set
    /// Set by the parent before the clients start: messages stamped earlier are left over
    /// from an earlier run (replayed on resume) and not counted.
    std::int64_t run_started_ns = 0;
    bool progress = true;  // a line per second on stderr
};

}  // namespace wscbench
