#include <doctest/doctest.h>

#include <string>

#include "asyncdemo/scenario/task_file.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;

namespace {

std::vector<std::string> names_of(const std::vector<TaskSpec>& tasks) {
  std::vector<std::string> names;
  for (const TaskSpec& task : tasks) names.push_back(task.name);
  return names;
}

}  // namespace

TEST_CASE("parse_task_text skips blank lines and comments") {
  auto tasks =
      parse_task_text("# the tasks\n\none=1s\n   \n  two=print:hi  \r\n#three=1s\n", "tasks.txt");
  REQUIRE(tasks.ok());
  CHECK(names_of(*tasks) == std::vector<std::string>{"one", "two"});
  CHECK((*tasks.value()[1].steps)[0]->spec() == "print:hi");
}

TEST_CASE("parse_task_text takes a last line without a newline") {
  auto tasks = parse_task_text("one=1s\ntwo=2s", "tasks.txt");
  REQUIRE(tasks.ok());
  CHECK(names_of(*tasks) == std::vector<std::string>{"one", "two"});
}

TEST_CASE("parse_task_text names the file and line of a bad task") {
  auto tasks = parse_task_text("one=1s\n\ntwo=5x\n", "tasks.txt");
  REQUIRE_FALSE(tasks.ok());
  CHECK(tasks.error().message().rfind("tasks.txt:3: task 'two=5x': unknown unit 'x'", 0) == 0);
}

TEST_CASE("TaskFileParser gives the same tasks whatever the bytes are split into") {
  const std::string text = "a=1s\r\n# b\n\nc=print:x\\,y,sleep:2ms\nd*3=5ms";
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    TaskFileParser parser("tasks.txt");
    for (std::size_t at = 0; at < text.size(); at += chunk) {
      REQUIRE_FALSE(parser.feed(std::string_view(text).substr(at, chunk)).has_value());
    }
    auto tasks = parser.finish();
    REQUIRE(tasks.ok());
    REQUIRE(names_of(*tasks) == std::vector<std::string>{"a", "c", "d"});
    CHECK(format_task_spec(tasks.value()[1]) == "c=print:x\\,y,sleep:2ms");
    CHECK(tasks.value()[2].copies == 3);
  }
}

TEST_CASE("a line longer than the limit is refused at once, naming the line") {
  TaskFileParser parser("/dev/zero");
  const std::string zeros(4096, '\0');
  std::optional<Error> error;
  std::size_t fed = 0;
  while (!error && fed <= 2 * kLongestTaskLine) {
    error = parser.feed(zeros);
    fed += zeros.size();
  }
  REQUIRE(error.has_value());
  CHECK(fed <= kLongestTaskLine + zeros.size());
  CHECK(error->message() ==
        "/dev/zero:1: the line is longer than 65536 bytes; expected one task per line, like "
        "one=1s");

  const std::string longest = "a=print:" + std::string(kLongestTaskLine - 8, 'x');
  CHECK(parse_task_text("b=1s\n" + longest + "\n", "tasks.txt").ok());
  auto too_long = parse_task_text("b=1s\n" + longest + "x\n", "tasks.txt");
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().where == "tasks.txt:2");
}

TEST_CASE("a task file with more than ten million tasks in all is refused at the line") {
  auto tasks = parse_task_text("a*9999999=1s\nb=1s\nc=1s\n", "tasks.txt");
  REQUIRE_FALSE(tasks.ok());
  CHECK(tasks.error().message() ==
        "tasks.txt:3: more than 10000000 tasks in all; expected at most 10000000 tasks, all "
        "specs together");
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

TEST_CASE("read_task_file reads a file in several reads") {
  testing::TempPath path("tasks.txt");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "t" + std::to_string(i) + "=1ms\n";
  {
    FILE* file = std::fopen(path.path().c_str(), "w");
    REQUIRE(file != nullptr);
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
  }
  auto tasks = read_task_file(path.path());
  REQUIRE(tasks.ok());
  REQUIRE(tasks->size() == 20000);
  CHECK(tasks.value().back().name == "t19999");
}
