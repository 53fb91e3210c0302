#include "asyncdemo/net/body_budget.hpp"

#include <cstdio>

namespace asyncdemo {
namespace {

// "256 MiB", "1.5 MiB", "300 bytes": a size as the budget's message names it.
std::string size_text(std::size_t bytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  if (bytes < 1024 * 1024) return std::to_string(bytes) + " bytes";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / kMiB);
  std::string result = text;
  if (result.size() > 6 && result.compare(result.size() - 6, 6, ".0 MiB") == 0) {
    result.erase(result.size() - 6, 2);
  }
  return result;
}

}  // namespace

bool BodyBudget::Share::resize(std::size_t bytes) {
  const std::size_t others = budget_.in_use_ - held_;
  if (bytes > held_ && bytes > budget_.limit_ - std::min(others, budget_.limit_)) return false;
  budget_.in_use_ = others + bytes;
  held_ = bytes;
  return true;
}

std::string BodyBudget::Share::refusal(std::size_t bytes) const {
  return "the response bodies of all fetches under way are limited to " +
         size_text(budget_.limit_) + " at once, and this one would take it past that (" +
         size_text(bytes) + " for this fetch, " + size_text(budget_.in_use_ - held_) +
         " held by the others)";
}

BodyBudget& fetch_body_budget() {
  static BodyBudget budget(kFetchBodyBudget);
  return budget;
}

}  // namespace asyncdemo
