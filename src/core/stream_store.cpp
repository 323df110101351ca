#include "core/stream_store.h"

namespace wsc::core {

std::string user_stream(std::string_view user_id) {
    std::string name = "user:";
    name += user_id;
    return name;
}

}  // namespace wsc::core
