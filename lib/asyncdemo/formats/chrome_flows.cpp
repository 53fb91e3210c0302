#include "asyncdemo/formats/chrome_flows.hpp"

#include <fmt/format.h>

namespace asyncdemo {

std::string ChromeFlows::key(std::string_view on, std::string_view task) {
  std::string joined(on);
  joined += '\0';  // neither a name nor a task holds one
  joined += task;
  return joined;
}

void ChromeFlows::clear() {
  releases_.clear();
  items_.clear();
  sets_.clear();
  ends_.clear();
}

std::optional<Flow> ChromeFlows::add(const TraceEvent& event) {
  const auto arrow = [&](const Moment& from, std::string to) {
    return Flow{from.t, from.what, event.t, std::move(to)};
  };
  switch (event.kind) {
    case EventKind::release:
      releases_[key(event.on, event.task)] =
          Moment{event.t, fmt::format("{} releases {}", event.task, event.on)};
      break;
    case EventKind::acquired:
      // `from` names the task whose release let this one through; a free slot has no arrow.
      if (const auto found = releases_.find(key(event.on, event.other));
          !event.other.empty() && found != releases_.end()) {
        return arrow(found->second, fmt::format("{} holds {}", event.task, event.on));
      }
      break;
    case EventKind::queued:
      items_[key(event.on, event.task)].push_back(
          Moment{event.t, fmt::format("{} puts \"{}\" into {}", event.task, event.text, event.on)});
      break;
    case EventKind::got:
      // One task's items leave a queue in the order it put them.
      if (const auto found = items_.find(key(event.on, event.other));
          found != items_.end() && !found->second.empty()) {
        const Moment put = std::move(found->second.front());
        found->second.pop_front();
        return arrow(put, fmt::format("{} gets \"{}\" from {}", event.task, event.text, event.on));
      }
      break;
    case EventKind::set:
      sets_[std::string(event.on)] =
          Moment{event.t, fmt::format("{} sets {}", event.task, event.on)};
      break;
    case EventKind::woken:
      if (const auto found = sets_.find(event.on); !event.other.empty() && found != sets_.end()) {
        return arrow(found->second, fmt::format("{} sees {} set", event.task, event.on));
      }
      break;
    case EventKind::end:
    case EventKind::fail:
    case EventKind::cancel:
      ends_[std::string(event.task)] = Moment{event.t, fmt::format("{} ends", event.task)};
      break;
    case EventKind::awaited:
      if (const auto found = ends_.find(event.other); found != ends_.end()) {
        return arrow(found->second, fmt::format("{} goes on after {}", event.task, event.other));
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace asyncdemo
