#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// A kind of step as written in a task spec: "NAME:ARGUMENT".
struct StepKind {
  std::string_view name;      // "sleep"
  std::string_view argument;  // what follows the colon, for help and errors: "DURATION"
  std::string_view summary;   // what it does, and its Python, for asyncdemo help steps
  Result<std::unique_ptr<const Step>> (*parse)(std::string_view argument);
};

// Every kind of step, in the order help lists them.
std::span<const StepKind> step_kinds();
const StepKind* find_step_kind(std::string_view name);
// "sleep:DURATION or print:TEXT", for error messages.
std::string step_forms();

}  // namespace asyncdemo
