#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// Many events kept compactly, for a trace read back from a file: each as its kind and mode and
// the values of the fields the schema gives its kind (trace/event_schema.hpp), nothing more: a
// sleep takes about 30 bytes, where a TraceEvent with its own strings (StoredEvent) takes 200.
// Members of TraceEvent outside the schema are not kept, which loses nothing of a trace read
// from JSON lines. Events are appended in blocks of a megabyte that never move, so a million
// events cost no copy as the store grows.
class EventStore {
 public:
  void append(const TraceEvent& event);
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The longest task name of any event, for the text format's column.
  std::size_t widest_task() const { return widest_task_; }

  // Calls visit(const TraceEvent&) for each event in order; the event and what it views live
  // for the call only (its run facts as long as the store).
  template <class Visit>
  void for_each(Visit visit) const {
    std::size_t run = 0;
    TraceEvent event;
    for (const Block& block : blocks_) {
      const std::uint8_t* at = block.bytes.get();
      const std::uint8_t* const end = at + block.size;
      while (at < end) {
        at = decode(at, event, run);
        visit(static_cast<const TraceEvent&>(event));
      }
    }
  }

 private:
  struct Block {
    std::unique_ptr<std::uint8_t[]> bytes;
    std::size_t size = 0;
    std::size_t capacity = 0;
  };
  static constexpr std::size_t kBlockSize = 1 << 20;
  // Reads the event at `at` into `event`, with its run facts (the `run`th) if it has some;
  // returns where the next one begins.
  const std::uint8_t* decode(const std::uint8_t* at, TraceEvent& event, std::size_t& run) const;
  std::uint8_t* room(std::size_t most);

  std::vector<Block> blocks_;
  std::vector<std::unique_ptr<RunFacts>> runs_;  // by run_start and run_end, in order
  std::size_t size_ = 0;
  std::size_t widest_task_ = 0;
};

}  // namespace asyncdemo
