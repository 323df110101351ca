#pragma once
/// HTTP/1.1 request and response types (Boost.Beast), and small helpers to build responses.

#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace wsc::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;
using Field = beast_http::field;

/// A response with `body` and its Content-Type; Content-Length is set when serialized.
Response make_response(Status status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");
/// A JSON error body: {"error":{"code":"<code>","message":"<message>"}}.
Response make_json_error(Status status, std::string_view code, std::string_view message);

/// Serializes `response` as HTTP/1.1 bytes, appending to `out`. A response to HEAD keeps its
/// Content-Length but carries no body.
void append_serialized(std::string& out, Response& response, bool is_head_request);

/// The path of a request target, without the query string.
std::string_view target_path(std::string_view target) noexcept;

}  // namespace wsc::http
