// The doc-test harness's rules (support/doc_transcripts.hpp): which commands a document shows,
// and when what they print agrees with it.
#include <doctest/doctest.h>

#include "support/doc_transcripts.hpp"

using asyncdemo::doc::Command;
using asyncdemo::doc::commands_in;
using asyncdemo::doc::difference;
using asyncdemo::doc::shape_of;
using Lines = std::vector<std::string>;

TEST_CASE("commands_in takes $ lines with their output, and sh blocks' lines without") {
  const auto commands = commands_in(
      "Intro with `asyncdemo inline`.\n"
      "```\n"
      "$ asyncdemo --clock virtual one=1s\n"
      "   0.000s  async  -- 1 task\n"
      "...\n"
      "$ asyncdemo -o run.jsonl\n"
      "```\n"
      "```sh\n"
      "# a comment\n"
      "asyncdemo one=1s   # a1 b1\n"
      "\n"
      "asyncdemo two=2s\n"
      "```\n"
      "```\n"
      "output only, nothing runs\n"
      "```\n"
      "<!-- doc-test: skip builds the project -->\n"
      "```sh\n"
      "scripts/demo\n"
      "```\n");
  REQUIRE(commands.size() == 5);
  CHECK(commands[0].line == 3);
  CHECK(commands[0].text == "asyncdemo --clock virtual one=1s");
  CHECK(commands[0].shows_output);
  CHECK(commands[0].expected == Lines{"   0.000s  async  -- 1 task", "..."});
  CHECK(commands[1].text == "asyncdemo -o run.jsonl");
  CHECK(commands[1].expected.empty());  // it prints nothing
  CHECK(commands[2].text == "asyncdemo one=1s   # a1 b1");
  CHECK_FALSE(commands[2].shows_output);
  CHECK(commands[3].line == 12);
  CHECK(commands[4].text == "scripts/demo");
  CHECK(commands[4].skip == "builds the project");
  CHECK(commands[3].skip.empty());
}

TEST_CASE("shape_of hides the numbers and the column widths they make") {
  CHECK(shape_of("   1.002s  async  coroutine_one  woke up 2.107ms late") ==
        "#s async coroutine_one woke up #ms late");
  CHECK(shape_of("sync         3.001s    3.000s  (the sum of all sleeps)") ==
        shape_of("sync        13.001s   13.000s  (the sum of all sleeps)"));
  CHECK(shape_of("cat12 at 127.0.0.1:8080") == "cat# at #:#");
}

TEST_CASE("difference compares exactly, with ... for any lines") {
  const Lines actual{"a", "b", "c", "d"};
  CHECK_FALSE(difference({"a", "b", "c", "d"}, actual, true));
  CHECK_FALSE(difference({"a", "...", "d"}, actual, true));
  CHECK_FALSE(difference({"...", "c", "d"}, actual, true));
  CHECK_FALSE(difference({"a", "b", "..."}, actual, true));
  CHECK(difference({"a", "b", "c"}, actual, true));  // a line more than shown
  CHECK(difference({"a", "x", "...", "d"}, actual, true));
  CHECK(difference({"a", "...", "c"}, actual, true));  // c is not the last line
  const auto said = difference({"a"}, {"b"}, true);
  REQUIRE(said);
  CHECK(said->find("| a") != std::string::npos);
  CHECK(said->find("| b") != std::string::npos);
  CHECK_FALSE(difference({}, {}, true));
  CHECK(difference({}, {"unexpected"}, true));
}

TEST_CASE("difference by shape lets tasks interleave, but keeps each task's order and words") {
  const Lines shown{"   0.000s  async  -- 2 tasks",       "   0.000s  async  a  started",
                    "   0.000s  async  b  started",       "   0.502s  async  a  finished",
                    "   0.502s  async  b  finished",      "   0.502s  async  -- finished",
                    "asyncdemo: warning: a held the loop"};
  CHECK_FALSE(difference(shown,
                         {"   0.000s  async  -- 2 tasks", "   0.001s  async  b  started",
                          "   0.507s  async  b  finished", "   0.001s  async  a  started",
                          "   0.508s  async  a  finished", "asyncdemo: warning: a held the loop",
                          "   0.508s  async  -- finished"},
                         false));
  // A task's own lines in another order.
  CHECK(difference(shown,
                   {"   0.000s  async  -- 2 tasks", "   0.001s  async  a  finished",
                    "   0.001s  async  b  started", "   0.507s  async  a  started",
                    "   0.508s  async  b  finished", "   0.508s  async  -- finished",
                    "asyncdemo: warning: a held the loop"},
                   false));
  // Words count.
  CHECK(difference({"   1.002s  async  a  woke up 2.107ms late"},
                   {"   1.002s  async  a  woke up on time"}, false));
}
