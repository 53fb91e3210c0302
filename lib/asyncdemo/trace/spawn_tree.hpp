#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// Who spawned whom in one run, as its spawn events tell it: each child under its parent, in
// the order it was spawned. The text summary and the pictures both draw this tree.
class SpawnTree {
 public:
  void add(const TraceEvent& event);  // keeps spawn events, ignores the rest
  void clear();
  bool empty() const { return parent_.empty(); }
  std::string_view parent_of(std::string_view task) const;

  // "c -> d, e; d -> f": each parent with its children, parents in the order they first spawned.
  std::string describe() const;

  // The order to show tasks in, given the order they first appeared: each child right after its
  // parent (and that parent's earlier children), depth first. Returns indices into names and
  // fills depth (0 for a task nobody spawned) for each shown position.
  std::vector<std::size_t> shown_order(const std::vector<std::string>& names,
                                       std::vector<std::size_t>& depth) const;

 private:
  std::vector<std::string> parents_;  // in the order each first spawned
  std::unordered_map<std::string, std::vector<std::string>> children_;
  std::unordered_map<std::string, std::string> parent_;
};

}  // namespace asyncdemo
