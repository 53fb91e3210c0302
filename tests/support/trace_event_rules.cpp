#include "support/trace_event_rules.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace asyncdemo::testing {
namespace {

using json = nlohmann::json;

struct Slice {
  double from;
  double to;
  std::size_t index;
};

struct OpenAsync {
  std::string name;
  double ts;
};

}  // namespace

std::vector<std::string> trace_event_problems(const json& trace) {
  std::vector<std::string> problems;
  if (!trace.is_array()) return {"the trace is not a JSON array"};
  const std::string known_phases = "XBEiIbenMCstf";
  std::set<int> named_processes;
  std::set<std::pair<int, int>> named_threads;
  std::set<std::pair<int, int>> threads_with_slices;
  std::set<int> processes_used;
  std::map<std::pair<int, int>, std::vector<Slice>> slices;
  std::map<std::tuple<int, std::string, std::string>, std::vector<OpenAsync>> tracks;
  std::map<std::tuple<int, std::string, std::string>, double> last_ts;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const json& event = trace[i];
    const auto problem = [&](const std::string& what) {
      problems.push_back("event " + std::to_string(i) + " " + event.dump() + ": " + what);
    };
    if (!event.is_object()) {
      problem("is not an object");
      continue;
    }
    if (!event.contains("ph") || !event["ph"].is_string() ||
        event["ph"].get<std::string>().size() != 1 ||
        known_phases.find(event["ph"].get<std::string>()) == std::string::npos) {
      problem("has no known phase");
      continue;
    }
    const char phase = event["ph"].get<std::string>()[0];
    if (!event.contains("name") || !event["name"].is_string()) problem("has no name");
    if (!event.contains("pid") || !event["pid"].is_number_integer() || !event.contains("tid") ||
        !event["tid"].is_number_integer()) {
      problem("has no integer pid and tid");
      continue;
    }
    const int pid = event["pid"].get<int>();
    const int tid = event["tid"].get<int>();
    const std::string name = event.value("name", "");
    if (phase == 'M') {
      if (!event.contains("args") || !event["args"].is_object()) problem("metadata without args");
      if (name == "process_name" || name == "thread_name") {
        if (!event["args"].contains("name") || !event["args"]["name"].is_string()) {
          problem("names nothing");
        }
        if (name == "process_name") named_processes.insert(pid);
        if (name == "thread_name") named_threads.emplace(pid, tid);
      } else if (name == "process_sort_index" || name == "thread_sort_index") {
        if (!event["args"].contains("sort_index") ||
            !event["args"]["sort_index"].is_number_integer()) {
          problem("a sort index that is not a whole number");
        }
      } else {
        problem("unknown metadata");
      }
      continue;
    }
    processes_used.insert(pid);
    if (!event.contains("ts") || !event["ts"].is_number() || event["ts"].get<double>() < 0) {
      problem("has no timestamp >= 0");
      continue;
    }
    const double ts = event["ts"].get<double>();
    if (phase == 'X') {
      if (!event.contains("dur") || !event["dur"].is_number() || event["dur"].get<double>() < 0) {
        problem("a complete event without a duration >= 0");
        continue;
      }
      slices[{pid, tid}].push_back(Slice{ts, ts + event["dur"].get<double>(), i});
      threads_with_slices.emplace(pid, tid);
    } else if (phase == 'b' || phase == 'e' || phase == 'n') {
      if (!event.contains("cat") || !event["cat"].is_string())
        problem("an async event without a category");
      if (!event.contains("id") || !(event["id"].is_number_integer() || event["id"].is_string())) {
        problem("an async event without an id");
        continue;
      }
      const auto key = std::make_tuple(pid, event.value("cat", ""), event["id"].dump());
      auto [last, fresh] = last_ts.try_emplace(key, ts);
      if (ts < last->second) problem("goes back in time on its async track");
      last->second = std::max(last->second, ts);
      std::vector<OpenAsync>& open = tracks[key];
      if (phase == 'b') {
        open.push_back(OpenAsync{name, ts});
      } else if (phase == 'n') {
        if (open.empty()) problem("an async instant outside any open slice of its track");
      } else if (open.empty()) {
        problem("ends an async slice that was never begun");
      } else if (open.back().name != name) {
        problem("ends '" + name + "' while '" + open.back().name + "' is the innermost open slice");
      } else if (ts < open.back().ts) {
        problem("ends before it began");
      } else {
        open.pop_back();
      }
    } else if (phase == 'i' || phase == 'I') {
      if (event.contains("s") && event["s"] != "g" && event["s"] != "p" && event["s"] != "t") {
        problem("an instant with a scope other than g, p or t");
      }
      if (event.value("s", "t") == "t") threads_with_slices.emplace(pid, tid);
    }
  }
  for (const auto& [key, open] : tracks) {
    for (const OpenAsync& slice : open) {
      problems.push_back("async slice '" + slice.name + "' on track " + std::get<2>(key) +
                         " is never ended");
    }
  }
  for (auto& [thread, list] : slices) {
    // Proper nesting: sorted by start (longest first on ties), each slice lies wholly inside
    // the innermost still-open one, or after it.
    std::sort(list.begin(), list.end(), [](const Slice& a, const Slice& b) {
      return a.from != b.from ? a.from < b.from : a.to > b.to;
    });
    std::vector<Slice> stack;
    for (const Slice& slice : list) {
      while (!stack.empty() && stack.back().to <= slice.from) stack.pop_back();
      if (!stack.empty() && slice.to > stack.back().to) {
        problems.push_back("complete events " + std::to_string(stack.back().index) + " and " +
                           std::to_string(slice.index) + " half overlap on thread " +
                           std::to_string(thread.second));
      }
      stack.push_back(slice);
    }
  }
  for (int pid : processes_used) {
    if (!named_processes.contains(pid))
      problems.push_back("process " + std::to_string(pid) + " has no name");
  }
  for (const auto& thread : threads_with_slices) {
    if (!named_threads.contains(thread)) {
      problems.push_back("thread " + std::to_string(thread.second) + " has slices but no name");
    }
  }
  return problems;
}

}  // namespace asyncdemo::testing
