#include "asyncdemo/core/suggest.hpp"

#include <algorithm>

namespace asyncdemo {
namespace {

constexpr std::size_t kMostSuggestions = 3;

// Edits a token of this length may be away from a candidate and still be a typo of it: one for
// a short word (two edits turn "csv" into almost anything), up to three for a long option.
std::size_t edits_allowed(std::size_t length) {
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

// What a leading "--" or "-" would make look alike: "--sync" and "--async" differ by one edit,
// which is a real typo, but "-q" and "-t" would be one edit apart too, which is not.
std::string_view bare(std::string_view option) {
  while (!option.empty() && option.front() == '-') option.remove_prefix(1);
  return option;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic programme: two back (for a swap), the previous and this one.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t replace = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, replace});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::vector<std::string_view> suggestions(std::string_view token,
                                          std::span<const std::string_view> candidates) {
  const std::string_view word = bare(token);
  if (word.empty()) return {};
  struct Near {
    std::size_t distance;
    std::size_t order;
    std::string_view candidate;
  };
  std::vector<Near> near;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string_view candidate = bare(candidates[i]);
    if (candidate == word) continue;
    std::size_t distance = edit_distance(word, candidate);
    // A beginning of three characters or more is what people type when they abbreviate.
    if (word.size() >= 3 && candidate.starts_with(word))
      distance = std::min<std::size_t>(distance, 1);
    if (distance <= edits_allowed(word.size()) && distance < candidate.size()) {
      near.push_back({distance, i, candidates[i]});
    }
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const Near& x, const Near& y) { return x.distance < y.distance; });
  std::vector<std::string_view> found;
  for (const Near& each : near) {
    // Only the nearest: a candidate two edits away is noise beside one that is one away.
    if (each.distance != near.front().distance || found.size() == kMostSuggestions) break;
    found.push_back(each.candidate);
  }
  return found;
}

std::string did_you_mean(std::string_view token, std::span<const std::string_view> candidates) {
  const std::vector<std::string_view> found = suggestions(token, candidates);
  if (found.empty()) return "";
  std::string hint = " (did you mean ";
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) hint += i + 1 == found.size() ? " or " : ", ";
    hint += found[i];
  }
  return hint + "?)";
}

}  // namespace asyncdemo
