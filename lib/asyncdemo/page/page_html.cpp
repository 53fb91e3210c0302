#include "asyncdemo/page/page_html.hpp"

#include "asyncdemo/page/page_assets.hpp"

namespace asyncdemo {
namespace {

// Replaces the one `marker` in `page` with `content`.
void fill(std::string& page, std::string_view marker, std::string_view content) {
  const std::size_t at = page.find(marker);
  if (at != std::string::npos) page.replace(at, marker.size(), content);
}

}  // namespace

std::string page_html(std::string_view data) {
  std::string page = page_asset(PageAsset::html);
  // The data last: it may be large, and nothing in it is a marker.
  fill(page, "/*ASYNCDEMO_CSS*/", page_asset(PageAsset::css));
  fill(page, "/*ASYNCDEMO_JS*/", page_asset(PageAsset::js));
  fill(page, "ASYNCDEMO_DATA", data);
  return page;
}

}  // namespace asyncdemo
