#include "asyncdemo/check/interpreter.hpp"

#include <doctest/doctest.h>

#include "support/programs.hpp"
#include "support/temp_file.hpp"
#include "support/text.hpp"

namespace {

using asyncdemo::find_language;
using asyncdemo::ready_interpreter;
using asyncdemo::Requirement;
using asyncdemo::testing::contains;
using asyncdemo::testing::kDebianPython;
using asyncdemo::testing::TempPath;
using asyncdemo::testing::write_script;

const Requirement kTrio{"trio", "python3-trio"};

}  // namespace

TEST_CASE("ready_interpreter takes a python3 that imports what the program needs") {
  const auto found = ready_interpreter(*find_language("trio"), kDebianPython, {&kTrio, 1});
  REQUIRE(found);
  CHECK(*found == kDebianPython);
}

TEST_CASE("ready_interpreter names the module a python3 lacks and the Debian package with it") {
  // Without its site packages, Debian's python3 cannot import trio.
  TempPath script("python3");
  write_script(script.path(), std::string("exec ") + kDebianPython + " -S \"$@\"");
  const auto found = ready_interpreter(*find_language("trio"), script.path(), {&kTrio, 1});
  REQUIRE_FALSE(found);
  const std::string message = found.error().message();
  CHECK(contains(message, "cannot import trio"));
  CHECK(contains(message, "apt-get install python3-trio"));
  CHECK(contains(message, "--interpreter PATH"));
}

TEST_CASE("ready_interpreter refuses a python3 older than 3.11 and a program that is no python3") {
  TempPath old("python3");
  write_script(old.path(), "echo 3.9");
  const auto too_old = ready_interpreter(*find_language("python"), old.path(), {});
  REQUIRE_FALSE(too_old);
  CHECK(contains(too_old.error().message(), "is Python 3.9; expected Python 3.11 or later"));

  TempPath silent("python3");
  write_script(silent.path(), "exit 3");
  const auto broken = ready_interpreter(*find_language("python"), silent.path(), {});
  REQUIRE_FALSE(broken);
  CHECK(contains(broken.error().message(), "does not answer as a python3 would (exit status 3)"));

  const auto missing = ready_interpreter(*find_language("node"), "/nonexistent/node", {});
  REQUIRE_FALSE(missing);
  CHECK(contains(missing.error().message(), "--interpreter: '/nonexistent/node' is not a program"));
}

TEST_CASE("ready_interpreter finds node on PATH and wants version 18 at least") {
  const auto found = ready_interpreter(*find_language("node"), "", {});
  REQUIRE(found);
  CHECK(contains(*found, "node"));
  TempPath old("node");
  write_script(old.path(), "echo 16.20.0");
  const auto too_old = ready_interpreter(*find_language("node"), old.path(), {});
  REQUIRE_FALSE(too_old);
  CHECK(contains(too_old.error().message(), "is Node.js 16.20.0; expected Node.js 18 or later"));
}
