#include "asyncdemo/core/frame_pool.hpp"

#include <array>
#include <memory>
#include <new>
#include <vector>

namespace asyncdemo {
namespace {

constexpr std::size_t kGrain = 16;            // frame sizes are rounded up to this
constexpr std::size_t kLargestPooled = 1024;  // larger frames go straight to operator new
constexpr std::size_t kBlockSize = 1 << 20;
#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer every frame is allocated on its own: a pooled frame stays addressable
// after it is freed, and the sanitizer could not catch a coroutine frame used after its task
// was cancelled and destroyed (the thread-pool cancel paths depend on this).
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif

struct FreeFrame {
  FreeFrame* next;
};

class FramePool {
 public:
  void* allocate(std::size_t size) {
    const std::size_t slot = slot_of(size);
    if (FreeFrame* frame = free_[slot]) {
      free_[slot] = frame->next;
      return frame;
    }
    const std::size_t bytes = (slot + 1) * kGrain;
    if (block_left_ < bytes) {
      // Not zeroed: a frame is built over whatever is there, and a block's pages then cost
      // nothing until a frame first touches them.
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(kBlockSize));
      block_next_ = blocks_.back().get();
      block_left_ = kBlockSize;
    }
    void* frame = block_next_;
    block_next_ += bytes;
    block_left_ -= bytes;
    return frame;
  }

  void free(void* frame, std::size_t size) noexcept {
    const std::size_t slot = slot_of(size);
    free_[slot] = new (frame) FreeFrame{free_[slot]};
  }

 private:
  static std::size_t slot_of(std::size_t size) { return (size + kGrain - 1) / kGrain - 1; }

  std::array<FreeFrame*, kLargestPooled / kGrain> free_{};
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* block_next_ = nullptr;
  std::size_t block_left_ = 0;
};

FramePool& pool() {
  thread_local FramePool instance;
  return instance;
}

}  // namespace

void* allocate_frame(std::size_t size) {
  if (!kPooling || size > kLargestPooled) return ::operator new(size);
  return pool().allocate(size);
}

void free_frame(void* frame, std::size_t size) noexcept {
  if (!kPooling || size > kLargestPooled) {
    ::operator delete(frame, size);
    return;
  }
  pool().free(frame, size);
}

}  // namespace asyncdemo
