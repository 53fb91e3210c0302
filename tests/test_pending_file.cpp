#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

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

TEST_CASE("PendingFile refuses an empty path") {
  auto file = PendingFile::create("", "--svg");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message() ==
        "--svg: empty path; expected a file name, or - for standard output");
}

TEST_CASE("PendingFile replaces the target of a link and keeps the link and the mode") {
  testing::TempPath target("real.svg");
  const std::string link = target.path() + ".link";
  { std::ofstream(target.path()) << "old"; }
  ::chmod(target.path().c_str(), 0640);
  std::filesystem::create_symlink(target.path(), link);
  auto file = PendingFile::create(link, "--svg");
  REQUIRE(file.ok());
  CHECK_FALSE(file.value().in_place());
  CHECK_FALSE(file.value().commit("<svg/>\n").has_value());
  CHECK(std::filesystem::is_symlink(link));
  CHECK(target.read() == "<svg/>\n");
  struct stat status {};
  REQUIRE(::stat(target.path().c_str(), &status) == 0);
  CHECK((status.st_mode & 07777) == 0640);
}

TEST_CASE("PendingFile writes into a FIFO where it is, without a temporary file") {
  testing::TempPath fifo("picture.fifo");
  REQUIRE(::mkfifo(fifo.path().c_str(), 0600) == 0);
  // Our own reader, opened first (read and write, so that it blocks neither us nor the file).
  const int reader = ::open(fifo.path().c_str(), O_RDWR | O_NONBLOCK);
  REQUIRE(reader >= 0);
  {
    auto file = PendingFile::create(fifo.path(), "--svg");
    REQUIRE(file.ok());
    CHECK(file.value().in_place());
    CHECK_FALSE(file.value().commit("<svg/>\n").has_value());
  }
  char buffer[64] = {};
  const ssize_t n = ::read(reader, buffer, sizeof buffer);
  ::close(reader);
  CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "<svg/>\n");
  CHECK(std::filesystem::is_fifo(fifo.path()));
  const auto folder = std::filesystem::path(fifo.path()).parent_path();
  CHECK(std::distance(std::filesystem::directory_iterator(folder),
                      std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("PendingFile writes /dev/null in place and never renames over it") {
  auto file = PendingFile::create("/dev/null", "--svg");
  REQUIRE(file.ok());
  CHECK(file.value().in_place());
  CHECK_FALSE(file.value().commit("<svg/>\n").has_value());
  CHECK(std::filesystem::is_character_file("/dev/null"));
}
