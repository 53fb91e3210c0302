#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "asyncdemo/codegen/program_plan.hpp"

namespace asyncdemo::testing {

// The settings of a program: its mode, timeout, failure policy and pool size.
inline PlanSettings with(Mode mode, std::optional<Duration> timeout = std::nullopt,
                         OnError on_error = OnError::cancel, std::size_t threads = 0) {
  PlanSettings settings;
  settings.mode = mode;
  settings.timeout = timeout;
  settings.on_error = on_error;
  settings.threads = threads;
  return settings;
}

// The program `language` writes for the tasks (the classic example when there are none); fails
// the test when it cannot be written.
std::string program_for(std::string_view language, std::initializer_list<std::string> specs,
                        PlanSettings settings = {});

// What the language's own syntax check says of the program (python3 -m py_compile, node
// --check): empty when it passes.
std::string syntax_errors(std::string_view language, const std::string& program);

// An executable shell script at `path` with `body` after its #!/bin/sh line: a stand-in for an
// interpreter (one that lacks a module, or edits the program it is given).
void write_script(const std::string& path, const std::string& body);

// The python3 that has Debian's modules (trio, aiohttp): /usr/bin/python3.
inline constexpr const char* kDebianPython = "/usr/bin/python3";
// Debian's nodejs.
inline constexpr const char* kDebianNode = "/usr/bin/node";

}  // namespace asyncdemo::testing
