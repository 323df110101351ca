#include "http/router.h"

#include <gtest/gtest.h>

namespace wsc::http {
namespace {

Request make_request(Verb verb, std::string target) {
    Request request(verb, target, 11);
    return request;
}

TEST(Router, DispatchesExactPathIgnoringQuery) {
    Router router;
    router.add(Verb::get, "/health",
               [](const Request&) { return make_response(Status::ok, "fine"); });
    Response response = router.dispatch(make_request(Verb::get, "/health?verbose=1"));
    EXPECT_EQ(response.result(), Status::ok);
    EXPECT_EQ(response.body(), "fine");
}

TEST(Router, HeadUsesGetHandler) {
    Router router;
    router.add(Verb::get, "/ready", [](const Request&) { return make_response(Status::ok, "r"); });
    EXPECT_EQ(router.dispatch(make_request(Verb::head, "/ready")).result(), Status::ok);
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
    Router router;
    router.add(Verb::post, "/api/wsc/send",
               [](const Request&) { return make_response(Status::ok, ""); });
    EXPECT_EQ(router.dispatch(make_request(Verb::get, "/nope")).result(), Status::not_found);
    Response response = router.dispatch(make_request(Verb::get, "/api/wsc/send"));
    EXPECT_EQ(response.result(), Status::method_not_allowed);
    EXPECT_EQ(response[Field::allow], "POST");
    EXPECT_NE(response.body().find("\"method_not_allowed\""), std::string::npos);
}

TEST(Router, PrefixRoutes) {
    Router router;
    router.add_prefix(Verb::get, "/api/wsc/users/", [](const Request& r) {
        return make_response(Status::ok, std::string(r.target()));
    });
    EXPECT_EQ(router.dispatch(make_request(Verb::get, "/api/wsc/users/42")).body(),
              "/api/wsc/users/42");
}

TEST(Router, UpgradeRoutesAreFoundByPath) {
    Router router;
    router.add_upgrade("/ws", [](UpgradeContext&) { return std::optional<Response>(); });
    EXPECT_NE(router.find_upgrade("/ws"), nullptr);
    EXPECT_EQ(router.find_upgrade("/ws2"), nullptr);
}

TEST(Message, SerializesWithContentLengthAndHeadHasNoBody) {
    Response response = make_json_error(Status::bad_request, "bad", "say \"why\"");
    std::string get, head;
    append_serialized(get, response, false);
    append_serialized(head, response, true);
    EXPECT_TRUE(get.starts_with("HTTP/1.1 400 Bad Request\r\n"));
    EXPECT_NE(get.find("Content-Length: "), std::string::npos);
    EXPECT_TRUE(get.ends_with("{\"error\":{\"code\":\"bad\",\"message\":\"say \\\"why\\\"\"}}"));
    EXPECT_TRUE(head.ends_with("\r\n\r\n"));
}

}  // namespace
}  // namespace wsc::http
