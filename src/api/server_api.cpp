#include "api/server_api.h"

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <random>

#include "api/bearer_token.h"
#include "core/authenticator.h"
#include "core/envelope.h"

namespace wsc::api {

namespace {

namespace json = boost::json;

constexpr std::size_t max_recipients = 10000;
constexpr std::size_t max_type_chars = 64;
constexpr std::size_t max_id_chars = 128;
constexpr std::size_t default_page = 100;
constexpr std::size_t max_page = 1000;

http::Response json_ok(const json::object& body) {
    return http::make_response(http::Status::ok, json::serialize(body), "application/json");
}

http::Response bad_request(std::string_view message) {
    return http::make_json_error(http::Status::bad_request, "invalid_request", message);
}

}  // namespace

/// A node-unique message id: a random prefix chosen at start-up and a counter.
std::string new_message_id() {
    static const std::uint64_t prefix = std::random_device{}() * 0x9E3779B97F4A7C15ULL;
    static std::atomic<std::uint64_t> counter{0};
    char id[40];
    std::snprintf(id, sizeof id, "m-%08llx-%llx", static_cast<unsigned long long>(prefix >> 32),
                  static_cast<unsigned long long>(counter.fetch_add(1) + 1));
    return id;
}

namespace {

/// The fields every message request shares: type, data, id. Returns an error message naming
/// the field, or "" when the request is valid.
std::string read_message_fields(const json::object& body, core::PushMessage& fields) {
    const json::value* type = body.if_contains("type");
    if (type == nullptr || !type->is_string() || type->as_string().empty() ||
        type->as_string().size() > max_type_chars) {
        return "type: required, a string of 1-64 characters";
    }
    fields.type = std::string(type->as_string());
    if (const json::value* data = body.if_contains("data")) {
        // Serialized once per request, never per recipient.
        fields.data_json = json::serialize(*data);
    }
    if (const json::value* id = body.if_contains("id")) {
        if (!id->is_string() || id->as_string().empty() || id->as_string().size() > max_id_chars) {
            return "id: must be a string of 1-128 characters";
        }
        fields.id = std::string(id->as_string());
    } else {
        fields.id = new_message_id();
    }
    if (const json::value* priority = body.if_contains("priority")) {
        const json::string* name = priority->if_string();
        if (name != nullptr && *name == "high") {
            fields.priority = core::Priority::high;
        } else if (name != nullptr && *name == "low") {
            fields.priority = core::Priority::low;
        } else if (name == nullptr || *name != "normal") {
            return "priority: must be \"high\", \"normal\" or \"low\"";
        }
    }
    for (auto [name, target] : {std::pair{"exclude_user", &fields.exclude_user},
                                std::pair{"exclude_session", &fields.exclude_session}}) {
        if (const json::value* value = body.if_contains(name)) {
            if (!value->is_string()) {
                return std::string(name) + ": must be a string";
            }
            *target = std::string(value->as_string());
        }
    }
    if (const json::value* persist = body.if_contains("persist")) {
        if (!persist->is_bool()) {
            return "persist: must be true or false";
        }
        fields.persist = persist->as_bool();
    }
    return {};
}

/// Parses the body as a JSON object; on failure fills `error`.
std::optional<json::object> parse_body(const http::Request& request, std::string& error) {
    json::error_code ec;
    json::value value = json::parse(request.body(), ec);
    if (ec) {
        error = "body: invalid JSON (" + ec.message() + ")";
        return std::nullopt;
    }
    if (!value.is_object()) {
        error = "body: must be a JSON object";
        return std::nullopt;
    }
    return std::move(value.as_object());
}

json::object sent(const core::PushMessage& message, const core::SendReport& report) {
    json::object seq;
    for (const auto& [stream, value] : report.seqs) {
        seq[stream] = value;
    }
    return {{"id", message.id}, {"delivered_to", report.delivered_to}, {"seq", seq}};
}

/// A command's outcome: the answer object, or an error message naming the field.
struct Outcome {
    json::object answer;
    std::string error;
};

Outcome send_command(core::Hub& hub, const json::object& body) {
    std::vector<std::string> users;
    const json::value* one = body.if_contains("user_id");
    const json::value* many = body.if_contains("user_ids");
    if ((one == nullptr) == (many == nullptr)) {
        return {{}, "user_id or user_ids: exactly one is required"};
    }
    if (one != nullptr) {
        if (!one->is_string() || !core::is_valid_user_id(one->as_string())) {
            return {{},
                    "user_id: must be a user id (1-128 characters of letters, digits and "
                    "_ - . : @)"};
        }
        users.emplace_back(one->as_string());
    } else {
        if (!many->is_array() || many->as_array().empty() ||
            many->as_array().size() > max_recipients) {
            return {{}, "user_ids: must be an array of 1-10000 user ids"};
        }
        for (const json::value& user : many->as_array()) {
            if (!user.is_string() || !core::is_valid_user_id(user.as_string())) {
                return {{}, "user_ids: every element must be a user id"};
            }
            users.emplace_back(user.as_string());
        }
    }
    core::PushMessage message;
    if (std::string error = read_message_fields(body, message); !error.empty()) {
        return {{}, error};
    }
    return {sent(message, hub.send_to_users(users, message)), {}};
}

Outcome broadcast_command(core::Hub& hub, const json::object& body) {
    core::PushMessage message;
    if (std::string error = read_message_fields(body, message); !error.empty()) {
        return {{}, error};
    }
    return {sent(message, hub.broadcast(message)), {}};
}

/// Runs one command on the parsed body and answers 200 or 400.
template <class Command>
http::Response run_command(core::Hub& hub, const http::Request& request, Command command) {
    std::string error;
    auto body = parse_body(request, error);
    if (!body) {
        return bad_request(error);
    }
    Outcome outcome = command(hub, *body);
    return outcome.error.empty() ? json_ok(outcome.answer) : bad_request(outcome.error);
}

constexpr std::size_t max_batch_commands = 1000;

/// POST /api/wsc/batch: {"commands":[{"op":"send",…},{"op":"broadcast",…}]}. Commands run in
/// order; each gets its own result or error, so one bad command does not sink the others.
http::Response batch(core::Hub& hub, const http::Request& request) {
    std::string error;
    auto body = parse_body(request, error);
    if (!body) {
        return bad_request(error);
    }
    const json::value* commands = body->if_contains("commands");
    if (commands == nullptr || !commands->is_array() || commands->as_array().empty() ||
        commands->as_array().size() > max_batch_commands) {
        return bad_request("commands: must be an array of 1-1000 commands");
    }
    json::array results;
    for (const json::value& command : commands->as_array()) {
        Outcome outcome;
        const json::value* op =
            command.is_object() ? command.as_object().if_contains("op") : nullptr;
        if (op != nullptr && op->is_string() && op->as_string() == "send") {
            outcome = send_command(hub, command.as_object());
        } else if (op != nullptr && op->is_string() && op->as_string() == "broadcast") {
            outcome = broadcast_command(hub, command.as_object());
        } else {
            outcome.error = "op: must be \"send\" or \"broadcast\"";
        }
        if (outcome.error.empty()) {
            results.push_back(std::move(outcome.answer));
        } else {
            results.push_back(json::object{
                {"error", json::object{{"code", "invalid_request"}, {"message", outcome.error}}}});
        }
    }
    return json_ok({{"results", std::move(results)}});
}

json::object metadata_of(const core::ConnectionSummary& connection) {
    json::object metadata;
    for (const auto& [name, value] : connection.metadata) {
        metadata[name] = value;
    }
    return metadata;
}

/// GET /api/wsc/users/{id}: the user's connections.
http::Response user_details(core::Hub& hub, const http::Request& request) {
    std::string_view id = http::target_path(request.target());
    id.remove_prefix(std::string_view("/api/wsc/users/").size());
    if (!core::is_valid_user_id(id)) {
        return bad_request(
            "user id in the path: 1-128 characters of letters, digits and _ - . : @");
    }
    json::array connections;
    for (const core::ConnectionSummary& c : hub.directory().connections_of(id)) {
        connections.push_back(json::object{{"session_id", c.session_id},
                                           {"worker", c.worker},
                                           {"connected_at", c.connected_at_ms},
                                           {"remote_address", c.remote_address},
                                           {"user_agent", c.user_agent},
                                           {"metadata", metadata_of(c)}});
    }
    const bool online = !connections.empty();
    return json_ok({{"user_id", id}, {"online", online}, {"connections", std::move(connections)}});
}

/// POST /api/wsc/disconnect: {"user_id", "session_id"?, "code"?, "reason"?}.
http::Response disconnect(core::Hub& hub, const http::Request& request) {
    std::string error;
    auto body = parse_body(request, error);
    if (!body) {
        return bad_request(error);
    }
    const json::value* user = body->if_contains("user_id");
    if (user == nullptr || !user->is_string() || !core::is_valid_user_id(user->as_string())) {
        return bad_request("user_id: required, a user id");
    }
    std::string session_id;
    if (const json::value* session = body->if_contains("session_id")) {
        if (!session->is_string()) {
            return bad_request("session_id: must be a string");
        }
        session_id = std::string(session->as_string());
    }
    std::int64_t code = 4500;  // docs/protocol.md: "disconnected by the server, don't reconnect"
    if (const json::value* value = body->if_contains("code")) {
        code = value->is_int64() ? value->as_int64() : -1;
        if (!(code == 1000 || code == 1001 || code == 1008 || (code >= 3000 && code <= 4999))) {
            return bad_request("code: must be 1000, 1001, 1008 or 3000-4999");
        }
    }
    std::string reason = "disconnected by the server";
    if (const json::value* value = body->if_contains("reason")) {
        if (!value->is_string() || value->as_string().size() > 120) {
            return bad_request("reason: must be a string of at most 120 bytes");
        }
        reason = std::string(value->as_string());
    }
    const std::size_t count = hub.disconnect(user->as_string(), session_id,
                                             static_cast<ws::CloseCode>(code), std::move(reason));
    return json_ok({{"disconnected", count}});
}

http::Response online(core::Hub& hub, const http::Request& request) {
    const std::string_view target = request.target();
    const std::string cursor = core::query_parameter(target, "cursor").value_or("");
    std::size_t limit = default_page;
    if (auto text = core::query_parameter(target, "limit")) {
        char* end = nullptr;
        const unsigned long value = std::strtoul(text->c_str(), &end, 10);
        if (text->empty() || *end != '\0' || value == 0 || value > max_page) {
            return bad_request("limit: must be 1-1000");
        }
        limit = value;
    }
    std::vector<std::string> page = hub.directory().users_after(cursor, limit);
    json::array users;
    for (const std::string& user : page) {
        users.emplace_back(user);
    }
    json::object body{{"users", std::move(users)}, {"total", hub.directory().user_count()}};
    if (page.size() == limit) {
        body["next_cursor"] = page.back();
    } else {
        body["next_cursor"] = nullptr;
    }
    return json_ok(body);
}

http::Response stats(core::Hub& hub, const ServerApiOptions& options) {
    json::array workers;
    std::uint64_t sent = 0, received = 0, dropped = 0;
    std::int64_t queued_messages = 0, queued_bytes = 0;
    for (std::size_t i = 0; i < hub.worker_count(); ++i) {
        const core::CoreStats& s = hub.stats(i);
        workers.push_back(json::object{{"worker", i},
                                       {"connections", s.sessions.value()},
                                       {"messages_sent", s.messages_sent.value()},
                                       {"messages_received", s.messages_received.value()},
                                       {"messages_dropped", s.frames_dropped.value()},
                                       {"queued_messages", s.queued_frames.value()},
                                       {"queued_bytes", s.queued_bytes.value()}});
        sent += s.messages_sent.value();
        received += s.messages_received.value();
        dropped += s.frames_dropped.value();
        queued_messages += s.queued_frames.value();
        queued_bytes += s.queued_bytes.value();
    }
    const auto uptime = std::chrono::steady_clock::now() - options.started_at;
    return json_ok(
        {{"connections", hub.session_count()},
         {"user_connections", hub.user_session_count()},
         {"users", hub.directory().user_count()},
         {"messages_sent", sent},
         {"messages_received", received},
         {"messages_dropped", dropped},
         {"queued_messages", queued_messages},
         {"queued_bytes", queued_bytes},
         {"uptime_seconds", std::chrono::duration_cast<std::chrono::seconds>(uptime).count()},
         {"workers", std::move(workers)}});
}

/// Wraps a handler with the bearer-token check.
template <class Handler>
http::Router::Handler guarded(const ServerApiOptions& options, Handler handler) {
    return [&options, handler = std::move(handler)](const http::Request& request) {
        if (!is_authorized(request[http::Field::authorization], options.tokens)) {
            http::Response response = http::make_json_error(
                http::Status::unauthorized, "unauthorized",
                options.tokens.empty() ? "the server API has no tokens configured (api.tokens)"
                                       : "missing or wrong bearer token");
            response.set(http::Field::www_authenticate, "Bearer");
            return response;
        }
        return handler(request);
    };
}

}  // namespace

void add_server_api_routes(http::Router& router, core::Hub& hub, const ServerApiOptions& options) {
    router.add(http::Verb::post, "/api/wsc/send", guarded(options, [&hub](const http::Request& r) {
                   return run_command(hub, r, send_command);
               }));
    router.add(http::Verb::post, "/api/wsc/broadcast",
               guarded(options, [&hub](const http::Request& r) {
                   return run_command(hub, r, broadcast_command);
               }));
    router.add(http::Verb::post, "/api/wsc/batch",
               guarded(options, [&hub](const http::Request& r) { return batch(hub, r); }));
    router.add(http::Verb::post, "/api/wsc/disconnect",
               guarded(options, [&hub](const http::Request& r) { return disconnect(hub, r); }));
    router.add_prefix(
        http::Verb::get, "/api/wsc/users/",
        guarded(options, [&hub](const http::Request& r) { return user_details(hub, r); }));
    router.add(http::Verb::get, "/api/wsc/online",
               guarded(options, [&hub](const http::Request& r) { return online(hub, r); }));
    router.add(
        http::Verb::get, "/api/wsc/stats",
        guarded(options, [&hub, &options](const http::Request&) { return stats(hub, options); }));
}

}  // namespace wsc::api
