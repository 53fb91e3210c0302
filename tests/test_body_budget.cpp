#include <doctest/doctest.h>

#include "asyncdemo/net/body_budget.hpp"

using namespace asyncdemo;

TEST_CASE("shares of a body budget grow within it and are handed back when they go") {
  BodyBudget budget(100);
  {
    BodyBudget::Share first(budget);
    BodyBudget::Share second(budget);
    CHECK(first.resize(60));
    CHECK(second.resize(40));
    CHECK(budget.in_use() == 100);
    CHECK_FALSE(second.resize(41));  // refused, and nothing changed
    CHECK(second.held() == 40);
    CHECK(budget.in_use() == 100);
    CHECK(first.resize(10));  // shrinking always works
    CHECK(second.resize(90));
    CHECK(budget.in_use() == 100);
  }
  CHECK(budget.in_use() == 0);
}

TEST_CASE("a refused share says what the budget is and who holds it") {
  BodyBudget budget(2 * 1024 * 1024);
  BodyBudget::Share other(budget);
  CHECK(other.resize(1536 * 1024));
  BodyBudget::Share mine(budget);
  CHECK(mine.resize(1000));
  CHECK_FALSE(mine.resize(600 * 1024));
  CHECK(mine.refusal(600 * 1024) ==
        "the response bodies of all fetches under way are limited to 2 MiB at once, and this one "
        "would take it past that (614400 bytes for this fetch, 1.5 MiB held by the others)");
}

TEST_CASE("a share still fits when the limit was lowered below what is in use") {
  BodyBudget budget(100);
  BodyBudget::Share held(budget);
  CHECK(held.resize(80));
  budget.set_limit(50);
  BodyBudget::Share late(budget);
  CHECK_FALSE(late.resize(1));
  CHECK(held.resize(20));  // giving back is always allowed
  CHECK(late.resize(30));
}

TEST_CASE("every fetch draws on one budget of 256 MiB") {
  CHECK(fetch_body_budget().limit() == kFetchBodyBudget);
  CHECK(kFetchBodyBudget == 256u * 1024 * 1024);
  CHECK(&fetch_body_budget() == &fetch_body_budget());
}
