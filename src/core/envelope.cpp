#include "core/envelope.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>

namespace wsc::core {

namespace {
void append_json_string(std::string& out, std::string_view text) {
    out += boost::json::serialize(boost::json::string(text));
}
}  // namespace

std::string make_envelope(const EnvelopeFields& fields) {
    std::string out;
    out.reserve(48 + fields.type.size() + fields.data_json.size() + fields.id.size() +
                fields.from.size());
    out += "{\"type\":";
    append_json_string(out, fields.type);
    out += ",\"data\":";
    out += fields.data_json;
    if (!fields.id.empty()) {
        out += ",\"id\":";
        append_json_string(out, fields.id);
    }
    if (!fields.from.empty()) {
        out += ",\"from\":";
        append_json_string(out, fields.from);
    }
    if (fields.seq != 0) {
        out += ",\"stream\":";
        append_json_string(out, fields.stream);
        out += ",\"seq\":";
        out += std::to_string(fields.seq);
    }
    out += ",\"ts\":";
    out += std::to_string(fields.ts_ms);
    out += '}';
    return out;
}

std::int64_t unix_time_ms() noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace wsc::core
