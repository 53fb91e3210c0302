#pragma once

#include <string>

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// put:QUEUE=TEXT, `await queue.put(text)` on the --queue QUEUE=MAXSIZE queue: waits while the
// queue is full, then puts TEXT at its back.
class PutStep final : public Step {
 public:
  PutStep(std::string queue, std::string item) : queue_(std::move(queue)), item_(std::move(item)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument);

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "put:" + queue_ + "=" + item_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::queue, queue_});
  }

 private:
  std::string queue_;
  std::string item_;
};

}  // namespace asyncdemo
