#include "asyncdemo/schedule/run_stats.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace asyncdemo {

void RunStats::note(const TraceEvent& event) {
  switch (event.kind) {
    case EventKind::unblock:
      seen_.blocked_total += event.held;
      seen_.blocked_max = std::max(seen_.blocked_max, event.held);
      if (event.mode == Mode::async && event.held >= slow_ && warn_) {
        warn_(
            fmt::format("task '{}' held the event loop for {} (blocking call in a coroutine; "
                        "use work: to run it on the thread pool)",
                        event.task, format_duration(event.held)));
      }
      break;
    case EventKind::work_start:
      seen_.queue_wait_max = std::max(seen_.queue_wait_max, event.waited);
      break;
    case EventKind::fail:
      seen_.failures.push_back(
          TaskFailure{std::string(event.task), std::string(event.at), std::string(event.text)});
      break;
    default:
      break;
  }
}

void RunStats::add_to(RunFacts& facts) const {
  facts.blocked_total = seen_.blocked_total;
  facts.blocked_max = seen_.blocked_max;
  facts.queue_wait_max = seen_.queue_wait_max;
  facts.failures = seen_.failures;
  facts.failed = seen_.failures.size();
}

}  // namespace asyncdemo
