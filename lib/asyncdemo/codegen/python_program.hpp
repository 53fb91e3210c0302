#pragma once

#include <string>
#include <vector>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo::codegen {

// `--lang python`: an async run as a Python 3.11 asyncio program (gather, a TaskGroup, or gather
// with return_exceptions, as group_form() says; asyncio.timeout; run_in_executor on a
// ThreadPoolExecutor; aiohttp), a sync run as the plain sequential program (time.sleep,
// urllib).
Result<std::string> write_python_program(const ProgramPlan& plan);
std::vector<Requirement> python_requirements(const ProgramPlan& plan);

}  // namespace asyncdemo::codegen
