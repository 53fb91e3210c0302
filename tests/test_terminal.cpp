#include <doctest/doctest.h>

#include <unistd.h>

#include "asyncdemo/pictures/terminal.hpp"
#include "support/temp_file.hpp"

#include <fcntl.h>

using namespace asyncdemo;

TEST_CASE("utf8_locale reads LC_ALL, then LC_CTYPE, then LANG, and the C locale is ASCII") {
  CHECK(utf8_locale(nullptr, nullptr, "en_US.UTF-8"));
  CHECK(utf8_locale(nullptr, nullptr, "C.utf8"));
  CHECK(utf8_locale("", "de_DE.UTF-8", "C"));
  CHECK_FALSE(utf8_locale("C", "en_US.UTF-8", "en_US.UTF-8"));
  CHECK_FALSE(utf8_locale(nullptr, nullptr, "en_US.ISO-8859-1"));
  CHECK_FALSE(utf8_locale(nullptr, nullptr, nullptr));
  CHECK_FALSE(utf8_locale("POSIX", nullptr, nullptr));
}

TEST_CASE("terminal_columns falls back to COLUMNS, then to 80, when the output is no terminal") {
  testing::TempPath file;
  const int fd = ::open(file.path().c_str(), O_WRONLY | O_CREAT, 0600);
  REQUIRE(fd >= 0);
  CHECK(terminal_columns(fd, "132") == 132);
  CHECK(terminal_columns(fd, nullptr) == 80);
  CHECK(terminal_columns(fd, "") == 80);
  CHECK(terminal_columns(fd, "wide") == 80);
  CHECK(terminal_columns(fd, "-5") == 80);
  ::close(fd);
}
