#pragma once

#include <coroutine>
#include <exception>
#include <utility>

#include "asyncdemo/core/frame_pool.hpp"

namespace asyncdemo {

// A lazy coroutine: it does not start until it is awaited (or started as a root by a scheduler),
// and an exception thrown inside it is rethrown at the co_await that waits for it, so errors
// travel the way a reader of the coroutine expects. When it finishes it resumes its awaiter
// directly (symmetric transfer), so long chains of awaits do not grow the stack.
class [[nodiscard]] Task {
 public:
  struct promise_type {
    std::coroutine_handle<> continuation = std::noop_coroutine();
    std::exception_ptr error;

    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    static void* operator new(std::size_t size) { return allocate_frame(size); }
    static void operator delete(void* frame, std::size_t size) noexcept { free_frame(frame, size); }

    struct FinalAwaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> self) noexcept {
        return self.promise().continuation;
      }
      void await_resume() const noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }

    void return_void() noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };

  Task() = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { destroy(); }

  // Awaiting a task starts it; the awaiter resumes when it finishes.
  auto operator co_await() && noexcept {
    struct Awaiter {
      std::coroutine_handle<promise_type> task;
      bool await_ready() const noexcept { return !task || task.done(); }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
        task.promise().continuation = awaiter;
        return task;
      }
      void await_resume() const {
        if (task && task.promise().error) std::rethrow_exception(task.promise().error);
      }
    };
    return Awaiter{handle_};
  }

  // For schedulers: run a root task until its first suspension.
  void start() { handle_.resume(); }

  // The parts of co_await, for an awaiter that awaits a task among other things: ready() is
  // await_ready, then start_for(awaiter) starts the task and returns the handle to transfer to,
  // and once the awaiter resumes rethrow_if_failed() gives the task's exception.
  bool ready() const noexcept { return !handle_ || handle_.done(); }
  // False for a Task that holds no coroutine (made by default).
  bool valid() const noexcept { return static_cast<bool>(handle_); }
  std::coroutine_handle<> start_for(std::coroutine_handle<> awaiter) noexcept {
    handle_.promise().continuation = awaiter;
    return handle_;
  }
  bool done() const { return !handle_ || handle_.done(); }
  // For schedulers, once done(): rethrows what escaped the root coroutine, if anything.
  void rethrow_if_failed() const {
    if (handle_ && handle_.promise().error) std::rethrow_exception(handle_.promise().error);
  }

 private:
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  void destroy() {
    if (handle_) handle_.destroy();
  }

  std::coroutine_handle<promise_type> handle_;
};

}  // namespace asyncdemo
