#include <doctest/doctest.h>

#include <sstream>

#include "asyncdemo/scenario/task_file.hpp"

using namespace asyncdemo;

TEST_CASE("parse_task_lines skips blank lines and comments") {
  std::istringstream in("# the tasks\n\none=1s\n   \n  two=print:hi  \r\n#three=1s\n");
  auto tasks = parse_task_lines(in, "tasks.txt");
  REQUIRE(tasks.ok());
  REQUIRE(tasks->size() == 2);
  CHECK(tasks.value()[0].name == "one");
  CHECK(tasks.value()[1].name == "two");
  CHECK((*tasks.value()[1].steps)[0]->spec() == "print:hi");
}

TEST_CASE("parse_task_lines names the file and line of a bad task") {
  std::istringstream in("one=1s\n\ntwo=5x\n");
  auto tasks = parse_task_lines(in, "tasks.txt");
  REQUIRE_FALSE(tasks.ok());
  CHECK(tasks.error().message().rfind("tasks.txt:3: task 'two=5x': unknown unit 'x'", 0) == 0);
}

TEST_CASE("read_task_file reports a file it cannot read") {
  auto missing = read_task_file("/nonexistent/tasks.txt");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message() ==
        "--file: cannot read '/nonexistent/tasks.txt': No such file or directory; expected a "
        "readable file with one task per line");
  auto folder = read_task_file("/");
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().problem == "cannot read '/': it is a folder");
}
