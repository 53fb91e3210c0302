#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "asyncdemo/core/child_process.hpp"

// The library's child processes, and asyncdemo itself, for the end-to-end tests.
namespace asyncdemo::e2e {

using asyncdemo::Process;
using asyncdemo::ProcessOptions;
using asyncdemo::ProcessResult;
using asyncdemo::run_process;

// The asyncdemo binary under test (ASYNCDEMO_BINARY).
const std::string& asyncdemo_binary();
ProcessResult run_asyncdemo(const std::vector<std::string>& args,
                            const ProcessOptions& options = {},
                            std::chrono::milliseconds timeout = kDefaultProcessTimeout);

}  // namespace asyncdemo::e2e
