#include <doctest/doctest.h>

#include <filesystem>

#include "asyncdemo/core/pending_file.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;

TEST_CASE("PendingFile appears only when committed, whole") {
  testing::TempPath path("picture.svg");
  {
    auto file = PendingFile::create(path.path(), "--svg");
    REQUIRE(file.ok());
    CHECK_FALSE(std::filesystem::exists(path.path()));
    CHECK_FALSE(file.value().commit("<svg/>\n").has_value());
  }
  CHECK(path.read() == "<svg/>\n");
}

TEST_CASE("PendingFile dropped without commit leaves nothing behind") {
  testing::TempPath path("picture.svg");
  const auto folder = std::filesystem::path(path.path()).parent_path();
  { auto file = PendingFile::create(path.path(), "--svg"); }
  CHECK(std::filesystem::is_empty(folder));
}

TEST_CASE("PendingFile reports an unwritable folder before anything is written") {
  auto file = PendingFile::create("/nonexistent-folder/picture.svg", "--svg");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message() ==
        "--svg: cannot write '/nonexistent-folder/picture.svg': No such file or directory; "
        "expected a file path in a writable folder");
}

TEST_CASE("PendingFile refuses a folder before anything runs") {
  testing::TempPath path("folder");
  std::filesystem::create_directory(path.path());
  auto file = PendingFile::create(path.path(), "--svg");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message() == "--svg: cannot write '" + path.path() +
                                      "': it is a folder; expected a file path, like " +
                                      path.path() + "/picture.svg");
}
