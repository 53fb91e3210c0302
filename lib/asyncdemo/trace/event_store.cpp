#include "asyncdemo/trace/event_store.hpp"

#include <algorithm>
#include <cstring>

#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

// The fields an event of `kind` carries after its kind and mode: the head's others, then its
// own. Calls each(FieldUse).
template <class Each>
void for_each_field(EventKind kind, Each each) {
  for (FieldUse use : kHeadFields) {
    const FieldKind field_kind = use.spec().kind();
    if (field_kind != FieldKind::mode && field_kind != FieldKind::event) each(use);
  }
  for (FieldUse use : event_spec(kind).fields()) each(use);
}

bool has_run_facts(EventKind kind) {
  for (FieldUse use : event_spec(kind).fields()) {
    if (use.spec().member.on_run()) return true;
  }
  return false;
}

template <class T>
std::uint8_t* put(std::uint8_t* at, T value) {
  std::memcpy(at, &value, sizeof value);
  return at + sizeof value;
}
template <class T>
T get(const std::uint8_t*& at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  at += sizeof value;
  return value;
}

}  // namespace

std::uint8_t* EventStore::room(std::size_t most) {
  if (blocks_.empty() || blocks_.back().size + most > blocks_.back().capacity) {
    Block block;
    block.capacity = std::max(kBlockSize, most);
    block.bytes = std::make_unique_for_overwrite<std::uint8_t[]>(block.capacity);
    blocks_.push_back(std::move(block));
  }
  return blocks_.back().bytes.get() + blocks_.back().size;
}

void EventStore::append(const TraceEvent& event) {
  std::size_t most = 2;
  for_each_field(event.kind, [&](FieldUse use) {
    const Field& field = use.spec();
    most += field.kind() == FieldKind::text ? 4 + load(field, event).text.size() : 8;
  });
  std::uint8_t* const begin = room(most);
  std::uint8_t* at = begin;
  *at++ = static_cast<std::uint8_t>(event.kind);
  *at++ = static_cast<std::uint8_t>(event.mode);
  for_each_field(event.kind, [&](FieldUse use) {
    const Field& field = use.spec();
    if (field.member.on_run()) return;  // kept whole in runs_
    const FieldValue value = load(field, event);
    switch (value.kind) {
      case FieldKind::text:
        at = put(at, static_cast<std::uint32_t>(value.text.size()));
        // An empty text may have no data at all, which memcpy must not be handed.
        if (!value.text.empty()) std::memcpy(at, value.text.data(), value.text.size());
        at += value.text.size();
        break;
      case FieldKind::seconds:
        at = put(at, value.seconds.count());
        break;
      case FieldKind::count:
        at = put(at, value.count);
        break;
      case FieldKind::mode:
      case FieldKind::event:
      case FieldKind::clock:
      case FieldKind::reason:
        *at++ = static_cast<std::uint8_t>(value.enumerator);
        break;
    }
  });
  blocks_.back().size += static_cast<std::size_t>(at - begin);
  if (has_run_facts(event.kind)) {
    runs_.push_back(std::make_unique<RunFacts>(event.run != nullptr ? *event.run : RunFacts{}));
  }
  widest_task_ = std::max(widest_task_, event.task.size());
  ++size_;
}

const std::uint8_t* EventStore::decode(const std::uint8_t* at, TraceEvent& event,
                                       std::size_t& run) const {
  event = TraceEvent{};
  event.kind = static_cast<EventKind>(*at++);
  event.mode = static_cast<Mode>(*at++);
  RunFacts* facts = has_run_facts(event.kind) ? runs_[run++].get() : nullptr;
  RunFacts unused;  // run facts are kept whole, not field by field
  for_each_field(event.kind, [&](FieldUse use) {
    const Field& field = use.spec();
    if (field.member.on_run()) return;
    FieldValue value;
    value.kind = field.kind();
    switch (value.kind) {
      case FieldKind::text: {
        const auto length = get<std::uint32_t>(at);
        value.text = std::string_view(reinterpret_cast<const char*>(at), length);
        at += length;
        break;
      }
      case FieldKind::seconds:
        value.seconds = Duration(get<Duration::rep>(at));
        break;
      case FieldKind::count:
        value.count = get<std::uint64_t>(at);
        break;
      case FieldKind::mode:
      case FieldKind::event:
      case FieldKind::clock:
      case FieldKind::reason:
        value.enumerator = *at++;
        break;
    }
    store(field, value, event, unused);
  });
  event.run = facts;
  return at;
}

}  // namespace asyncdemo
