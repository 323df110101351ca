// libFuzzer target: an HTTP/1.1 request stream as HttpConnection parses it (Beast's parser
// with our limits, eager body, pipelined requests), routed and serialized.
#include <cstddef>
#include <cstdint>
#include <optional>

#include <boost/beast/http/parser.hpp>

#include "http/message.h"
#include "http/router.h"

namespace {
using namespace wsc::http;

const Router& router() {
    static Router r = [] {
        Router built;
        built.add(Verb::get, "/health", [](const Request&) {
            return make_response(Status::ok, "{}", "application/json");
        });
        built.add(Verb::post, "/echo",
                  [](const Request& request) { return make_response(Status::ok, request.body()); });
        built.add_prefix(Verb::get, "/api/wsc/users/", [](const Request& request) {
            return make_response(Status::ok, std::string(target_path(request.target())));
        });
        return built;
    }();
    return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::size_t consumed = 0;
    std::string output;
    for (int requests = 0; requests < 16 && consumed < size; ++requests) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(64 * 1024);
        parser.eager(true);
        boost::system::error_code ec;
        consumed += parser.put(boost::asio::buffer(data + consumed, size - consumed), ec);
        if (ec || !parser.is_done()) {
            break;
        }
        Request request = parser.release();
        (void)router().find_upgrade(target_path(request.target()));
        Response response = router().dispatch(request);
        append_serialized(output, response, request.method() == Verb::head);
    }
    return 0;
}
