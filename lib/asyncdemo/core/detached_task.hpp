#pragma once

#include <coroutine>

#include "asyncdemo/core/frame_pool.hpp"

namespace asyncdemo {

// A coroutine that nobody awaits: a task's root, started by its scheduler or queued on a loop,
// which frees its own frame the moment it ends. It keeps nothing besides its frame, not even a
// handle for its owner, since a million of them cost a million frames. An exception that
// escapes it is a bug: it goes on to whoever resumed the coroutine (and the frame is left).
class DetachedTask {
 public:
  struct promise_type {
    DetachedTask get_return_object() {
      return DetachedTask(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() { throw; }
    static void* operator new(std::size_t size) { return allocate_frame(size); }
    static void operator delete(void* frame, std::size_t size) noexcept { free_frame(frame, size); }
  };

  // The suspended coroutine, to start or to queue; valid until it ends.
  std::coroutine_handle<> handle() const { return handle_; }

 private:
  explicit DetachedTask(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  std::coroutine_handle<promise_type> handle_;
};

}  // namespace asyncdemo
