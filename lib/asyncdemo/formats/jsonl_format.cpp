#include "asyncdemo/formats/jsonl_format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

// How the events of one kind, in one mode, are written: constant text, each part followed by
// one field whose value varies.
struct LinePlan {
  struct Part {
    // Copied whole, padded: a move of constant size compiles to a few instructions, where a
    // short copy of varying size is a call.
    std::array<char, 64> constant{};
    std::size_t constant_size = 0;
    const Field* field = nullptr;  // none for the last part, "}\n"
    // A field written only when set (Presence::when_set) writes its key itself.
    std::string_view own_key;
  };
  std::vector<Part> parts;
  // The most bytes a line takes, leaving out the text fields, whose room depends on the text.
  std::size_t most_without_text = 0;
};

// The most bytes a value that is not text takes: seconds, a count, a name.
constexpr std::size_t kNumberRoom = 32;
static_assert(kSecondsRoom <= kNumberRoom);

// Fields whose value the kind of event and the mode decide.
bool constant_for_kind(FieldKind kind) {
  return kind == FieldKind::mode || kind == FieldKind::event;
}

LinePlan::Part part(std::string_view constant, const Field* field, std::string_view own_key) {
  LinePlan::Part made;
  if (constant.size() > made.constant.size()) throw std::logic_error("a field key too long");
  std::copy(constant.begin(), constant.end(), made.constant.begin());
  made.constant_size = constant.size();
  made.field = field;
  made.own_key = own_key;
  return made;
}

LinePlan make_plan(Mode mode, EventKind kind) {
  TraceEvent sample;
  sample.mode = mode;
  sample.kind = kind;
  LinePlan plan;
  std::string pending = "{";
  bool first = true;
  const auto add = [&](FieldUse use) {
    const Field& field = use.spec();
    // The head fields come first, and are always there: the first goes without its comma.
    const std::string_view key = field.json_key().substr(first ? 1 : 0);
    first = false;
    if (constant_for_kind(field.kind())) {
      pending += key;
      pending += '"';
      pending += load(field, sample).text;  // names are plain identifiers: nothing to escape
      pending += '"';
    } else if (use.presence == Presence::when_set) {
      plan.parts.push_back(part(pending, &field, key));
      pending.clear();
    } else {
      pending += key;
      plan.parts.push_back(part(pending, &field, {}));
      pending.clear();
    }
  };
  for (FieldUse use : kHeadFields) add(use);
  for (FieldUse use : event_spec(kind).fields()) add(use);
  pending += "}\n";
  plan.parts.push_back(part(pending, nullptr, {}));
  for (const LinePlan::Part& part : plan.parts) {
    plan.most_without_text += part.constant.size() + part.own_key.size();
    if (part.field != nullptr && part.field->kind() != FieldKind::text) {
      plan.most_without_text += kNumberRoom;
    }
  }
  return plan;
}

const LinePlan& plan_for(Mode mode, EventKind kind) {
  using Plans = std::array<std::array<LinePlan, kEvents.size()>, 2>;
  static const Plans plans = [] {
    Plans made;
    for (Mode m : {Mode::sync, Mode::async}) {
      for (const EventSpec& spec : kEvents) {
        made[static_cast<std::size_t>(m)][static_cast<std::size_t>(spec.kind)] =
            make_plan(m, spec.kind);
      }
    }
    return made;
  }();
  return plans[static_cast<std::size_t>(mode)][static_cast<std::size_t>(kind)];
}

char* write_value(char* out, const FieldValue& value) {
  switch (value.kind) {
    case FieldKind::text:
      return write_json_string(out, value.text);
    case FieldKind::seconds:
      return write_seconds(out, value.seconds);
    case FieldKind::count:
      return std::to_chars(out, out + 24, value.count).ptr;
    case FieldKind::mode:
    case FieldKind::event:
    case FieldKind::clock:
    case FieldKind::reason:
      // Names are plain identifiers: nothing to escape.
      *out++ = '"';
      std::memcpy(out, value.text.data(), value.text.size());
      out += value.text.size();
      *out++ = '"';
      return out;
  }
  return out;
}

// Writes the line of `event`, with its newline, at room(n), a buffer of at least n bytes;
// returns the end.
template <class Room>
char* write_event(const TraceEvent& event, Room room) {
  const LinePlan& plan = plan_for(event.mode, event.kind);
  std::size_t most = plan.most_without_text;
  for (const LinePlan::Part& part : plan.parts) {
    if (part.field != nullptr && part.field->kind() == FieldKind::text) {
      most += json_string_room(load(*part.field, event).text);
    }
  }
  char* out = room(most);
  for (const LinePlan::Part& part : plan.parts) {
    std::memcpy(out, part.constant.data(), part.constant.size());
    out += part.constant_size;
    if (part.field == nullptr) break;
    const FieldValue value = load(*part.field, event);
    if (!part.own_key.empty()) {
      if (!value.is_set()) continue;
      std::memcpy(out, part.own_key.data(), part.own_key.size());
      out += part.own_key.size();
    }
    out = write_value(out, value);
  }
  return out;
}

}  // namespace

std::string JsonLinesFormat::line(const TraceEvent& event) {
  std::string out;
  const char* end = write_event(event, [&out](std::size_t most) {
    out.resize(most);
    return out.data();
  });
  out.resize(static_cast<std::size_t>(end - out.data()) - 1);  // without the newline
  return out;
}

void JsonLinesFormat::write(const TraceEvent& event) {
  out_.end_line(write_event(event, [this](std::size_t most) { return out_.begin_line(most); }));
}

}  // namespace asyncdemo
