#include "http/router.h"

namespace wsc::http {

void Router::add(Verb verb, std::string path, Handler handler) {
    routes_.push_back(Route{verb, std::move(path), false, std::move(handler)});
}

void Router::add_prefix(Verb verb, std::string prefix, Handler handler) {
    routes_.push_back(Route{verb, std::move(prefix), true, std::move(handler)});
}

void Router::add_upgrade(std::string path, UpgradeHandler handler) {
    upgrades_[std::move(path)] = std::move(handler);
}

const Router::UpgradeHandler* Router::find_upgrade(std::string_view path) const {
    auto it = upgrades_.find(std::string(path));
    return it == upgrades_.end() ? nullptr : &it->second;
}

Response Router::dispatch(const Request& request) const {
    const std::string_view path = target_path(request.target());
    const Verb verb = request.method() == Verb::head ? Verb::get : request.method();
    std::string allowed;
    for (const auto& route : routes_) {
        bool matches = route.is_prefix ? path.starts_with(route.path) : path == route.path;
        if (!matches) {
            continue;
        }
        if (route.verb == verb) {
            return route.handler(request);
        }
        if (!allowed.empty()) {
            allowed += ", ";
        }
        allowed += beast_http::to_string(route.verb);
    }
    if (allowed.empty()) {
        return make_json_error(Status::not_found, "not_found", "no such path");
    }
    Response response = make_json_error(Status::method_not_allowed, "method_not_allowed",
                                        "method not allowed on this path");
    response.set(Field::allow, allowed);
    return response;
}

}  // namespace wsc::http
