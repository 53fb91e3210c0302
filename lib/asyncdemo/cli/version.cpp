#include "asyncdemo/cli/version.hpp"

#include <fmt/core.h>
#include <spdlog/version.h>

#include "asyncdemo/runtime/uv_loop.hpp"

namespace asyncdemo::cli {

std::string version_text() {
  // spdlog has no run-time version call; its shared library's soname pins the minor version
  // it was built with.
  return fmt::format("asyncdemo {}\nlibuv {}\nspdlog {}.{}.{} (fmt {}.{}.{})\n", ASYNCDEMO_VERSION,
                     libuv_version(), SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH,
                     FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
}

}  // namespace asyncdemo::cli
