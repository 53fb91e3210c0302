#include "asyncdemo/steps/sleep_step.hpp"

namespace asyncdemo {

Result<std::unique_ptr<const Step>> SleepStep::parse(std::string_view argument) {
  Result<Duration> duration = parse_duration(argument);
  if (!duration) return duration.error();
  return std::unique_ptr<const Step>(std::make_unique<SleepStep>(*duration));
}

Task SleepStep::run(TaskContext& ctx) const {
  TraceEvent asleep = ctx.event(EventKind::sleep);
  asleep.seconds = duration_;
  ctx.record(asleep);
  const Duration deadline = asleep.t + duration_;
  co_await ctx.sleep_until(deadline);
  TraceEvent awake = ctx.event(EventKind::wake);
  awake.late = awake.t - deadline;
  ctx.record(awake);
}

}  // namespace asyncdemo
