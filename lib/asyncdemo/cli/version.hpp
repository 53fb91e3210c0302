#pragma once

#include <string>

namespace asyncdemo::cli {

// What --version prints: asyncdemo's version, then the libuv it runs with (asked of the library
// loaded, which may be newer than the one it was built with) and spdlog's (with its fmt).
std::string version_text();

}  // namespace asyncdemo::cli
