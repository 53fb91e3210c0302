#pragma once

#include <string>
#include <vector>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo::codegen {

// `--lang node`: an async run as a Node.js program (async functions, timer promises,
// Promise.all or Promise.allSettled, an AbortController for cancellation, Atomics.wait for a
// blocking call, worker threads for work:, the built-in fetch); a sync run as the same tasks
// awaited one after another.
Result<std::string> write_node_program(const ProgramPlan& plan);
std::vector<Requirement> node_requirements(const ProgramPlan& plan);

}  // namespace asyncdemo::codegen
