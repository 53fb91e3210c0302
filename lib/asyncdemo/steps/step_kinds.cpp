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
    StepKind{"sleep", "DURATION",
             "wait; in async mode the loop runs the other tasks meanwhile (await asyncio.sleep(d))",
             &SleepStep::parse},
    StepKind{"print", "TEXT", "record TEXT in the trace (print(text))", &PrintStep::parse},
    StepKind{"block", "DURATION",
             "hold the thread: in async mode the whole loop freezes (time.sleep(d) in a coroutine)",
             &BlockStep::parse},
    StepKind{"work", "DURATION",
             "wait on a thread of the pool while the loop runs on (await asyncio.to_thread(...))",
             &WorkStep::parse},
    StepKind{"fail", "MESSAGE",
             "fail the task with MESSAGE; --on-error decides about the others (raise RuntimeError)",
             &FailStep::parse},
    StepKind{"fetch", "URL",
             "an HTTP GET over a real socket, http:// only (await session.get(url))",
             &FetchStep::parse},
    StepKind{"fetch-print", "URL",
             "the same fetch, then print the whole body (print(await response.json()))",
             &FetchStep::parse_printing},
    StepKind{"await", "TASK",
             "wait until TASK has ended, failing or cancelled with it (await task)",
             &AwaitTaskStep::parse},
    StepKind{"spawn", "TASK", "start TASK now instead of with the others (asyncio.create_task)",
             &SpawnStep::parse},
    StepKind{"acquire", "LIMIT", "wait for a slot of the --limit LIMIT (await semaphore.acquire())",
             &AcquireStep::parse},
    StepKind{"release", "LIMIT", "give the slot back (semaphore.release())", &ReleaseStep::parse},
    StepKind{"put", "QUEUE=ITEM",
             "wait while the --queue QUEUE is full, then put ITEM in (await queue.put(item))",
             &PutStep::parse},
    StepKind{"get", "QUEUE",
             "wait while the --queue QUEUE is empty, then take an item (await queue.get())",
             &GetStep::parse},
    StepKind{"set", "EVENT", "set the --event EVENT: its waiters go on (event.set())",
             &SetStep::parse},
    StepKind{"wait", "EVENT", "wait until the --event EVENT is set (await event.wait())",
             &WaitStep::parse},
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
