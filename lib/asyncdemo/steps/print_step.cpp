#include "asyncdemo/steps/print_step.hpp"

namespace asyncdemo {

Result<std::unique_ptr<const Step>> PrintStep::parse(std::string_view argument) {
  return std::unique_ptr<const Step>(std::make_unique<PrintStep>(std::string(argument)));
}

Task PrintStep::run(TaskContext& ctx) const {
  run_at_once(ctx);
  co_return;
}

void PrintStep::run_at_once(TaskContext& ctx) const {
  TraceEvent printed = ctx.event(EventKind::print);
  printed.text = text_;
  ctx.record(printed);
}

}  // namespace asyncdemo
