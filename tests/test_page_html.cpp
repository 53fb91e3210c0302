#include <doctest/doctest.h>

#include <string>

#include "asyncdemo/page/page_assets.hpp"
#include "asyncdemo/page/page_html.hpp"

using namespace asyncdemo;

namespace {

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("the page holds its style, its script and its data inline") {
  const std::string page = page_html(R"({"events":[]})");
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find(page_asset(PageAsset::css)) != std::string::npos);
  CHECK(page.find(page_asset(PageAsset::js)) != std::string::npos);
  CHECK(
      page.find(R"(<script type="application/json" id="asyncdemo-data">{"events":[]}</script>)") !=
      std::string::npos);
  CHECK(occurrences(page, "</script>") == 2);
  CHECK(page.find("ASYNCDEMO_") == std::string::npos);
}

TEST_CASE("the page loads nothing from anywhere: no links, sources, imports or fonts") {
  const std::string page = page_html("{}");
  for (const char* reference : {"<link", " src=", "href=", "@import", "@font-face", "url(http",
                                "fetch(", "XMLHttpRequest", "localStorage"}) {
    INFO(reference);
    CHECK(page.find(reference) == std::string::npos);
  }
}

TEST_CASE("the page's own files hold no marker for the data and end no script early") {
  for (PageAsset asset : {PageAsset::css, PageAsset::js}) {
    const std::string text = page_asset(asset);
    CHECK(!text.empty());
    CHECK(text.find("ASYNCDEMO_DATA") == std::string::npos);
    CHECK(text.find("</script") == std::string::npos);
    CHECK(text.find("</style") == std::string::npos);
  }
}

TEST_CASE("data that looks like a marker stays as it is") {
  const std::string page = page_html(R"({"text":"/*ASYNCDEMO_JS*/ ASYNCDEMO_DATA"})");
  CHECK(page.find(R"({"text":"/*ASYNCDEMO_JS*/ ASYNCDEMO_DATA"})") != std::string::npos);
}
