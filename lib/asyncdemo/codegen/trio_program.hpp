#pragma once

#include <string>
#include <vector>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo::codegen {

// `--lang trio`: an async run as a Trio program (a nursery, trio.sleep, trio.to_thread.run_sync
// with a CapacityLimiter, trio.move_on_after, fetches over Trio's TCP streams); a sync run as
// the same tasks awaited one after another.
Result<std::string> write_trio_program(const ProgramPlan& plan);
std::vector<Requirement> trio_requirements(const ProgramPlan& plan);

}  // namespace asyncdemo::codegen
