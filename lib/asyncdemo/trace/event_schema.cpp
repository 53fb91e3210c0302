#include "asyncdemo/trace/event_schema.hpp"

#include <array>
#include <limits>
#include <string>
#include <vector>

namespace asyncdemo {
namespace {

// Names to their position in a table, by an open-addressing hash built at compile time: the
// reader looks up every key of every line, and a trace has millions of lines.
template <std::size_t Names>
class NameIndex {
 public:
  static constexpr std::size_t kSlots = 128;
  static_assert(Names < kSlots / 2, "keep the table at most half full");

  consteval explicit NameIndex(const std::array<std::string_view, Names>& names) : names_(names) {
    slots_.fill(kEmpty);
    for (std::size_t i = 0; i < Names; ++i) {
      std::size_t slot = hash(names[i]);
      while (slots_[slot] != kEmpty) slot = (slot + 1) % kSlots;
      slots_[slot] = static_cast<std::uint8_t>(i);
    }
  }

  constexpr std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t slot = hash(name);; slot = (slot + 1) % kSlots) {
      const std::uint8_t at = slots_[slot];
      if (at == kEmpty) return std::nullopt;
      if (names_[at] == name) return at;
    }
  }

 private:
  static constexpr std::uint8_t kEmpty = 0xFF;
  // FNV-1a.
  static constexpr std::size_t hash(std::string_view name) {
    std::uint32_t h = 2166136261u;
    for (char c : name) h = (h ^ static_cast<std::uint8_t>(c)) * 16777619u;
    return h % kSlots;
  }

  std::array<std::string_view, Names> names_;
  std::array<std::uint8_t, kSlots> slots_{};
};

consteval auto field_names() {
  std::array<std::string_view, kFields.size()> names{};
  for (std::size_t i = 0; i < kFields.size(); ++i) names[i] = kFields[i].name;
  return names;
}
consteval auto event_names() {
  std::array<std::string_view, kEvents.size()> names{};
  for (std::size_t i = 0; i < kEvents.size(); ++i) names[i] = kEvents[i].name;
  return names;
}

constexpr NameIndex<kFields.size()> kFieldIndex{field_names()};
constexpr NameIndex<kEvents.size()> kEventIndex{event_names()};

constexpr std::array kModes{Mode::sync, Mode::async};
constexpr std::array kClocks{ClockKind::real, ClockKind::virtual_};

// Every StopReason, from none on. The runtime names each and answers "?" past the last, so a
// reason it adds reads back without a line here.
std::span<const StopReason> stop_reasons() {
  static const std::vector<StopReason> reasons = [] {
    std::vector<StopReason> all;
    for (int i = 0; i < 256 && to_string(static_cast<StopReason>(i)) != "?"; ++i) {
      all.push_back(static_cast<StopReason>(i));
    }
    return all;
  }();
  return reasons;
}

template <class Enum>
std::optional<int> named(std::string_view name, std::span<const Enum> values) {
  for (Enum value : values) {
    if (to_string(value) == name) return static_cast<int>(value);
  }
  return std::nullopt;
}

template <class Enum>
std::string names(std::span<const Enum> values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += '"';
    out += to_string(values[i]);
    out += '"';
  }
  return out;
}

}  // namespace

std::string_view to_string(EventKind kind) {
  const auto index = static_cast<std::size_t>(kind);
  return index < kEvents.size() ? kEvents[index].name : "?";
}

std::optional<EventKind> event_named(std::string_view name) {
  const std::optional<std::size_t> found = kEventIndex.find(name);
  if (!found) return std::nullopt;
  return kEvents[*found].kind;
}

std::optional<std::size_t> field_named(std::string_view name) {
  return kFieldIndex.find(name);
}

std::optional<int> enumerator_named(FieldKind kind, std::string_view name) {
  switch (kind) {
    case FieldKind::mode:
      return named<Mode>(name, kModes);
    case FieldKind::clock:
      return named<ClockKind>(name, kClocks);
    case FieldKind::reason:
      return named(name, stop_reasons());
    case FieldKind::event: {
      const std::optional<EventKind> event = event_named(name);
      if (!event) return std::nullopt;
      return static_cast<int>(*event);
    }
    case FieldKind::text:
    case FieldKind::seconds:
    case FieldKind::count:
      break;
  }
  return std::nullopt;
}

std::string names_of(FieldKind kind) {
  switch (kind) {
    case FieldKind::mode:
      return names<Mode>(kModes);
    case FieldKind::clock:
      return names<ClockKind>(kClocks);
    case FieldKind::reason:
      return names(stop_reasons());
    case FieldKind::event: {
      std::array<EventKind, kEvents.size()> kinds{};
      for (std::size_t i = 0; i < kEvents.size(); ++i) kinds[i] = kEvents[i].kind;
      return names<EventKind>(kinds);
    }
    case FieldKind::text:
      return "a string";
    case FieldKind::seconds:
      return "a number of seconds";
    case FieldKind::count:
      return "a whole number";
  }
  return "";
}

void store(const Field& field, const FieldValue& value, TraceEvent& event, RunFacts& run) {
  using Type = FieldMember::Type;
  const FieldMember& m = field.member;
  switch (m.type) {
    case Type::text:
      event.*m.text = value.text;
      break;
    case Type::seconds:
      event.*m.seconds = value.seconds;
      break;
    case Type::count_unsigned:
      event.*m.count_unsigned = static_cast<unsigned>(value.count);
      break;
    case Type::count_int:
      event.*m.count_int = static_cast<int>(value.count);
      break;
    case Type::count_u64:
      event.*m.count_u64 = value.count;
      break;
    case Type::mode:
      event.*m.mode = static_cast<Mode>(value.enumerator);
      break;
    case Type::event:
      event.*m.event = static_cast<EventKind>(value.enumerator);
      break;
    case Type::reason:
      event.*m.reason = static_cast<StopReason>(value.enumerator);
      break;
    case Type::run_seconds:
      run.*m.run_seconds = value.seconds;
      break;
    case Type::run_size:
      run.*m.run_size = static_cast<std::size_t>(value.count);
      break;
    case Type::run_u64:
      run.*m.run_u64 = value.count;
      break;
    case Type::run_clock:
      run.*m.run_clock = static_cast<ClockKind>(value.enumerator);
      break;
    case Type::run_reason:
      run.*m.run_reason = static_cast<StopReason>(value.enumerator);
      break;
    case Type::run_waits:
      run.*m.run_waits = waits_named(value.text);
      break;
  }
}

std::uint64_t count_limit(const Field& field) {
  using Type = FieldMember::Type;
  switch (field.member.type) {
    case Type::count_unsigned:
      return std::numeric_limits<unsigned>::max();
    case Type::count_int:
      return static_cast<std::uint64_t>(std::numeric_limits<int>::max());
    case Type::run_size:
      return std::numeric_limits<std::size_t>::max();
    default:
      return std::numeric_limits<std::uint64_t>::max();
  }
}

}  // namespace asyncdemo

namespace asyncdemo {

std::string_view to_string(const Waits& waits) {
  // Every combination, made once, so that the name outlives any event that carries it.
  static const std::array<std::string, 32> names = [] {
    std::array<std::string, 32> all;
    constexpr std::array<std::string_view, 5> kinds{"sleep", "block", "work", "fetch", "tasks"};
    for (std::size_t bits = 0; bits < all.size(); ++bits) {
      for (std::size_t i = 0; i < kinds.size(); ++i) {
        if ((bits & (std::size_t{1} << i)) == 0) continue;
        if (!all[bits].empty()) all[bits] += ',';
        all[bits] += kinds[i];
      }
    }
    return all;
  }();
  return names[(waits.sleep ? 1 : 0) + (waits.block ? 2 : 0) + (waits.work ? 4 : 0) +
               (waits.fetch ? 8 : 0) + (waits.tasks ? 16 : 0)];
}

}  // namespace asyncdemo
