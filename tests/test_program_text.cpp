#include "asyncdemo/codegen/program_text.hpp"

#include <doctest/doctest.h>

#include "support/storing_sink.hpp"

namespace {

using namespace asyncdemo::codegen;
using asyncdemo::plan_program;
using asyncdemo::PlanSettings;
using asyncdemo::testing::scenario_of;

}  // namespace

TEST_CASE("string_literal escapes what Python and JavaScript strings need escaped") {
  CHECK(string_literal("hello, world") == "\"hello, world\"");
  CHECK(string_literal("say \"hi\"\\now") == "\"say \\\"hi\\\"\\\\now\"");
  CHECK(string_literal("two\nlines") == "\"two\\nlines\"");
  CHECK(string_literal("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(string_literal("\xff") == "\"\\ufffd\"");  // not UTF-8: U+FFFD
}

TEST_CASE("task_identifiers makes every task name an identifier of its own") {
  const auto plan = plan_program(
      scenario_of({"my-task=1s", "my_task=1s", "1st=1s", "main=1s", "ok=1s"}), PlanSettings{});
  CHECK(task_identifiers(plan, {"main"}) ==
        std::vector<std::string>{"my_task", "my_task_", "task_1st", "main_", "ok"});
}

TEST_CASE("filled replaces every marker and leaves the languages' braces alone") {
  CHECK(filled("f\"{x}\" @A@ @A@ @B@", {{"@A@", "1"}, {"@B@", "@A@"}}) == "f\"{x}\" 1 1 @A@");
}

TEST_CASE("indented indents each line that is not empty") {
  CHECK(indented("a\n\nb\n", 2) == "  a\n\n  b\n");
}

TEST_CASE("without_lines_containing drops whole lines") {
  CHECK(without_lines_containing("keep\nself.at = 1\nkeep too\n", "self.at = ") ==
        "keep\nkeep too\n");
}

TEST_CASE("opening_comment gives the command, then the text wrapped at 99 columns") {
  auto plan = plan_program(scenario_of({"a=1s"}), PlanSettings{});
  plan.command = "asyncdemo code a=1s";
  std::string words;
  for (int i = 0; i < 30; ++i) words += "word" + std::to_string(i) + " ";
  const std::string comment = opening_comment("#", plan, words + "\nSecond line.");
  CHECK(comment.rfind("# asyncdemo code a=1s\n#\n# word0 word1", 0) == 0);
  std::size_t longest = 0;
  for (std::size_t begin = 0, end; (end = comment.find('\n', begin)) != std::string::npos;
       begin = end + 1) {
    longest = std::max(longest, end - begin);
  }
  CHECK(longest <= 99);
  CHECK(comment.find("\n# Second line.\n") != std::string::npos);
}
