#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/command.hpp"

namespace asyncdemo {

// The options of `asyncdemo code` and `asyncdemo check` besides asyncdemo's own, as typed.
struct CodeOptions {
  std::string language = "python";  // --lang
  // check only:
  std::string scale;        // --scale F: durations times F; empty: 1
  std::string interpreter;  // --interpreter PATH; empty: the language's, found on PATH
  std::string tolerance;    // --tolerance DURATION; empty: check's default
};

inline constexpr const char* kCodeHelp = R"(
Prints a complete program that does what asyncdemo does with the same tasks
and options, and prints its own trace as JSON lines in asyncdemo's format:
--async (the default) or --sync, in
  --lang python  Python 3.11 asyncio: gather, a TaskGroup or
                 gather(return_exceptions=True) as --on-error and the steps
                 decide, asyncio.timeout, run_in_executor, aiohttp; --sync:
                 the plain sequential program (time.sleep, urllib)
  --lang trio    Trio (Debian's python3-trio): a nursery, move_on_after,
                 to_thread
  --lang node    Node.js 18 or later: Promise.all, an AbortController,
                 worker threads, fetch
-o FILE writes the program to FILE. asyncdemo check runs it and compares the
two traces.

Examples:
  asyncdemo code > classic.py && python3 classic.py
  asyncdemo code --sync
  asyncdemo code --lang trio --timeout 1.5s a=1s b=2s
  asyncdemo code --lang node --threads 2 'w*4=work:1s')";

// --lang: the language named, or an Error listing them.
Result<const Language*> parse_language(std::string_view name);

// The words of a command line joined for a shell: a word with anything but letters, digits and
// -_=:,./*@%+ is single-quoted, one with control characters written as $'...'.
std::string shell_words(const std::vector<std::string>& words);

// The options that declare what the tasks coordinate through, as a command line gives them:
// --limit NAME=N, --limit N, --queue NAME=MAXSIZE, --event NAME.
std::vector<std::string> declaration_words(const Declarations& declarations);

// `asyncdemo code`: prints the program (or writes it to --output) that does what asyncdemo does
// with the same arguments: --async (the default) or --sync, in --lang (python by default).
// Returns the exit status: 0, or 2 for bad input (one line on standard error).
int code_command(const Options& options, const CodeOptions& code);

}  // namespace asyncdemo
