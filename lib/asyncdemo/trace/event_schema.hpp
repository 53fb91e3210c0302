#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "asyncdemo/trace/event.hpp"

// The trace's schema, in one place: every field once (its name in JSON lines and CSV, and the
// member of TraceEvent or RunFacts it reads and writes), and every event kind once (its name and
// its fields in the order they are written). The JSON-lines writer and reader, CSV and the stored
// copy of an event all follow these tables, so that a new field is one line in kFields plus the
// member it fills, and a new event is one enumerator plus one line in kEvents.
//
// The names are the JSON-lines contract (README, "The JSON-lines trace"): add, never rename.
namespace asyncdemo {

// How a field is written: free text (a JSON string, escaped), seconds (a number with six
// decimals), a whole count, or one of a few names (a JSON string).
enum class FieldKind : std::uint8_t { text, seconds, count, mode, event, clock, reason };

// Where a field's value lives: a member of TraceEvent, or of the RunFacts that run_start and
// run_end point to. The member's type decides the field's kind.
struct FieldMember {
  // The members of RunFacts come last.
  enum class Type : std::uint8_t {
    text,
    seconds,
    count_unsigned,
    count_int,
    count_u64,
    mode,
    event,
    reason,
    run_seconds,
    run_size,
    run_u64,
    run_clock,
    run_reason,
    run_waits
  };

  template <class T>
  consteval FieldMember(T TraceEvent::*member) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      type = Type::text, text = member;
    } else if constexpr (std::is_same_v<T, Duration>) {
      type = Type::seconds, seconds = member;
    } else if constexpr (std::is_same_v<T, unsigned>) {
      type = Type::count_unsigned, count_unsigned = member;
    } else if constexpr (std::is_same_v<T, int>) {
      type = Type::count_int, count_int = member;
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      type = Type::count_u64, count_u64 = member;
    } else if constexpr (std::is_same_v<T, Mode>) {
      type = Type::mode, mode = member;
    } else if constexpr (std::is_same_v<T, EventKind>) {
      type = Type::event, event = member;
    } else if constexpr (std::is_same_v<T, StopReason>) {
      type = Type::reason, reason = member;
    } else {
      static_assert(sizeof(T) == 0, "a TraceEvent member of a type the schema cannot write");
    }
  }
  template <class T>
  consteval FieldMember(T RunFacts::*member) {
    if constexpr (std::is_same_v<T, Duration>) {
      type = Type::run_seconds, run_seconds = member;
    } else if constexpr (std::is_same_v<T, std::size_t>) {
      type = Type::run_size, run_size = member;
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      type = Type::run_u64, run_u64 = member;
    } else if constexpr (std::is_same_v<T, ClockKind>) {
      type = Type::run_clock, run_clock = member;
    } else if constexpr (std::is_same_v<T, StopReason>) {
      type = Type::run_reason, run_reason = member;
    } else if constexpr (std::is_same_v<T, Waits>) {
      type = Type::run_waits, run_waits = member;
    } else {
      static_assert(sizeof(T) == 0, "a RunFacts member of a type the schema cannot write");
    }
  }

  constexpr bool on_run() const { return type >= Type::run_seconds; }
  constexpr FieldKind kind() const {
    switch (type) {
      case Type::text:
      case Type::run_waits:  // the step kinds, "sleep,work"
        return FieldKind::text;
      case Type::seconds:
      case Type::run_seconds:
        return FieldKind::seconds;
      case Type::count_unsigned:
      case Type::count_int:
      case Type::count_u64:
      case Type::run_size:
      case Type::run_u64:
        return FieldKind::count;
      case Type::mode:
        return FieldKind::mode;
      case Type::event:
        return FieldKind::event;
      case Type::reason:
      case Type::run_reason:
        return FieldKind::reason;
      case Type::run_clock:
        return FieldKind::clock;
    }
    return FieldKind::text;
  }

  Type type;
  union {
    std::string_view TraceEvent::*text;
    Duration TraceEvent::*seconds;
    unsigned TraceEvent::*count_unsigned;
    int TraceEvent::*count_int;
    std::uint64_t TraceEvent::*count_u64;
    Mode TraceEvent::*mode;
    EventKind TraceEvent::*event;
    StopReason TraceEvent::*reason;
    Duration RunFacts::*run_seconds;
    std::size_t RunFacts::*run_size;
    std::uint64_t RunFacts::*run_u64;
    ClockKind RunFacts::*run_clock;
    StopReason RunFacts::*run_reason;
    Waits RunFacts::*run_waits;
  };
};

// One field of the trace: its name, and the member it reads and writes.
struct Field {
  consteval Field(std::string_view field_name, FieldMember field_member)
      : name(field_name), member(field_member) {
    // Names go into JSON and CSV unescaped, and the writer keeps `,"name":` in key_.
    if (name.empty() || name.size() + 4 > key_.size()) throw "a field name of 1 to 20 characters";
    for (char c : name) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        throw "a field name of lower-case letters, digits and '_'";
      }
    }
    key_[0] = ',';
    key_[1] = '"';
    for (std::size_t i = 0; i < name.size(); ++i) key_[2 + i] = name[i];
    key_[2 + name.size()] = '"';
    key_[3 + name.size()] = ':';
    key_size_ = name.size() + 4;
  }

  using Key = std::array<char, 24>;

  constexpr FieldKind kind() const { return member.kind(); }
  // `,"name":`, ready to append after the previous field.
  constexpr std::string_view json_key() const { return {key_.data(), key_size_}; }
  // The same in a buffer of fixed size, padded with zeros: a copy of constant size compiles to
  // a few moves, where a short copy of varying size can become a slow `rep movs`.
  constexpr const Key& padded_json_key() const { return key_; }

  std::string_view name;
  FieldMember member;

 private:
  Key key_{};
  std::size_t key_size_ = 0;
};

// Every field, once. This order is CSV's column order, which users' spreadsheets rely on:
// append new fields at the end, never reorder. Several fields may share a member: "message" and
// "url" are the event's text, "address" its `at`, as each event's list below says.
inline constexpr std::array kFields{
    Field{"t", &TraceEvent::t},
    Field{"mode", &TraceEvent::mode},
    Field{"event", &TraceEvent::kind},
    Field{"task", &TraceEvent::task},
    Field{"text", &TraceEvent::text},
    Field{"at", &TraceEvent::at},
    Field{"seconds", &TraceEvent::seconds},
    Field{"late", &TraceEvent::late},
    Field{"clock", &RunFacts::clock},
    Field{"tasks", &RunFacts::tasks},
    Field{"theory", &RunFacts::theory},
    Field{"elapsed", &RunFacts::elapsed},
    Field{"finished", &RunFacts::finished},
    Field{"cancelled", &RunFacts::cancelled},
    Field{"events", &RunFacts::events},
    Field{"late_p50", &RunFacts::late_p50},
    Field{"late_p99", &RunFacts::late_p99},
    Field{"late_max", &RunFacts::late_max},
    Field{"peak_asleep", &RunFacts::peak_asleep},
    Field{"loop_iterations", &RunFacts::loop_iterations},
    // The pitfalls' fields.
    Field{"reason", &TraceEvent::reason},
    Field{"held", &TraceEvent::held},
    Field{"waited", &TraceEvent::waited},
    Field{"worker", &TraceEvent::worker},
    Field{"message", &TraceEvent::text},
    Field{"failed", &RunFacts::failed},
    Field{"stopped_by", &RunFacts::stopped_by},
    Field{"blocked_total", &RunFacts::blocked_total},
    Field{"blocked_max", &RunFacts::blocked_max},
    Field{"queue_wait_max", &RunFacts::queue_wait_max},
    // The fetch events' fields.
    Field{"url", &TraceEvent::text},
    Field{"address", &TraceEvent::at},
    Field{"status", &TraceEvent::status},
    Field{"bytes", &TraceEvent::bytes},
    // A task stopped by a deadlock: what it waited for.
    Field{"waiting_for", &TraceEvent::text},
    // What the tasks wait on and the pool size theory counted; what a fetch received.
    Field{"waits", &RunFacts::waits},
    Field{"threads", &RunFacts::threads},
    Field{"body", &TraceEvent::body},
    // The coordination steps' fields.
    Field{"on", &TraceEvent::on},
    Field{"child", &TraceEvent::other},
    Field{"target", &TraceEvent::other},
    Field{"item", &TraceEvent::text},
    Field{"from", &TraceEvent::other},
    Field{"holders", &TraceEvent::count},
    Field{"size", &TraceEvent::count},
    Field{"woken", &TraceEvent::count},
};

// The position of the field named `name` in kFields; for the tables below, where a misspelt
// name fails to compile.
consteval std::size_t field_index(std::string_view name) {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (kFields[i].name == name) return i;
  }
  throw "no field of that name in kFields";
}

// When an event writes a field, and whether a reader may find it missing.
enum class Presence : std::uint8_t {
  always,    // on every such event; a line without it is an error
  when_set,  // only when it has a value (text not empty, count not 0, a reason); may be missing
  later,     // on every such event, but added after the first version: a missing one reads as 0
};

// One field as one kind of event carries it.
struct FieldUse {
  constexpr FieldUse() = default;
  consteval FieldUse(const char* name, Presence when = Presence::always)
      : field(static_cast<std::uint8_t>(field_index(name))), presence(when) {}

  const Field& spec() const { return kFields[field]; }

  std::uint8_t field = 0;  // its position in kFields
  Presence presence = Presence::always;
};

consteval FieldUse when_set(const char* name) {
  return FieldUse{name, Presence::when_set};
}
consteval FieldUse later(const char* name) {
  return FieldUse{name, Presence::later};
}

// One kind of event: its name and the fields it carries after the head (kHeadFields), in the
// order they are written.
struct EventSpec {
  static constexpr std::size_t kMaxFields = 20;

  consteval EventSpec(EventKind event_kind, std::string_view event_name,
                      std::initializer_list<FieldUse> event_fields)
      : kind(event_kind), name(event_name) {
    if (event_fields.size() > kMaxFields) throw "more fields than EventSpec::kMaxFields";
    for (FieldUse use : event_fields) uses_[count_++] = use;
  }

  constexpr std::span<const FieldUse> fields() const { return {uses_.data(), count_}; }

  EventKind kind;
  std::string_view name;

 private:
  std::array<FieldUse, kMaxFields> uses_{};
  std::uint8_t count_ = 0;
};

// What every event begins with: when, in which mode, which event.
inline constexpr std::array<FieldUse, 3> kHeadFields{FieldUse{"t"}, FieldUse{"mode"},
                                                     FieldUse{"event"}};

// Every kind of event, once, in the order of EventKind.
inline constexpr std::array kEvents{
    EventSpec{EventKind::run_start,
              "run_start",
              {"clock", "tasks", "theory", when_set("waits"), when_set("threads")}},
    EventSpec{EventKind::start, "start", {"task"}},
    EventSpec{EventKind::print, "print", {"task", "text"}},
    EventSpec{EventKind::sleep, "sleep", {"task", "seconds"}},
    EventSpec{EventKind::wake, "wake", {"task", "late"}},
    EventSpec{EventKind::end, "end", {"task"}},
    EventSpec{EventKind::cancel,
              "cancel",
              {"task", when_set("at"), when_set("reason"), when_set("waiting_for")}},
    EventSpec{
        EventKind::run_end,
        "run_end",
        {"elapsed", "clock", "tasks", "finished", "cancelled", "theory", later("events"),
         later("late_p50"), later("late_p99"), later("late_max"), later("peak_asleep"),
         later("loop_iterations"), later("failed"), when_set("stopped_by"), later("blocked_total"),
         later("blocked_max"), later("queue_wait_max"), when_set("waits"), when_set("threads")}},
    EventSpec{EventKind::block, "block", {"task", "seconds"}},
    EventSpec{EventKind::unblock, "unblock", {"task", "held"}},
    EventSpec{EventKind::work_queue, "work_queue", {"task", "seconds"}},
    EventSpec{EventKind::work_start, "work_start", {"task", "waited", when_set("worker")}},
    EventSpec{EventKind::work_end, "work_end", {"task", "late", when_set("worker")}},
    EventSpec{EventKind::fail, "fail", {"task", "at", "message"}},
    EventSpec{
        EventKind::fetch_resolved, "fetch_resolved", {"task", "url", "address", later("seconds")}},
    EventSpec{EventKind::fetch_connected, "fetch_connected", {"task", "url", "address"}},
    EventSpec{EventKind::fetch_sent, "fetch_sent", {"task", "url", "bytes"}},
    EventSpec{EventKind::fetch_first_byte, "fetch_first_byte", {"task", "url", "seconds"}},
    EventSpec{EventKind::fetch_done,
              "fetch_done",
              {"task", "url", "status", "bytes", "seconds", when_set("body")}},
    EventSpec{EventKind::spawn, "spawn", {"task", "child"}},
    EventSpec{EventKind::await, "await", {"task", "target"}},
    EventSpec{EventKind::awaited, "awaited", {"task", "target", "waited"}},
    EventSpec{EventKind::acquire, "acquire", {"task", "on"}},
    EventSpec{
        EventKind::acquired, "acquired", {"task", "on", "waited", "holders", when_set("from")}},
    EventSpec{EventKind::release, "release", {"task", "on", "holders", when_set("at")}},
    EventSpec{EventKind::put, "put", {"task", "on", "item"}},
    EventSpec{EventKind::queued, "queued", {"task", "on", "item", "waited", "size"}},
    EventSpec{EventKind::get, "get", {"task", "on"}},
    EventSpec{EventKind::got, "got", {"task", "on", "item", "from", "waited", "size"}},
    EventSpec{EventKind::wait, "wait", {"task", "on"}},
    EventSpec{EventKind::woken, "woken", {"task", "on", "waited", when_set("from")}},
    EventSpec{EventKind::set, "set", {"task", "on", "woken"}},
};

consteval bool events_in_enum_order() {
  for (std::size_t i = 0; i < kEvents.size(); ++i) {
    if (kEvents[i].kind != static_cast<EventKind>(i)) return false;
  }
  return true;
}
static_assert(events_in_enum_order(), "kEvents lists the kinds in the order of EventKind");
static_assert(kEvents.size() <= 64, "an EventMask has one bit for each kind of event");

constexpr const EventSpec& event_spec(EventKind kind) {
  return kEvents[static_cast<std::size_t>(kind)];
}

// The event named `name` in the trace, if there is one.
std::optional<EventKind> event_named(std::string_view name);
// The position in kFields of the field named `name`, if there is one.
std::optional<std::size_t> field_named(std::string_view name);
// The value of the mode, event, clock or reason named `name`, as its enum's integer.
std::optional<int> enumerator_named(FieldKind kind, std::string_view name);
// The names a field of that kind may have, for messages: "\"sync\" or \"async\"".
std::string names_of(FieldKind kind);

// A field's value as the formats write it and the reader hands it back.
struct FieldValue {
  FieldKind kind = FieldKind::text;
  std::string_view text;  // text; and the name of a mode, event, clock or reason ("" for none)
  Duration seconds{};
  std::uint64_t count = 0;
  int enumerator = 0;  // mode, event, clock, reason: the enum's value

  constexpr bool is_set() const {
    switch (kind) {
      case FieldKind::seconds:
        return seconds != Duration::zero();
      case FieldKind::count:
        return count != 0;
      default:
        return !text.empty();
    }
  }
};

// The value of `field` on `event`; fields of RunFacts need event.run.
inline FieldValue load(const Field& field, const TraceEvent& event) {
  using Type = FieldMember::Type;
  const FieldMember& m = field.member;
  FieldValue value;
  value.kind = m.kind();
  switch (m.type) {
    case Type::text:
      value.text = event.*m.text;
      break;
    case Type::seconds:
      value.seconds = event.*m.seconds;
      break;
    case Type::count_unsigned:
      value.count = event.*m.count_unsigned;
      break;
    case Type::count_int:
      value.count = static_cast<std::uint64_t>(event.*m.count_int);
      break;
    case Type::count_u64:
      value.count = event.*m.count_u64;
      break;
    case Type::mode:
      value.enumerator = static_cast<int>(event.*m.mode);
      value.text = to_string(event.*m.mode);
      break;
    case Type::event:
      value.enumerator = static_cast<int>(event.*m.event);
      value.text = event_spec(event.*m.event).name;
      break;
    case Type::reason:
      value.enumerator = static_cast<int>(event.*m.reason);
      if (event.*m.reason != StopReason::none) value.text = to_string(event.*m.reason);
      break;
    case Type::run_seconds:
      value.seconds = event.run->*m.run_seconds;
      break;
    case Type::run_size:
      value.count = event.run->*m.run_size;
      break;
    case Type::run_u64:
      value.count = event.run->*m.run_u64;
      break;
    case Type::run_clock:
      value.enumerator = static_cast<int>(event.run->*m.run_clock);
      value.text = to_string(event.run->*m.run_clock);
      break;
    case Type::run_reason:
      value.enumerator = static_cast<int>(event.run->*m.run_reason);
      if (event.run->*m.run_reason != StopReason::none) {
        value.text = to_string(event.run->*m.run_reason);
      }
      break;
    case Type::run_waits:
      value.text = to_string(event.run->*m.run_waits);
      break;
  }
  return value;
}

// Sets `field` to `value` on `event`, or on `run` for fields of RunFacts. Text is viewed, not
// copied. A count is cut to the member's type: check it against count_limit first.
void store(const Field& field, const FieldValue& value, TraceEvent& event, RunFacts& run);
// The largest count the member of a count field holds.
std::uint64_t count_limit(const Field& field);

// The string members of TraceEvent that fields view, each once: what a stored copy must own.
consteval std::size_t count_text_members() {
  std::size_t count = 0;
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (kFields[i].member.type != FieldMember::Type::text) continue;
    bool first = true;
    for (std::size_t j = 0; j < i; ++j) {
      if (kFields[j].member.type == FieldMember::Type::text &&
          kFields[j].member.text == kFields[i].member.text) {
        first = false;
      }
    }
    count += first ? 1 : 0;
  }
  return count;
}
consteval auto text_members() {
  std::array<std::string_view TraceEvent::*, count_text_members()> members{};
  std::size_t count = 0;
  for (const Field& field : kFields) {
    if (field.member.type != FieldMember::Type::text) continue;
    bool seen = false;
    for (std::size_t j = 0; j < count; ++j) seen = seen || members[j] == field.member.text;
    if (!seen) members[count++] = field.member.text;
  }
  return members;
}
inline constexpr auto kTextMembers = text_members();

}  // namespace asyncdemo
