#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// A name that two tasks of `tasks` would share, if any: "a" given twice, or "w12" given once and
// made again by w*20 or by w1*5. Works on the specs without spelling out every copy's name, so
// that checking a million numbered tasks costs no more than checking one.
std::optional<std::string> first_shared_name(const std::vector<TaskSpec>& tasks);

}  // namespace asyncdemo
