#include "asyncdemo/steps/spawn_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"

namespace asyncdemo {

Task SpawnStep::run(TaskContext& ctx) const {
  ctx.coordination().tasks().spawn(ctx, task_);
  co_return;
}

}  // namespace asyncdemo
