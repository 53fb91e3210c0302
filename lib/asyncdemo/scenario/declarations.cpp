#include "asyncdemo/scenario/declarations.hpp"

#include <algorithm>

namespace asyncdemo {
namespace {

// A whole number from `least` to kMostSlots, or nothing.
std::optional<std::size_t> parse_count(std::string_view text, std::size_t least) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < least || n > kMostSlots) return std::nullopt;
  return n;
}

Error bad(std::string_view option, std::string_view text, std::string problem,
          std::string expected) {
  return Error{std::string(option), "'" + std::string(text) + "' " + problem, std::move(expected)};
}

}  // namespace

bool is_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

const Declarations::Limit* Declarations::limit(std::string_view name) const {
  for (const Limit& limit : limits) {
    if (limit.name == name) return &limit;
  }
  return nullptr;
}

const Declarations::Queue* Declarations::queue(std::string_view name) const {
  for (const Queue& queue : queues) {
    if (queue.name == name) return &queue;
  }
  return nullptr;
}

bool Declarations::has_event(std::string_view name) const {
  return std::find(events.begin(), events.end(), name) != events.end();
}

Result<Declarations> parse_declarations(const std::vector<std::string>& limits,
                                        const std::vector<std::string>& queues,
                                        const std::vector<std::string>& events) {
  Declarations out;
  const std::string limit_form =
      "NAME=N, a name and how many tasks may hold it at once (1 to 1000000000), like --limit "
      "db=2; or N alone, for at most N tasks at a time, like --limit 10";
  for (const std::string& text : limits) {
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos) {
      const std::optional<std::size_t> n = parse_count(text, 1);
      if (!n) return bad("--limit", text, "is not a number of tasks", limit_form);
      if (out.every_task)
        return bad("--limit", text, "is a second limit on every task", limit_form);
      out.every_task = *n;
      continue;
    }
    const std::string name = text.substr(0, equals);
    if (!is_name(name)) return bad("--limit", text, "does not start with a name", limit_form);
    const std::optional<std::size_t> n = parse_count(std::string_view(text).substr(equals + 1), 1);
    if (!n) return bad("--limit", text, "does not end in a number from 1", limit_form);
    if (out.limit(name) != nullptr) {
      return bad("--limit", text, "declares '" + name + "' a second time", "one --limit per name");
    }
    out.limits.push_back({name, *n});
  }
  const std::string queue_form =
      "NAME=MAXSIZE, a name and how many items the queue holds at most (0: no limit), like "
      "--queue jobs=5";
  for (const std::string& text : queues) {
    const std::size_t equals = text.find('=');
    const std::string name = text.substr(0, equals);
    if (equals == std::string::npos || !is_name(name)) {
      return bad("--queue", text, "is not NAME=MAXSIZE", queue_form);
    }
    const std::optional<std::size_t> n = parse_count(std::string_view(text).substr(equals + 1), 0);
    if (!n) return bad("--queue", text, "does not end in a number from 0", queue_form);
    if (out.queue(name) != nullptr) {
      return bad("--queue", text, "declares '" + name + "' a second time", "one --queue per name");
    }
    out.queues.push_back({name, *n});
  }
  for (const std::string& name : events) {
    if (!is_name(name)) {
      return bad("--event", name, "is not a name",
                 "a name of letters, digits, '_' and '-', like --event go");
    }
    if (out.has_event(name)) {
      return bad("--event", name, "is declared a second time", "one --event per name");
    }
    out.events.push_back(name);
  }
  return out;
}

}  // namespace asyncdemo
