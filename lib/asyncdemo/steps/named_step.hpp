#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "asyncdemo/scenario/declarations.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// The parse of every step whose argument is one name (a task, a limit, a queue, an event): the
// step is made from the name, and a bad name is the error. `what` says what it names, for it.
template <class NamedStep>
Result<std::unique_ptr<const Step>> parse_named_step(std::string_view argument,
                                                     std::string_view what) {
  if (!is_name(argument)) {
    return Error{"", "'" + std::string(argument) + "' is not the name of " + std::string(what),
                 "a name of letters, digits, '_' and '-'"};
  }
  return std::unique_ptr<const Step>(std::make_unique<NamedStep>(std::string(argument)));
}

}  // namespace asyncdemo
