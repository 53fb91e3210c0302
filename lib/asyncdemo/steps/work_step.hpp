#pragma once

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// work:DURATION, asyncio.to_thread(time.sleep, ...): the same blocking wait as block, run on a
// thread of the pool (libuv's uv_queue_work) while the coroutine awaits it, so the loop keeps
// running the other tasks. With more jobs than threads, jobs wait in the pool's queue. In sync
// mode it is a plain blocking call on the task's own thread.
class WorkStep final : public Step {
 public:
  explicit WorkStep(Duration duration) : duration_(duration) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_duration_step<WorkStep>(argument);
  }

  Task run(TaskContext& ctx) const override;
  Duration planned_wait() const override { return duration_; }
  std::string spec() const override { return "work:" + format_duration(duration_); }

 private:
  Duration duration_;
};

}  // namespace asyncdemo
