#include "asyncdemo/steps/sleep_step.hpp"

namespace asyncdemo {

Result<std::unique_ptr<const Step>> SleepStep::parse(std::string_view argument) {
  Result<Duration> duration = parse_duration(argument);
  if (!duration) return duration.error();
  return std::unique_ptr<const Step>(std::make_unique<SleepStep>(*duration));
}

Task SleepStep::run(TaskContext& ctx) const {
  co_await ctx.sleep_for(duration_);
}

}  // namespace asyncdemo
