#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/trace/stored_event.hpp"
#include "support/filled_event.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("StoredEvent::copy keeps every field of every kind of event after the original is gone") {
  for (const EventSpec& spec : kEvents) {
    CAPTURE(spec.name);
    std::vector<StoredEvent> stored;
    {
      const testing::FilledEvent event(spec.kind);
      stored.push_back(StoredEvent::copy(event.event()));
      const testing::FilledEvent again(spec.kind);
      for (FieldUse use : spec.fields()) {
        CHECK_MESSAGE(testing::same_value(use.spec(), again.event(), stored[0].view()),
                      use.spec().name);
      }
    }
    // Copies and moves (a vector growing) keep them too.
    for (int i = 0; i < 40; ++i) stored.push_back(stored.front());
    const testing::FilledEvent again(spec.kind);
    for (FieldUse use : spec.fields()) {
      CHECK(testing::same_value(use.spec(), again.event(), stored.back().view()));
    }
  }
}

TEST_CASE("StoredEvent keeps the members no field writes and the run's failures") {
  std::string task = "a task with a name too long for any short-string buffer";
  RunFacts run;
  run.failures.push_back({"b", "fail:boom", "boom"});
  TraceEvent event;
  event.kind = EventKind::run_end;
  event.task = task;
  event.status = 404;
  event.run = &run;
  const StoredEvent stored = StoredEvent::copy(event);
  task.assign(task.size(), 'x');
  run.failures.clear();
  const TraceEvent view = stored.view();
  CHECK(view.task == "a task with a name too long for any short-string buffer");
  CHECK(view.status == 404);
  REQUIRE(view.run != nullptr);
  REQUIRE(view.run->failures.size() == 1);
  CHECK(view.run->failures[0].message == "boom");
}

TEST_CASE("StoredEvent of an event without run facts has none") {
  TraceEvent event;
  event.kind = EventKind::sleep;
  event.seconds = 2s;
  const TraceEvent view = StoredEvent::copy(event).view();
  CHECK(view.run == nullptr);
  CHECK(view.seconds == 2s);
  CHECK(view.task.empty());
}
