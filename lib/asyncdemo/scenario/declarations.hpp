#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// What tasks coordinate through, declared with options, as a Python program creates them
// before its tasks: --limit NAME=N (asyncio.BoundedSemaphore(N); N=1 is a lock), --limit N (one
// such limit around every task's whole body), --queue NAME=MAXSIZE (asyncio.Queue, 0 is
// unbounded), --event NAME (asyncio.Event).
struct Declarations {
  struct Limit {
    std::string name;
    std::size_t size = 1;
  };
  struct Queue {
    std::string name;
    std::size_t maxsize = 0;
  };
  std::vector<Limit> limits;
  std::vector<Queue> queues;
  std::vector<std::string> events;
  std::optional<std::size_t> every_task;  // --limit N: at most N tasks at a time

  const Limit* limit(std::string_view name) const;
  const Queue* queue(std::string_view name) const;
  bool has_event(std::string_view name) const;
};

// The largest --limit and --queue size accepted.
inline constexpr std::size_t kMostSlots = 1'000'000'000;

// Parses the options' texts, in the order given, into `declarations`; an Error names the option
// and the token.
Result<Declarations> parse_declarations(const std::vector<std::string>& limits,
                                        const std::vector<std::string>& queues,
                                        const std::vector<std::string>& events);

// Letters, digits, '_' and '-': the names of tasks, limits, queues and events.
bool is_name(std::string_view name);

}  // namespace asyncdemo
