#pragma once

#include <string>

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// print:TEXT, print(): records the text as this task's output; never waits.
class PrintStep final : public Step {
 public:
  explicit PrintStep(std::string text) : text_(std::move(text)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument);

  Task run(TaskContext& ctx) const override;
  bool never_waits() const override { return true; }
  void run_at_once(TaskContext& ctx) const override;
  std::string spec() const override { return "print:" + text_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace asyncdemo
