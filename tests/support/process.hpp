#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "asyncdemo/core/child_process.hpp"

// The library's child processes, with the deadline the end-to-end tests use, and asyncdemo itself.
namespace asyncdemo::e2e {

// Long enough for a sanitizer build on a loaded machine; only a hang ever reaches it.
inline constexpr std::chrono::milliseconds kDefaultTimeout{20'000};

using asyncdemo::Process;
using asyncdemo::ProcessOptions;
using asyncdemo::ProcessResult;

// Runs the program to its end.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options = {},
                          std::chrono::milliseconds timeout = kDefaultTimeout);

// The asyncdemo binary under test (ASYNCDEMO_BINARY).
const std::string& asyncdemo_binary();
ProcessResult run_asyncdemo(const std::vector<std::string>& args,
                            const ProcessOptions& options = {},
                            std::chrono::milliseconds timeout = kDefaultTimeout);

}  // namespace asyncdemo::e2e
