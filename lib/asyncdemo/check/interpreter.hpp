#pragma once

#include <span>
#include <string>
#include <string_view>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// The interpreter check runs a language's programs with: `given` (--interpreter), else the
// language's interpreter found on PATH. It is asked for its version and for each module in
// `requirements` before anything runs, so that what is missing is said plainly: the Error names
// the interpreter, what it lacks, and the Debian package that provides it.
Result<std::string> ready_interpreter(const Language& language, std::string_view given,
                                      std::span<const Requirement> requirements);

}  // namespace asyncdemo
