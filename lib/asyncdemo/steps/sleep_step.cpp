#include "asyncdemo/steps/sleep_step.hpp"

namespace asyncdemo {

Task SleepStep::run(TaskContext& ctx) const {
  co_await ctx.sleep_for(duration_);
}

}  // namespace asyncdemo
