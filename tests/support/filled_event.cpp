#include "support/filled_event.hpp"

#include <chrono>

namespace asyncdemo::testing {

FilledEvent::FilledEvent(EventKind kind) {
  event_.kind = kind;
  event_.mode = Mode::async;
  event_.run = &run_;
  const EventSpec& spec = event_spec(kind);
  std::size_t n = 0;
  const auto fill = [&](FieldUse use) {
    const Field& field = use.spec();
    ++n;
    FieldValue value;
    value.kind = field.kind();
    switch (value.kind) {
      case FieldKind::text:
        texts_.push_back(std::string(field.name) + " \"q\"\\ caf\xC3\xA9\n");
        value.text = texts_.back();
        break;
      case FieldKind::seconds:
        value.seconds = std::chrono::microseconds(static_cast<std::int64_t>(n) * 1'000'001);
        break;
      case FieldKind::count:
        value.count = n + 1;
        break;
      case FieldKind::mode:
        value.enumerator = static_cast<int>(Mode::async);
        break;
      case FieldKind::event:
        value.enumerator = static_cast<int>(kind);
        break;
      case FieldKind::clock:
        value.enumerator = static_cast<int>(ClockKind::virtual_);
        break;
      case FieldKind::reason:
        value.enumerator = static_cast<int>(StopReason::timeout);
        break;
    }
    store(field, value, event_, run_);
  };
  for (FieldUse use : kHeadFields) fill(use);
  for (FieldUse use : spec.fields()) fill(use);
}

bool same_value(const Field& field, const TraceEvent& a, const TraceEvent& b) {
  const FieldValue x = load(field, a);
  const FieldValue y = load(field, b);
  return x.kind == y.kind && x.text == y.text && x.seconds == y.seconds && x.count == y.count &&
         x.enumerator == y.enumerator;
}

}  // namespace asyncdemo::testing
