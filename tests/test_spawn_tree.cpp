#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/trace/spawn_tree.hpp"

using namespace asyncdemo;
using Names = std::vector<std::string>;
using Places = std::vector<std::size_t>;

namespace {

TraceEvent spawn(std::string_view parent, std::string_view child) {
  TraceEvent event;
  event.kind = EventKind::spawn;
  event.task = parent;
  event.other = child;
  return event;
}

}  // namespace

TEST_CASE("each child is kept under the task that spawned it, in the order it was spawned") {
  SpawnTree tree;
  CHECK(tree.empty());
  tree.add(spawn("p", "a"));
  tree.add(spawn("p", "b"));
  tree.add(spawn("a", "c"));
  CHECK_FALSE(tree.empty());
  CHECK(tree.describe() == "p -> a, b; a -> c");
  CHECK(tree.parent_of("c") == "a");
  CHECK(tree.parent_of("b") == "p");
  CHECK(tree.parent_of("p").empty());
  CHECK(tree.parent_of("nobody").empty());
}

TEST_CASE("only spawn events make the tree") {
  SpawnTree tree;
  for (EventKind kind : {EventKind::start, EventKind::await, EventKind::awaited, EventKind::end}) {
    TraceEvent event = spawn("p", "a");
    event.kind = kind;
    tree.add(event);
  }
  CHECK(tree.empty());
  CHECK(tree.describe().empty());
}

TEST_CASE("a task spawned twice in a hand-written trace keeps its first parent") {
  SpawnTree tree;
  tree.add(spawn("p", "a"));
  tree.add(spawn("q", "a"));
  CHECK(tree.parent_of("a") == "p");
  CHECK(tree.describe() == "p -> a");
}

TEST_CASE("a parent of many children names four of them and counts the rest") {
  SpawnTree five;
  for (const char* child : {"w1", "w2", "w3", "w4", "w5"}) five.add(spawn("p", child));
  CHECK(five.describe() == "p -> w1, w2, w3, w4, w5");
  SpawnTree hundred;
  for (int i = 1; i <= 100; ++i) {
    const std::string child = "w" + std::to_string(i);
    hundred.add(spawn("p", child));
  }
  CHECK(hundred.describe() == "p -> w1, w2, w3, w4 and 96 more");
}

TEST_CASE("tasks are shown with each child right after its parent, depth first") {
  SpawnTree tree;
  tree.add(spawn("p", "a"));
  tree.add(spawn("p", "b"));
  tree.add(spawn("a", "c"));
  // The order the tasks first appeared in the trace.
  const Names names{"p", "x", "b", "a", "c"};
  Places depth;
  const Places order = tree.shown_order(names, depth);
  // p, a, c, b, x: a before b since p spawned it first.
  CHECK(order == Places{0, 3, 4, 2, 1});
  CHECK(depth == Places{0, 1, 2, 1, 0});
}

TEST_CASE("a child whose parent is not shown stands as a root of its own") {
  SpawnTree tree;
  tree.add(spawn("p", "a"));
  tree.add(spawn("a", "c"));
  Places depth;
  CHECK(tree.shown_order({"c", "a"}, depth) == Places{1, 0});
  CHECK(depth == Places{0, 1});
}

TEST_CASE("a cycle of spawns in a hand-written trace still shows every task once") {
  SpawnTree tree;
  tree.add(spawn("a", "b"));
  tree.add(spawn("b", "a"));
  Places depth;
  CHECK(tree.shown_order({"a", "b"}, depth) == Places{0, 1});
  CHECK(depth == Places{0, 1});
}

TEST_CASE("a chain of a hundred thousand spawns is ordered without deep recursion") {
  SpawnTree tree;
  Names names;
  constexpr std::size_t kChain = 100'000;
  for (std::size_t i = 0; i < kChain; ++i) names.push_back("t" + std::to_string(i));
  for (std::size_t i = 0; i + 1 < kChain; ++i) tree.add(spawn(names[i], names[i + 1]));
  Places depth;
  const Places order = tree.shown_order(names, depth);
  REQUIRE(order.size() == kChain);
  CHECK(order.front() == 0);
  CHECK(order.back() == kChain - 1);
  CHECK(depth.back() == kChain - 1);
}

TEST_CASE("a cleared tree forgets every spawn") {
  SpawnTree tree;
  tree.add(spawn("p", "a"));
  tree.clear();
  CHECK(tree.empty());
  CHECK(tree.parent_of("a").empty());
  CHECK(tree.describe().empty());
  tree.add(spawn("q", "a"));
  CHECK(tree.parent_of("a") == "q");
}
