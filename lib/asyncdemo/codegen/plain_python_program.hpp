#pragma once

#include <string>

#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo::codegen {

// `--lang python --sync`: the plain sequential program. The tasks are ordinary functions called
// one after another; every wait is time.sleep, cut short at the timeout; a fetch is urllib's
// blocking GET; a spawned task runs right where it is spawned, an awaited one that has not run
// yet right where it is awaited; and a wait that only another task could end (a limit with no
// free slot, an empty queue, an event not set) is a deadlock, which the program reports and
// stops at, as asyncdemo does.
Result<std::string> write_plain_python_program(const ProgramPlan& plan);

}  // namespace asyncdemo::codegen
