#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/runtime/loop_observer.hpp"

using namespace asyncdemo;

namespace {

class Noting final : public LoopObserver {
 public:
  Noting(std::vector<std::string>& notes, std::string name)
      : notes_(notes), name_(std::move(name)) {}
  void watching(const LoopView* loop) override {
    notes_.push_back(name_ + (loop == nullptr ? " watches no loop" : " watches a loop"));
  }
  void parked(const Parked&, const LoopView&) override {}
  void idle(const LoopView&, std::optional<Duration>) override {}
  void resuming(const Parked&, const LoopView&) override {}
  void blocking(std::string_view task, std::string_view, Duration, Duration,
                const LoopView*) override {
    notes_.push_back(name_ + " blocking " + std::string(task));
  }
  void unblocked(std::string_view task, const LoopView*) override {
    notes_.push_back(name_ + " unblocked " + std::string(task));
  }

 private:
  std::vector<std::string>& notes_;
  std::string name_;
};

}  // namespace

TEST_CASE("several observers are told the same things, in the order they were added") {
  std::vector<std::string> notes;
  Noting narrator(notes, "narrator");
  Noting page(notes, "page");
  LoopObservers both;
  CHECK(both.empty());
  both.add(narrator);
  both.add(page);
  both.watching(nullptr);
  both.blocking("a", "a sleep", Duration{}, Duration{}, nullptr);
  both.unblocked("a", nullptr);
  CHECK(notes == std::vector<std::string>{"narrator watches no loop", "page watches no loop",
                                          "narrator blocking a", "page blocking a",
                                          "narrator unblocked a", "page unblocked a"});
}
