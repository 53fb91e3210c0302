#include "asyncdemo/steps/fail_step.hpp"

#include "asyncdemo/core/task_failed.hpp"

namespace asyncdemo {

Result<std::unique_ptr<const Step>> FailStep::parse(std::string_view argument) {
  return std::unique_ptr<const Step>(std::make_unique<FailStep>(std::string(argument)));
}

Task FailStep::run(TaskContext&) const {
  throw TaskFailed{message_};
  co_return;
}

}  // namespace asyncdemo
