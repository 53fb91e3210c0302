#include <doctest/doctest.h>

#include <string>

#include "asyncdemo/cli/version.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"

using namespace asyncdemo;

TEST_CASE("version_text names asyncdemo's version, the libuv loaded and spdlog's") {
  const std::string text = cli::version_text();
  CHECK(text.starts_with("asyncdemo " ASYNCDEMO_VERSION "\n"));
  CHECK(text.find("\nlibuv " + std::string(libuv_version()) + "\n") != std::string::npos);
  CHECK(text.find("\nspdlog 1.") != std::string::npos);
  CHECK(text.find("(fmt ") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("libuv_version is the loaded library's dotted version") {
  const std::string version(libuv_version());
  CHECK(version.starts_with("1."));
  CHECK(std::count(version.begin(), version.end(), '.') == 2);
}
