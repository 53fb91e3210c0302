#include "asyncdemo/check/trace_comparison.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "asyncdemo/steps/step_kinds.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

// A step as a trace names it, in its normal form: "sleep:0.25" and "sleep:250ms" are one step.
std::string normal_step(std::string_view at) {
  const std::size_t colon = at.find(':');
  if (colon == std::string_view::npos) return std::string(at);
  const StepKind* kind = find_step_kind(at.substr(0, colon));
  if (kind == nullptr) return std::string(at);
  const std::string_view argument = at.substr(colon + 1);
  if (Result<std::unique_ptr<const Step>> step = kind->parse(argument)) return step.value()->spec();
  if (kind->argument == "DURATION") {
    // A number of seconds as a program prints one: "1e-05".
    const std::string text(argument);
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0' && seconds >= 0 && seconds < 1e9) {
      const auto ns = static_cast<Duration::rep>(seconds * 1e9 + 0.5);
      return std::string(kind->name) + ":" + format_duration(Duration(ns));
    }
  }
  return std::string(at);
}

ComparedEvent compared(const TraceEvent& event) {
  ComparedEvent out;
  out.t = event.t;
  out.task = std::string(event.task);
  const std::string name(to_string(event.kind));
  std::string detail;
  // Shown, but not compared: how many hold a limit, or were woken, depends on the order of the
  // tasks within an instant, which Trio and Node.js keep their own.
  std::string counted;
  switch (event.kind) {
    case EventKind::print:
      detail = "\"" + std::string(event.text) + "\"";
      break;
    case EventKind::sleep:
    case EventKind::block:
    case EventKind::work_queue:
      detail = format_duration(event.seconds);
      break;
    case EventKind::fail: {
      const std::string at = normal_step(event.at);
      // Only a fail: step's message is the scenario's; any other failure's (a refused
      // connection, a release too many, an awaited task's) is each library's own words.
      const bool own = at.rfind("fail:", 0) == 0;
      detail = "at " + at + (own ? ": " + std::string(event.text) : "");
      break;
    }
    case EventKind::cancel:
      out.cancel = true;
      detail = event.at.empty() ? "before it started" : "at " + normal_step(event.at);
      if (event.reason != StopReason::none)
        detail += " (" + std::string(to_string(event.reason)) + ")";
      break;
    case EventKind::work_start:
    case EventKind::work_end:
      out.from_outside = true;
      break;
    case EventKind::fetch_done:
      out.from_outside = true;
      detail = std::string(event.text) + ": " + std::to_string(event.status) + ", " +
               std::to_string(event.bytes) + " bytes";
      break;
    case EventKind::spawn:
    case EventKind::await:
    case EventKind::awaited:
      detail = std::string(event.other);
      break;
    case EventKind::acquire:
    case EventKind::get:
    case EventKind::wait:
    case EventKind::woken:
      detail = std::string(event.on);
      break;
    case EventKind::acquired:
      detail = std::string(event.on);
      counted = " (" + std::to_string(event.count) + " holding)";
      break;
    case EventKind::release:
      detail = std::string(event.on) + (event.at.empty() ? "" : " at its " + std::string(event.at));
      counted = " (" + std::to_string(event.count) + " holding)";
      break;
    case EventKind::put:
      detail = std::string(event.text) + " into " + std::string(event.on);
      break;
    // Not how many items are in the queue: Trio's channel hands an item to a waiting receiver
    // at once, where asyncio's queue holds it until the receiver runs.
    case EventKind::queued:
      detail = std::string(event.text) + " into " + std::string(event.on);
      break;
    case EventKind::got:
      detail = std::string(event.text) + " from " + std::string(event.on) + ", put by " +
               std::string(event.other);
      break;
    case EventKind::set:
      detail = std::string(event.on);
      counted = " (woke " + std::to_string(event.count) + ")";
      break;
    default:
      break;
  }
  out.shown = detail.empty() ? name : name + " " + detail + counted;
  out.key = out.task + "\n" + (detail.empty() ? name : name + " " + detail);
  return out;
}

bool compared_kind(EventKind kind) {
  switch (kind) {
    case EventKind::run_start:
    case EventKind::run_end:
    case EventKind::fetch_resolved:
    case EventKind::fetch_connected:
    case EventKind::fetch_sent:
    case EventKind::fetch_first_byte:
      return false;
    default:
      return true;
  }
}

Duration distance(Duration a, Duration b) {
  return a > b ? a - b : b - a;
}

std::string described(const ComparedEvent& event) {
  return event.task + " " + event.shown + " at " + format_time(event.t);
}

// The keys of rows [begin, end), each run of cancellations sorted: they are a set.
std::vector<std::string> keys_with_cancels_as_sets(const std::vector<ComparedEvent>& events,
                                                   std::size_t begin, std::size_t end) {
  std::vector<std::string> keys;
  for (std::size_t i = begin; i < end; ++i) keys.push_back(events[i].key);
  for (std::size_t i = begin; i < end;) {
    std::size_t j = i;
    while (j < end && events[j].cancel) ++j;
    if (j > i + 1) std::sort(keys.begin() + (i - begin), keys.begin() + (j - begin));
    i = j > i ? j : i + 1;
  }
  return keys;
}

// Each task's events among rows [begin, end), in order.
std::map<std::string, std::vector<std::string>> by_task(const std::vector<ComparedEvent>& events,
                                                        std::size_t begin, std::size_t end) {
  std::map<std::string, std::vector<std::string>> tasks;
  for (std::size_t i = begin; i < end; ++i) tasks[events[i].task].push_back(events[i].key);
  return tasks;
}

}  // namespace

std::vector<ComparedEvent> compared_events(std::span<const StoredEvent> events) {
  std::vector<ComparedEvent> out;
  for (const StoredEvent& stored : events) {
    const TraceEvent event = stored.view();
    if (compared_kind(event.kind)) out.push_back(compared(event));
  }
  return out;
}

TraceComparison compare_traces(const std::vector<ComparedEvent>& expected,
                               const std::vector<ComparedEvent>& actual,
                               const ComparisonRules& rules) {
  TraceComparison result;
  const auto differ = [&](std::size_t row, std::string why) {
    result.agree = false;
    result.difference_row = row;
    result.difference = "row " + std::to_string(row + 1) + ": " + std::move(why);
    return result;
  };
  // Each trace's times count from its own first event: how long an interpreter takes to start
  // its event loop is not the scenario's business.
  const Duration our_origin = expected.empty() ? Duration{} : expected.front().t;
  const Duration their_origin = actual.empty() ? Duration{} : actual.front().t;
  Duration previous_ours{};    // the group before, in asyncdemo's trace
  Duration previous_theirs{};  // and where the program's first event of it was
  std::size_t begin = 0;
  while (begin < expected.size()) {
    std::size_t end = begin;
    bool from_outside = false;
    while (end < expected.size() && expected[end].t - expected[begin].t <= rules.same_instant) {
      from_outside = from_outside || expected[end].from_outside;
      ++end;
    }
    const Duration at = expected[begin].t;
    const std::size_t available = std::min(end, actual.size());
    const std::string race =
        from_outside ? " (a pool thread's or a socket's event meets the loop's at this instant: in "
                       "real time, which comes first is a race)"
                     : "";
    if (!rules.own_order_within_an_instant && !from_outside) {
      const std::vector<std::string> ours = keys_with_cancels_as_sets(expected, begin, end);
      const std::vector<std::string> theirs = keys_with_cancels_as_sets(actual, begin, available);
      for (std::size_t i = 0; i < theirs.size(); ++i) {
        if (ours[i] == theirs[i]) continue;
        const std::size_t row = begin + i;
        return differ(row, "asyncdemo has " + described(expected[row]) + ", the program has " +
                               described(actual[row]));
      }
    } else {
      std::multiset<std::string> missing;
      for (std::size_t i = begin; i < end; ++i) missing.insert(expected[i].key);
      std::size_t first_extra = available;
      for (std::size_t i = begin; i < available; ++i) {
        const auto found = missing.find(actual[i].key);
        if (found != missing.end()) {
          missing.erase(found);
        } else if (first_extra == available) {
          first_extra = i;
        }
      }
      if (first_extra != available || !missing.empty()) {
        const ComparedEvent* absent = nullptr;
        for (std::size_t i = begin; i < end && absent == nullptr; ++i) {
          if (missing.count(expected[i].key) != 0) absent = &expected[i];
        }
        std::string why = absent != nullptr
                              ? "asyncdemo has " + described(*absent) + ", the program "
                              : "the program ";
        if (first_extra != available) {
          why += "has " + described(actual[first_extra]) +
                 (absent != nullptr ? " there instead"
                                    : ", which asyncdemo does not have at " + format_time(at));
        } else {
          why += "does not (its trace has ended)";
        }
        return differ(first_extra, why + race);
      }
      if (available == end) {
        const auto our_tasks = by_task(expected, begin, end);
        const auto their_tasks = by_task(actual, begin, end);
        for (std::size_t i = begin; i < end; ++i) {
          if (our_tasks.at(actual[i].task) != their_tasks.at(actual[i].task)) {
            return differ(i, "the program has " + actual[i].task + "'s events at " +
                                 format_time(at) + " in another order than asyncdemo");
          }
        }
      }
    }
    if (available < end) {
      return differ(available, "asyncdemo has " + described(expected[available]) +
                                   ", the program's trace has ended" + race);
    }
    const Duration ours = at - our_origin;
    for (std::size_t i = begin; i < end; ++i) {
      if (expected[i].key != actual[i].key) result.reordered.push_back(i);
      const Duration theirs = actual[i].t - their_origin;
      const Duration apart = distance(theirs, ours);
      const Duration since = distance(theirs - previous_theirs, ours - previous_ours);
      result.most_apart = std::max(result.most_apart, std::min(apart, since));
      if (apart > rules.tolerance && since > rules.tolerance) {
        return differ(i, "the program has " + described(actual[i]) + ", asyncdemo at " +
                             format_time(at) + ": " + format_duration(apart) +
                             " apart, more than the tolerance of " +
                             format_duration(rules.tolerance));
      }
    }
    previous_ours = ours;
    previous_theirs = actual[begin].t - their_origin;
    for (std::size_t i = begin + 1; i < end; ++i) {
      previous_theirs = std::min(previous_theirs, actual[i].t - their_origin);
    }
    begin = end;
  }
  if (actual.size() > expected.size()) {
    return differ(expected.size(), "the program has " + described(actual[expected.size()]) +
                                       " after asyncdemo's last event");
  }
  return result;
}

}  // namespace asyncdemo
