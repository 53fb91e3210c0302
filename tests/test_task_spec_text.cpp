#include "asyncdemo/scenario/task_spec_text.hpp"

#include <doctest/doctest.h>

#include "asyncdemo/scenario/task_spec.hpp"

namespace {

std::string round_trip(const std::string& spec) {
  const auto task = asyncdemo::parse_task_spec(spec);
  REQUIRE(task);
  return asyncdemo::task_spec_text(*task);
}

}  // namespace

TEST_CASE("task_spec_text writes each step in its normal form") {
  CHECK(round_trip("a=sleep:1000ms,print:hi") == "a=sleep:1s,print:hi");
  CHECK(round_trip("one=1.5s") == "one=print:one started,sleep:1.5s,print:one resumed");
  CHECK(round_trip("w*3=work:250ms") == "w*3=work:250ms");
}

TEST_CASE("task_spec_text escapes commas and backslashes, and parses back to the same task") {
  const std::string text = round_trip("a=print:hello\\, world,fail:a\\\\b");
  CHECK(text == "a=print:hello\\, world,fail:a\\\\b");
  CHECK(round_trip(text) == text);
}
