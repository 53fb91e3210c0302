#include <doctest/doctest.h>

#include <array>
#include <string_view>

#include "asyncdemo/core/suggest.hpp"

using namespace asyncdemo;

TEST_CASE("edit_distance counts inserts, deletes, replacements and swapped neighbours") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("sleep", "sleep") == 0);
  CHECK(edit_distance("slep", "sleep") == 1);
  CHECK(edit_distance("sleeep", "sleep") == 1);
  CHECK(edit_distance("sleap", "sleep") == 1);
  CHECK(edit_distance("jsnol", "jsonl") == 1);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("suggestions offers the nearest candidates only, and nothing for a far-off word") {
  constexpr std::array<std::string_view, 4> formats{"text", "jsonl", "csv", "chrome"};
  CHECK(suggestions("jsnl", formats) == std::vector<std::string_view>{"jsonl"});
  CHECK(suggestions("chrom", formats) == std::vector<std::string_view>{"chrome"});
  CHECK(suggestions("xml", formats).empty());
  CHECK(suggestions("text", formats).empty());  // not a typo of anything
  // Short words need to be near: "csv" is not a typo of "txt", which is two edits from "text".
  CHECK(suggestions("txt", formats) == std::vector<std::string_view>{"text"});
  constexpr std::array<std::string_view, 4> options{"--sync", "--async", "--timeout", "--timeline"};
  CHECK(suggestions("--asynk", options) == std::vector<std::string_view>{"--async"});
  CHECK(suggestions("--time", options) == std::vector<std::string_view>{"--timeout", "--timeline"});
  CHECK(suggestions("--quite", options).empty());
}

TEST_CASE("did_you_mean writes the hint usage errors put after the bad token") {
  constexpr std::array<std::string_view, 3> words{"auto", "always", "never"};
  CHECK(did_you_mean("allways", words) == " (did you mean always?)");
  CHECK(did_you_mean("sometimes", words).empty());
  constexpr std::array<std::string_view, 3> three{"--timeout", "--timeline", "--time-zone"};
  CHECK(did_you_mean("--time", three) == " (did you mean --timeout, --timeline or --time-zone?)");
}
