#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// One arrow of a Chrome trace: from what one task did to the moment another went on because
// of it.
struct Flow {
  Duration from_t{};
  std::string from;  // "a releases db"
  Duration to_t{};
  std::string to;  // "b holds db"
};

// Pairs the coordination events of one run into the arrows Perfetto draws: a release to the
// acquire it let through, a put to the get that took the item, a set to each task it woke, a
// task's end to each task that awaited it. The events that let another task go on are noted
// as they come; the arrow is known when that task goes on.
class ChromeFlows {
 public:
  // The arrow that ends at `event`, if one does.
  std::optional<Flow> add(const TraceEvent& event);
  void clear();

 private:
  struct Moment {
    Duration t{};
    std::string what;
  };
  static std::string key(std::string_view on, std::string_view task);

  std::map<std::string, Moment, std::less<>> releases_;           // (limit, task): the latest
  std::map<std::string, std::deque<Moment>, std::less<>> items_;  // (queue, task): in order
  std::map<std::string, Moment, std::less<>> sets_;               // event
  std::map<std::string, Moment, std::less<>> ends_;               // task
};

}  // namespace asyncdemo
