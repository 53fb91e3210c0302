#pragma once

#include "asyncdemo/codegen/code_command.hpp"
#include "asyncdemo/command.hpp"

namespace asyncdemo {

// How far apart in time check lets the two traces put an event by default: a loaded 2-core
// machine keeps every event of a program in its tests within it.
inline constexpr Duration kDefaultTolerance = std::chrono::milliseconds(50);

inline constexpr const char* kCheckHelp = R"(
Runs the scenario on asyncdemo's virtual clock and the program asyncdemo code
writes for it with the interpreter in real time, then compares the two traces:
the events of each instant in the same order (as a set where the language
leaves the order open: cancellations at one instant, a pool thread's or a
socket's event among the loop's, and every instant in Trio, which varies its
order on purpose), each within --tolerance of asyncdemo's time, and the same
outcome (finished, cancelled, failed, exit status). Without --sync or --async
both runs are checked. Of a fetch only fetch_done is compared; with fetch:
steps asyncdemo runs on the real clock.

Exit status: 0 the two agree, 1 they differ (the first difference is named),
2 bad input, or the interpreter or a module the program needs is missing (the
Debian package is named).

Examples:
  asyncdemo check
      the classic example in Python, sync and async
  asyncdemo check --lang trio --async --scale 0.1
  asyncdemo check --lang node --async --scale 0.2 \
      a=block:300ms b=sleep:100ms,print:late
  asyncdemo check --interpreter /usr/bin/python3 --lang trio --threads 2 \
      'w*3=work:200ms')";

// `asyncdemo check`: see kCheckHelp. Returns the exit status.
int check_command(const Options& options, const CodeOptions& code);

}  // namespace asyncdemo
