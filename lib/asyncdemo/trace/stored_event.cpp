#include "asyncdemo/trace/stored_event.hpp"

namespace asyncdemo {

StoredEvent StoredEvent::copy(const TraceEvent& event) {
  StoredEvent stored;
  stored.event_ = event;
  std::size_t total = 0;
  for (auto member : kTextMembers) total += (event.*member).size();
  stored.strings_.reserve(total);
  for (std::size_t i = 0; i < kTextMembers.size(); ++i) {
    const std::string_view text = event.*kTextMembers[i];
    stored.strings_.append(text);
    stored.lengths_[i] = static_cast<std::uint32_t>(text.size());
    stored.event_.*kTextMembers[i] = {};
  }
  stored.event_.run = nullptr;
  if (event.run != nullptr) stored.run_ = std::make_shared<const RunFacts>(*event.run);
  return stored;
}

TraceEvent StoredEvent::view() const {
  TraceEvent event = event_;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < kTextMembers.size(); ++i) {
    event.*kTextMembers[i] = std::string_view(strings_).substr(offset, lengths_[i]);
    offset += lengths_[i];
  }
  event.run = run_.get();
  return event;
}

}  // namespace asyncdemo
