#include "http/message.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace wsc::http {

Response make_response(Status status, std::string body, std::string_view content_type) {
    Response response(status, 11);
    response.set(Field::content_type, content_type);
    response.body() = std::move(body);
    return response;
}

Response make_json_error(Status status, std::string_view code, std::string_view message) {
    std::string body = "{\"error\":{\"code\":";
    body += boost::json::serialize(boost::json::string(code));
    body += ",\"message\":";
    body += boost::json::serialize(boost::json::string(message));
    body += "}}";
    return make_response(status, std::move(body), "application/json");
}

void append_serialized(std::string& out, Response& response, bool is_head_request) {
    response.prepare_payload();
    out += "HTTP/1.1 ";
    out += std::to_string(response.result_int());
    out += ' ';
    out += response.reason();
    out += "\r\n";
    for (const auto& field : response) {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
    if (!is_head_request) {
        out += response.body();
    }
}

std::string_view target_path(std::string_view target) noexcept {
    auto query = target.find('?');
    return query == std::string_view::npos ? target : target.substr(0, query);
}

}  // namespace wsc::http
