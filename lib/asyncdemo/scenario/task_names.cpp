#include "asyncdemo/scenario/task_names.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace asyncdemo {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The copy number that `digits` spells, if it is one a NAME*COUNT spec makes (1 to COUNT,
// no leading zero).
bool spells_copy(std::string_view digits, std::size_t copies) {
  if (digits.empty() || digits.front() == '0' || digits.size() > 19) return false;
  std::size_t number = 0;
  for (char c : digits) {
    if (!is_digit(c)) return false;
    number = number * 10 + static_cast<std::size_t>(c - '0');
  }
  return number >= 1 && number <= copies;
}

}  // namespace

std::optional<std::string> first_shared_name(const std::vector<TaskSpec>& tasks) {
  std::unordered_set<std::string_view> singles;
  std::unordered_map<std::string_view, std::size_t> groups;  // base name -> copies
  for (const TaskSpec& task : tasks) {
    if (task.copies == 0) {
      if (!singles.insert(task.name).second) return task.name;
    } else {
      if (!groups.emplace(task.name, task.copies).second) return task.name + "1";
    }
  }
  if (groups.empty()) return std::nullopt;

  // A copy's name is a group's base followed by its number: try every way of reading the
  // trailing digits of a name as a copy number.
  const auto group_making = [&](std::string_view name, std::size_t lowest_digit,
                                auto&& makes) -> bool {
    for (std::size_t split = lowest_digit; split < name.size(); ++split) {
      const auto group = groups.find(name.substr(0, split));
      if (group != groups.end() && makes(name.substr(split), group->second)) return true;
    }
    return false;
  };
  const auto trailing_digits_from = [](std::string_view name) {
    std::size_t first = name.size();
    while (first > 0 && is_digit(name[first - 1])) --first;
    return first;
  };

  for (std::string_view single : singles) {
    if (group_making(single, trailing_digits_from(single), spells_copy)) {
      return std::string(single);
    }
  }
  // Group "w1" (copies w11, w12, ...) meets group "w" when "1" + "1" = 11 is one of w's copies:
  // its first copy is then shared, since the numbers only grow from there.
  for (const auto& [base, copies] : groups) {
    const auto first_copy_shared = [](std::string_view digits, std::size_t other_copies) {
      return spells_copy(std::string(digits) + "1", other_copies);
    };
    if (group_making(base, trailing_digits_from(base), first_copy_shared)) {
      return std::string(base) + "1";
    }
  }
  return std::nullopt;
}

}  // namespace asyncdemo
