#include "asyncdemo/codegen/language.hpp"

#include <doctest/doctest.h>

TEST_CASE("languages lists python first, then trio and node") {
  const auto all = asyncdemo::languages();
  REQUIRE(all.size() == 3);
  CHECK(all[0].name == "python");
  CHECK(asyncdemo::language_names() == "python, trio or node");
  CHECK(asyncdemo::find_language("trio")->interpreter == "python3");
  CHECK(asyncdemo::find_language("node")->interpreter == "node");
  CHECK(asyncdemo::find_language("rust") == nullptr);
}

TEST_CASE("only the languages that order an instant otherwise than asyncio say so") {
  CHECK(asyncdemo::find_language("python")->own_order_within_an_instant.empty());
  CHECK_FALSE(asyncdemo::find_language("trio")->own_order_within_an_instant.empty());
  CHECK_FALSE(asyncdemo::find_language("node")->own_order_within_an_instant.empty());
}
