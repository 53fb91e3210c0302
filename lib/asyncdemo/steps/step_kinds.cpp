#include "asyncdemo/steps/step_kinds.hpp"

#include <array>

#include "asyncdemo/steps/acquire_step.hpp"
#include "asyncdemo/steps/await_task_step.hpp"
#include "asyncdemo/steps/block_step.hpp"
#include "asyncdemo/steps/fail_step.hpp"
#include "asyncdemo/steps/fetch_step.hpp"
#include "asyncdemo/steps/get_step.hpp"
#include "asyncdemo/steps/print_step.hpp"
#include "asyncdemo/steps/put_step.hpp"
#include "asyncdemo/steps/release_step.hpp"
#include "asyncdemo/steps/set_step.hpp"
#include "asyncdemo/steps/sleep_step.hpp"
#include "asyncdemo/steps/spawn_step.hpp"
#include "asyncdemo/steps/wait_step.hpp"
#include "asyncdemo/steps/work_step.hpp"

namespace asyncdemo {
namespace {

// A new kind of step is a new file plus one line here.
const std::array kStepKinds{
    StepKind{"sleep", "DURATION", &SleepStep::parse},
    StepKind{"print", "TEXT", &PrintStep::parse},
    StepKind{"block", "DURATION", &BlockStep::parse},
    StepKind{"work", "DURATION", &WorkStep::parse},
    StepKind{"fail", "MESSAGE", &FailStep::parse},
    StepKind{"fetch", "URL", &FetchStep::parse},
    StepKind{"fetch-print", "URL", &FetchStep::parse_printing},
    StepKind{"await", "TASK", &AwaitTaskStep::parse},
    StepKind{"spawn", "TASK", &SpawnStep::parse},
    StepKind{"acquire", "LIMIT", &AcquireStep::parse},
    StepKind{"release", "LIMIT", &ReleaseStep::parse},
    StepKind{"put", "QUEUE=ITEM", &PutStep::parse},
    StepKind{"get", "QUEUE", &GetStep::parse},
    StepKind{"set", "EVENT", &SetStep::parse},
    StepKind{"wait", "EVENT", &WaitStep::parse},
};

}  // namespace

std::span<const StepKind> step_kinds() {
  return kStepKinds;
}

const StepKind* find_step_kind(std::string_view name) {
  for (const StepKind& kind : kStepKinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string step_forms() {
  std::string forms;
  for (std::size_t i = 0; i < kStepKinds.size(); ++i) {
    if (i > 0) forms += i + 1 == kStepKinds.size() ? " or " : ", ";
    forms += std::string(kStepKinds[i].name) + ":" + std::string(kStepKinds[i].argument);
  }
  return forms;
}

}  // namespace asyncdemo
