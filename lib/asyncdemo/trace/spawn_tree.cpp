#include "asyncdemo/trace/spawn_tree.hpp"

namespace asyncdemo {
namespace {

// A parent of a hundred copies lists a few and counts the rest: the summary stays one line.
constexpr std::size_t kChildrenNamed = 4;

}  // namespace

void SpawnTree::add(const TraceEvent& event) {
  if (event.kind != EventKind::spawn) return;
  const std::string parent(event.task);
  const std::string child(event.other);
  if (!parent_.try_emplace(child, parent).second) return;  // a trace spawns a task once
  auto [children, first] = children_.try_emplace(parent);
  if (first) parents_.push_back(parent);
  children->second.push_back(child);
}

void SpawnTree::clear() {
  parents_.clear();
  children_.clear();
  parent_.clear();
}

std::string_view SpawnTree::parent_of(std::string_view task) const {
  const auto found = parent_.find(std::string(task));
  return found == parent_.end() ? std::string_view() : std::string_view(found->second);
}

std::string SpawnTree::describe() const {
  std::string text;
  for (const std::string& parent : parents_) {
    if (!text.empty()) text += "; ";
    text += parent + " -> ";
    const std::vector<std::string>& children = children_.at(parent);
    const std::size_t named =
        children.size() > kChildrenNamed + 1 ? kChildrenNamed : children.size();
    for (std::size_t i = 0; i < named; ++i) text += (i > 0 ? ", " : "") + children[i];
    if (named < children.size()) {
      text += " and " + std::to_string(children.size() - named) + " more";
    }
  }
  return text;
}

std::vector<std::size_t> SpawnTree::shown_order(const std::vector<std::string>& names,
                                                std::vector<std::size_t>& depth) const {
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
  std::vector<std::size_t> order;
  order.reserve(names.size());
  depth.clear();
  std::vector<bool> placed(names.size(), false);
  // Depth first with an explicit stack: a chain of a million spawns must not recurse.
  std::vector<std::pair<std::size_t, std::size_t>> stack;  // (name index, depth)
  const auto place_tree = [&](std::size_t root) {
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      const auto [at, level] = stack.back();
      stack.pop_back();
      if (placed[at]) continue;
      placed[at] = true;
      order.push_back(at);
      depth.push_back(level);
      const auto children = children_.find(names[at]);
      if (children == children_.end()) continue;
      for (auto child = children->second.rbegin(); child != children->second.rend(); ++child) {
        const auto found = index.find(*child);
        if (found != index.end()) stack.emplace_back(found->second, level + 1);
      }
    }
  };
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto parent = parent_.find(names[i]);
    // Roots first; a child whose parent is not among the names stands as a root of its own.
    if (parent == parent_.end() || index.find(parent->second) == index.end()) place_tree(i);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!placed[i]) place_tree(i);  // a cycle in a hand-written trace: shown, not lost
  }
  return order;
}

}  // namespace asyncdemo
