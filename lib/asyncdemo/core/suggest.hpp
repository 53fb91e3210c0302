#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace asyncdemo {

// How many single-character edits (insert, delete, replace, or swap two neighbours) turn `a`
// into `b`: the optimal string alignment distance, so "jsnol" is 1 from "jsonl".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates a mistyped `token` most likely meant, nearest first (at most three): those
// within a few edits (more for a longer token) and those that `token` begins, like "--asy" for
// "--async". Empty when nothing is near enough to be worth suggesting.
std::vector<std::string_view> suggestions(std::string_view token,
                                          std::span<const std::string_view> candidates);

// " (did you mean jsonl?)", " (did you mean --timeout or --timeline?)", or "" when
// suggestions() finds nothing: the hint that usage errors put after the bad token.
std::string did_you_mean(std::string_view token, std::span<const std::string_view> candidates);

}  // namespace asyncdemo
