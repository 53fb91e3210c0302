#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace asyncdemo {

// A task's name, kept inside its coroutine frame. Names up to 15 bytes ("worker1000000" and the
// like) are stored in place, so a million numbered tasks cost no allocation for their names;
// longer ones go to the heap.
class TaskName {
 public:
  explicit TaskName(std::string_view name) {
    if (name.size() <= kInline) {
      std::memcpy(bytes_, name.data(), name.size());
      size_ = static_cast<std::uint8_t>(name.size());
    } else {
      char* heap = new char[name.size() + sizeof(std::size_t)];
      const std::size_t length = name.size();
      std::memcpy(heap, &length, sizeof length);
      std::memcpy(heap + sizeof length, name.data(), length);
      std::memcpy(bytes_, &heap, sizeof heap);
      size_ = kOnHeap;
    }
  }
  TaskName(TaskName&& other) noexcept {
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    size_ = other.size_;
    other.size_ = 0;
  }
  TaskName(const TaskName&) = delete;
  TaskName& operator=(const TaskName&) = delete;
  TaskName& operator=(TaskName&&) = delete;
  ~TaskName() {
    if (size_ == kOnHeap) delete[] heap();
  }

  std::string_view view() const {
    if (size_ != kOnHeap) return {bytes_, size_};
    std::size_t length = 0;
    std::memcpy(&length, heap(), sizeof length);
    return {heap() + sizeof length, length};
  }

 private:
  static constexpr std::size_t kInline = 15;
  static constexpr std::uint8_t kOnHeap = 0xFF;
  char* heap() const {
    char* pointer = nullptr;
    std::memcpy(&pointer, bytes_, sizeof pointer);
    return pointer;
  }

  char bytes_[kInline]{};
  std::uint8_t size_ = 0;
};

}  // namespace asyncdemo
