#include <doctest/doctest.h>

#include <set>
#include <string>

#include "asyncdemo/trace/event_schema.hpp"

using namespace asyncdemo;

TEST_CASE("every event kind has a name of its own, and event_named finds the kind by it") {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kEvents.size(); ++i) {
    const auto kind = static_cast<EventKind>(i);
    CAPTURE(i);
    CHECK(to_string(kind) == kEvents[i].name);
    CHECK(event_named(to_string(kind)) == kind);
    names.insert(kEvents[i].name);
  }
  CHECK(names.size() == kEvents.size());
  CHECK(to_string(EventKind::fetch_first_byte) == "fetch_first_byte");
  CHECK_FALSE(event_named("Sleep").has_value());
  CHECK_FALSE(event_named("").has_value());
}

TEST_CASE("every field has a name of its own, and field_named finds its position by it") {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    CAPTURE(kFields[i].name);
    CHECK(field_named(kFields[i].name) == i);
    CHECK(kFields[i].json_key() == ",\"" + std::string(kFields[i].name) + "\":");
    for (std::size_t j = 0; j < i; ++j) CHECK(kFields[j].name != kFields[i].name);
  }
  CHECK_FALSE(field_named("pid").has_value());
  CHECK_FALSE(field_named("Task").has_value());
}

TEST_CASE("each event lists a field at most once, after the head of t, mode and event") {
  CHECK(kHeadFields[0].spec().name == "t");
  CHECK(kHeadFields[1].spec().name == "mode");
  CHECK(kHeadFields[2].spec().name == "event");
  for (const EventSpec& spec : kEvents) {
    CAPTURE(spec.name);
    std::set<std::size_t> seen{kHeadFields[0].field, kHeadFields[1].field, kHeadFields[2].field};
    for (FieldUse use : spec.fields()) CHECK(seen.insert(use.field).second);
    // Run events carry no task; every other event names its task first.
    const bool run_event = spec.kind == EventKind::run_start || spec.kind == EventKind::run_end;
    CHECK((spec.fields().front().spec().name == "task") == !run_event);
  }
}

TEST_CASE("load and store read and write a field's member on the event or its run facts") {
  TraceEvent event;
  RunFacts run;
  event.run = &run;
  const Field& url = kFields[*field_named("url")];
  FieldValue value;
  value.kind = FieldKind::text;
  value.text = "http://127.0.0.1/";
  store(url, value, event, run);
  CHECK(event.text == "http://127.0.0.1/");  // url is the event's text
  CHECK(load(kFields[*field_named("text")], event).text == "http://127.0.0.1/");

  const Field& tasks = kFields[*field_named("tasks")];
  value = FieldValue{FieldKind::count, {}, {}, 7};
  store(tasks, value, event, run);
  CHECK(run.tasks == 7);
  CHECK(load(tasks, event).count == 7);

  const Field& stopped_by = kFields[*field_named("stopped_by")];
  CHECK_FALSE(load(stopped_by, event).is_set());  // none is no value
  run.stopped_by = StopReason::timeout;
  CHECK(load(stopped_by, event).text == "timeout");
  CHECK(load(stopped_by, event).is_set());
}

TEST_CASE("count_limit is the largest count the field's member holds") {
  CHECK(count_limit(kFields[*field_named("worker")]) == 4294967295u);
  CHECK(count_limit(kFields[*field_named("status")]) == 2147483647u);
  CHECK(count_limit(kFields[*field_named("bytes")]) == 18446744073709551615u);
}

TEST_CASE("enumerator_named reads the names of modes, clocks, reasons and events") {
  CHECK(enumerator_named(FieldKind::mode, "async") == static_cast<int>(Mode::async));
  CHECK(enumerator_named(FieldKind::clock, "virtual") == static_cast<int>(ClockKind::virtual_));
  CHECK(enumerator_named(FieldKind::reason, "failure") ==
        static_cast<int>(StopReason::task_failed));
  CHECK(enumerator_named(FieldKind::event, "wake") == static_cast<int>(EventKind::wake));
  CHECK_FALSE(enumerator_named(FieldKind::mode, "both").has_value());
  CHECK(names_of(FieldKind::mode) == "\"sync\" or \"async\"");
  CHECK(names_of(FieldKind::clock) == "\"real\" or \"virtual\"");
}

TEST_CASE("kTextMembers lists each string member a field views once") {
  // task, text (text, message, url, waiting_for, item), at (at, address), body, on, other
  // (child, target, from)
  CHECK(kTextMembers.size() == 6);
  CHECK(kTextMembers[0] == &TraceEvent::task);
  CHECK(kTextMembers[1] == &TraceEvent::text);
  CHECK(kTextMembers[2] == &TraceEvent::at);
  CHECK(kTextMembers[3] == &TraceEvent::body);
  CHECK(kTextMembers[4] == &TraceEvent::on);
  CHECK(kTextMembers[5] == &TraceEvent::other);
}

TEST_CASE("enumerator_named knows every reason the runtime names, a new one too") {
  for (StopReason reason : {StopReason::none, StopReason::interrupt, StopReason::broken_pipe,
                            StopReason::task_failed, StopReason::deadlock}) {
    CAPTURE(to_string(reason));
    CHECK(enumerator_named(FieldKind::reason, to_string(reason)) == static_cast<int>(reason));
  }
  CHECK(names_of(FieldKind::reason).ends_with(", \"failure\" or \"deadlock\""));
  CHECK_FALSE(enumerator_named(FieldKind::reason, "?").has_value());
}
