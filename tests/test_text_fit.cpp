#include <doctest/doctest.h>

#include "asyncdemo/pictures/text_fit.hpp"

using namespace asyncdemo;

TEST_CASE("columns_of counts code points, and a byte that starts none as one") {
  CHECK(columns_of("abc") == 3);
  CHECK(columns_of("█░●") == 3);
  CHECK(columns_of("a\xff") == 2);
}

TEST_CASE("fit_text cuts with an ellipsis, never inside a UTF-8 sequence") {
  CHECK(fit_text("coroutine_one", 20) == "coroutine_one");
  CHECK(fit_text("coroutine_one", 8) == "corouti…");
  CHECK(fit_text("coroutine_one", 8, "...") == "corou...");
  CHECK(fit_text("ééééé", 3) == "éé…");
  CHECK(fit_text("abc", 1).empty());  // not one character and the ellipsis
  CHECK(fit_text("abc", 0).empty());
}
