#include "asyncdemo/runtime/uv_loop.hpp"

#include <uv.h>

#include <string>

namespace asyncdemo {
namespace {

void check(int status, const char* what) {
  if (status < 0) throw LoopError(std::string("libuv ") + what + ": " + uv_strerror(status));
}

}  // namespace

struct UvLoop::Handles {
  uv_loop_t loop{};
  uv_timer_t timer{};          // armed for the earliest deadline in timers_
  uv_poll_t stop_watch{};      // readable once a stop is requested
  uv_prepare_t before_poll{};  // runs just before the loop blocks for I/O
};

UvLoop::UvLoop(RealClock& clock, const StopSignal& stop)
    : clock_(clock), timers_(std::chrono::milliseconds(1)), uv_(std::make_unique<Handles>()) {
  check(uv_loop_init(&uv_->loop), "loop init");
  uv_->loop.data = this;
  uv_timer_init(&uv_->loop, &uv_->timer);
  uv_->timer.data = this;
  uv_prepare_init(&uv_->loop, &uv_->before_poll);
  uv_->before_poll.data = this;
  check(uv_prepare_start(&uv_->before_poll,
                         [](uv_prepare_t* handle) {
                           auto* self = static_cast<UvLoop*>(handle->data);
                           ++self->iterations_;  // prepare handles run once per loop iteration
                           if (self->observer() != nullptr) {
                             self->observer()->idle(self->clock_.now(), self->timers_);
                           }
                           self->about_to_idle();
                         }),
        "prepare start");
  check(uv_poll_init(&uv_->loop, &uv_->stop_watch, stop.fd()), "poll init");
  uv_->stop_watch.data = this;
  check(uv_poll_start(&uv_->stop_watch, UV_READABLE,
                      [](uv_poll_t* handle, int, int) {
                        uv_poll_stop(handle);
                        static_cast<UvLoop*>(handle->data)->cancel_everything();
                      }),
        "poll start");
}

UvLoop::~UvLoop() {
  // Every handle must be closed, and its close callback run, before its memory goes away.
  uv_walk(
      &uv_->loop,
      [](uv_handle_t* handle, void*) {
        if (!uv_is_closing(handle)) uv_close(handle, nullptr);
      },
      nullptr);
  uv_run(&uv_->loop, UV_RUN_DEFAULT);
  uv_loop_close(&uv_->loop);
}

bool UvLoop::wait(Timer& timer) {
  timers_.push(timer);
  if (observer() != nullptr) observer()->suspended(timer, timers_);
  // Re-arm only when this timer became the earliest: one libuv timer serves them all.
  if (!dispatching_ && (!armed_ || timers_.next_due() < armed_for_)) arm_timer();
  return true;
}

void UvLoop::run_until(const std::function<bool()>& finished) {
  while (!finished()) {
    const int alive = uv_run(&uv_->loop, UV_RUN_ONCE);
    if (alive == 0 && !finished())
      throw LoopError("tasks wait but the loop has nothing to wake them");
  }
}

void UvLoop::resume_due() {
  dispatching_ = true;
  // One snapshot of the clock per batch: a coroutine that sleeps 0 while we dispatch goes to
  // the next loop iteration instead of starving I/O and the other timers.
  const Duration now = clock_.now();
  while (!timers_.empty() && timers_.next_due() <= now) {
    Timer& due = timers_.pop();
    if (observer() != nullptr) observer()->resuming(due, now, timers_);
    due.waiter.resume();
  }
  dispatching_ = false;
  arm_timer();
}

void UvLoop::arm_timer() {
  if (timers_.empty()) {
    uv_timer_stop(&uv_->timer);
    armed_ = false;
    return;
  }
  armed_for_ = timers_.next_due();
  armed_ = true;
  const Duration remaining = armed_for_ - clock_.now();
  // libuv counts whole milliseconds: round up so that the timer never fires before the tick
  // it stands for (if it still does, resume_due finds nothing due and re-arms).
  const std::uint64_t ms =
      remaining <= Duration::zero()
          ? 0
          : static_cast<std::uint64_t>((remaining.count() + 999'999) / 1'000'000);
  uv_update_time(&uv_->loop);
  uv_timer_start(
      &uv_->timer, [](uv_timer_t* handle) { static_cast<UvLoop*>(handle->data)->resume_due(); }, ms,
      0);
}

void UvLoop::cancel_everything() {
  dispatching_ = true;
  timers_.cancel_all();
  dispatching_ = false;
  arm_timer();
}

}  // namespace asyncdemo
