#pragma once
/// The server API under /api/wsc/ (docs/api.md): push messages to users, broadcast, list who
/// is online and read node statistics. Every route needs `Authorization: Bearer <token>` with
/// a token from `api.tokens`.
///
/// Handlers run on the worker that owns the HTTP connection and never block: sends are posted
/// to the workers holding the recipients.

#include <chrono>
#include <string>
#include <vector>

#include "core/hub.h"
#include "http/router.h"

namespace wsc::api {

struct ServerApiOptions {
    std::vector<std::string> tokens;
    std::chrono::steady_clock::time_point started_at;
};

/// A node-unique message id ("m-<random>-<counter>").
std::string new_message_id();

/// Adds POST /api/wsc/send, POST /api/wsc/broadcast, GET /api/wsc/online and GET
/// /api/wsc/stats. `hub` and `options` must outlive the router.
void add_server_api_routes(http::Router& router, core::Hub& hub, const ServerApiOptions& options);

}  // namespace wsc::api
